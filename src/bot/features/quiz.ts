/**
 * Quiz mode for trainers: /quiz sends Telegram quiz polls, poll answers are scored per user per chat
 * in the quiz store, a finished round gets a summary with the sources to re-read, /score shows the
 * leaderboard and the asker's accuracy by topic, and admins can /quizreset a chat.
 */
import { randomBytes } from "node:crypto";
import { Composer, type Context } from "grammy";
import { citationLabel } from "../../answer/citations.ts";
import { generateQuiz } from "../../quiz/generate.ts";
import { modelQuestions } from "../../quiz/model-questions.ts";
import type { QuizQuestion } from "../../quiz/types.ts";
import type { BotDeps } from "../deps.ts";
import { isAdmin } from "../deps.ts";
import { escapeHtml } from "../html.ts";

/** Most polls one /quiz sends. */
export const MAX_ROUND = 20;

/** "/quiz", "/quiz 10", "/quiz 条例", "/quiz 惠安 5" -> count and topic. */
export function parseQuizArgs(args: string): { count: number; topic?: string } | { error: string } {
  let count = 1;
  let topic: string | undefined;
  for (const token of args.trim().split(/\s+/).filter(Boolean)) {
    if (/^\d+$/.test(token)) count = Number(token);
    else if (topic === undefined) topic = token;
    else return { error: "只能指定一个主题，例如 /quiz 条例、/quiz 报告 或 /quiz 惠安。" };
  }
  if (count < 1 || count > MAX_ROUND) return { error: `每轮题数应在1到${MAX_ROUND}之间。` };
  return { count, ...(topic ? { topic } : {}) };
}

/**
 * LLM mode: up to a third of a round is replaced by questions the model proposes about the cited
 * passages of the generated ones; proposals failing the checks are dropped (and the generated
 * questions kept). Any model failure leaves the round as generated.
 */
async function withModelQuestions(deps: BotDeps, questions: QuizQuestion[]): Promise<QuizQuestion[]> {
  const model = deps.qa.current.llm?.model;
  const want = Math.floor(questions.length / 3);
  if (!model || want === 0) return questions;
  const { index } = deps.qa.current;
  const passages = questions.slice(0, want).flatMap((q) => {
    const chunk = index.chunks.find(
      (c) => c.text === q.citation.quote && index.docById.get(c.docId)?.source === q.citation.source,
    );
    return chunk ? [{ chunk, doc: index.docById.get(chunk.docId)! }] : [];
  });
  try {
    const proposed = await modelQuestions(model, passages, want, deps.quiz.modelTimeoutMs);
    return [...proposed, ...questions.slice(proposed.length)];
  } catch (error) {
    deps.log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "model quiz questions failed; generated ones used",
    );
    return questions;
  }
}

export function quizFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const store = deps.quiz.store;

  composer.command("quiz", async (ctx) => {
    const args = parseQuizArgs(ctx.match);
    if ("error" in args) return ctx.reply(args.error);
    let questions;
    try {
      questions = generateQuiz(deps.qa.current.index, {
        count: args.count,
        seed: randomBytes(6).toString("hex"),
        ...(args.topic ? { topic: args.topic } : {}),
      });
    } catch (error) {
      return ctx.reply(
        `${error instanceof Error ? error.message : String(error)}。可用主题：条例、报告，或某个信访局的名称（如 惠安、阎良）。`,
      );
    }
    if (questions.length === 0) return ctx.reply("这个主题暂时出不了题。请换一个主题，例如 /quiz 条例。");
    questions = await withModelQuestions(deps, questions);
    const roundId = randomBytes(6).toString("hex");
    for (const q of questions) {
      const sent = await ctx.replyWithPoll(
        q.question,
        q.options.map((text) => ({ text })),
        {
          type: "quiz",
          is_anonymous: false,
          correct_option_ids: q.correctOptionIds,
          explanation: q.explanation,
        },
      );
      await store.addPoll({
        pollId: sent.poll.id,
        chatId: ctx.chat.id,
        roundId,
        question: q,
        source: citationLabel(q.citation),
        now: new Date(deps.now()),
      });
    }
    const more = questions.length < args.count ? `（该主题只有${questions.length}道题）` : "";
    await ctx.reply(
      `本轮共 ${questions.length} 题${more}。答完后我会告诉您成绩和需要复习的出处；发送 /score 查看排行榜。`,
    );
  });

  composer.on("poll_answer", async (ctx) => {
    const answer = ctx.pollAnswer;
    const user = answer.user;
    if (!user) return;
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ") || String(user.id);
    const result = await store.addAnswer({
      pollId: answer.poll_id,
      userId: user.id,
      name,
      optionIds: answer.option_ids,
      now: new Date(deps.now()),
    });
    const chatId = store.chatOf(answer.poll_id);
    if (!result?.round || chatId === undefined) return;
    const { correct, total, toReread } = result.round;
    const reread = toReread.length
      ? `\n建议复习：\n${toReread.map((s) => `• ${escapeHtml(s)}`).join("\n")}`
      : "\n全部答对，很好！";
    await ctx.api.sendMessage(chatId, `<b>${escapeHtml(name)}</b> 本轮答对 ${correct}/${total} 题。${reread}`, {
      parse_mode: "HTML",
    });
  });

  composer.command("score", async (ctx) => {
    const board = store.leaderboard(ctx.chat.id);
    if (board.length === 0) return ctx.reply("本群还没有人答题。发送 /quiz 开始测验。");
    const lines = board.map(
      (r, i) =>
        `${i + 1}. ${escapeHtml(r.name)}　${r.correct}/${r.answered}（${Math.round((100 * r.correct) / r.answered)}%）`,
    );
    const mine = ctx.from ? store.byTopic(ctx.chat.id, ctx.from.id) : [];
    const own = mine.length
      ? `\n\n<b>您的正确率</b>\n${mine.map((t) => `${t.topic}：${t.correct}/${t.answered}（${Math.round((100 * t.correct) / t.answered)}%）`).join("\n")}`
      : "";
    await ctx.reply(`<b>排行榜</b>\n${lines.join("\n")}${own}`, { parse_mode: "HTML" });
  });

  composer.command("quizreset", async (ctx) => {
    if (!isAdmin(deps, ctx.from?.id))
      return ctx.reply(`该命令仅限管理员（培训负责人）使用。您的用户ID是 ${ctx.from?.id ?? "未知"}。`);
    const n = await store.reset(ctx.chat.id);
    await ctx.reply(`已清空本群的答题记录（${n} 条）。`);
  });
  return composer;
}
