/**
 * Quiz mode for trainers: /quiz sends Telegram quiz polls, poll answers are scored per user per chat
 * in the quiz store, a finished round gets a summary with the sources to re-read, /score shows the
 * leaderboard and the asker's accuracy by topic, and admins can /quizreset a chat.
 */
import { randomBytes } from "node:crypto";
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
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

export function quizFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { quiz } = deps.app;

  composer.command("quiz", async (ctx) => {
    const args = parseQuizArgs(ctx.match);
    if ("error" in args) return ctx.reply(args.error);
    const questions = await quiz.round({
      count: args.count,
      seed: randomBytes(6).toString("hex"),
      ...(args.topic ? { topic: args.topic } : {}),
    });
    if (questions.length === 0) return ctx.reply("这个主题暂时出不了题。请换一个主题，例如 /quiz 条例。");
    const roundId = randomBytes(6).toString("hex");
    for (const q of questions) {
      const sent = await ctx.replyWithPoll(
        q.question,
        q.options.map((text) => ({ text })),
        { type: "quiz", is_anonymous: false, correct_option_ids: q.correctOptionIds, explanation: q.explanation },
      );
      await quiz.recordPoll({ pollId: sent.poll.id, chatId: ctx.chat.id, roundId, question: q });
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
    const result = await quiz.answer({ pollId: answer.poll_id, userId: user.id, name, optionIds: answer.option_ids });
    if (!result?.round) return;
    const { correct, total, toReread } = result.round;
    const reread = toReread.length
      ? `\n建议复习：\n${toReread.map((s) => `• ${escapeHtml(s)}`).join("\n")}`
      : "\n全部答对，很好！";
    await ctx.api.sendMessage(result.chatId, `<b>${escapeHtml(name)}</b> 本轮答对 ${correct}/${total} 题。${reread}`, {
      parse_mode: "HTML",
    });
  });

  composer.command("score", async (ctx) => {
    const board = await quiz.leaderboard(ctx.chat.id);
    if (board.length === 0) return ctx.reply("本群还没有人答题。发送 /quiz 开始测验。");
    const percent = (correct: number, answered: number) => Math.round((100 * correct) / answered);
    const lines = board.map(
      (r, i) => `${i + 1}. ${escapeHtml(r.name)}　${r.correct}/${r.answered}（${percent(r.correct, r.answered)}%）`,
    );
    const mine = ctx.from ? await quiz.byTopic(ctx.chat.id, ctx.from.id) : [];
    const own = mine.length
      ? `\n\n<b>您的正确率</b>\n${mine.map((t) => `${t.topic}：${t.correct}/${t.answered}（${percent(t.correct, t.answered)}%）`).join("\n")}`
      : "";
    await ctx.reply(`<b>排行榜</b>\n${lines.join("\n")}${own}`, { parse_mode: "HTML" });
  });

  composer.command("quizreset", async (ctx) => {
    const n = await quiz.reset(ctx.chat.id);
    await ctx.reply(`已清空本群的答题记录（${n} 条）。`);
  });
  return composer;
}
