/**
 * Quiz mode for trainers: /quiz sends Telegram quiz polls, poll answers are scored per user per chat
 * in the quiz store, a finished round gets a summary with the sources to re-read, /score shows the
 * leaderboard and the asker's accuracy by topic, and admins can /quizreset a chat. A timed round
 * (/quiz 10 60s) sends one poll at a time with Telegram's open_period; when Telegram reports a poll
 * closed, the next is sent, and after the last the round's standings are posted.
 */
import { randomBytes } from "node:crypto";
import { Composer, type Api, type Context } from "grammy";
import type { TimedRoundSummary } from "../../quiz/store.ts";
import { parseTimeLimit } from "../../quiz/time-limit.ts";
import { POLL_LIMITS, type QuizQuestion } from "../../quiz/types.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml } from "../html.ts";

/** Most polls one /quiz sends. */
const MAX_ROUND = 20;
/** Most people and sources listed in a timed round's standings. */
const MAX_STANDINGS = 30;
const MAX_REREAD = 5;

/** What /quiz was asked for: how many questions, on what, and each one's time limit in seconds. */
interface QuizArgs {
  count: number;
  topic?: string;
  openPeriod?: number;
}

/** "/quiz", "/quiz 10", "/quiz 条例", "/quiz 惠安 5", "/quiz 10 60s", "/quiz 条例 1分钟" -> count, topic, time limit. */
function parseQuizArgs(args: string): QuizArgs | { error: string } {
  let count = 1;
  let topic: string | undefined;
  let openPeriod: number | undefined;
  const [minPeriod, maxPeriod] = POLL_LIMITS.openPeriod;
  for (const token of args.trim().split(/\s+/).filter(Boolean)) {
    const seconds = parseTimeLimit(token);
    if (/^\d+$/.test(token)) count = Number(token);
    else if (seconds !== undefined) {
      if (openPeriod !== undefined) return { error: "只能指定一个限时，例如 /quiz 10 60s。" };
      openPeriod = seconds;
    } else if (topic === undefined) topic = token;
    else return { error: "只能指定一个主题，例如 /quiz 条例、/quiz 报告 或 /quiz 惠安。" };
  }
  if (count < 1 || count > MAX_ROUND) return { error: `每轮题数应在1到${MAX_ROUND}之间。` };
  if (openPeriod !== undefined && (openPeriod < minPeriod || openPeriod > maxPeriod))
    return {
      error: `每题限时应在${minPeriod}秒到${maxPeriod}秒（${maxPeriod / 60}分钟）之间，例如 /quiz 10 60s 或 /quiz 10 1分钟。`,
    };
  return { count, ...(topic ? { topic } : {}), ...(openPeriod !== undefined ? { openPeriod } : {}) };
}

/** The standings posted when a timed round's last poll has closed. */
function standingsHtml(summary: TimedRoundSummary): string {
  const head = `<b>本轮测验结束</b>（共 ${summary.total} 题，未作答按答错计）`;
  if (summary.results.length === 0) return `${head}\n本轮没有人作答。`;
  const shown = summary.results.slice(0, MAX_STANDINGS);
  const more = summary.results.length > shown.length ? `\n……共 ${summary.results.length} 人作答` : "";
  const rows = shown.map((r, i) => `${i + 1}. ${escapeHtml(r.name)}　${r.correct}/${summary.total}`).join("\n");
  const reread = summary.toReread.length
    ? `\n建议复习：\n${summary.toReread
        .slice(0, MAX_REREAD)
        .map((s) => `• ${escapeHtml(s)}`)
        .join("\n")}`
    : "\n全部答对，很好！";
  return `${head}\n${rows}${more}${reread}`;
}

export function quizFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { quiz } = deps.app;

  /** Sends one question as a quiz poll and records exactly what was sent (options in the sent order). */
  const sendQuestion = async (
    api: Api,
    chatId: number,
    roundId: string,
    question: QuizQuestion,
    openPeriod?: number,
  ) => {
    const sent = await api.sendPoll(
      chatId,
      question.question,
      question.options.map((text) => ({ text })),
      {
        type: "quiz",
        is_anonymous: false,
        correct_option_ids: question.correctOptionIds,
        explanation: question.explanation,
        ...(openPeriod !== undefined ? { open_period: openPeriod } : {}),
      },
    );
    await quiz.recordPoll({
      pollId: sent.poll.id,
      chatId,
      roundId,
      question,
      ...(openPeriod !== undefined ? { openPeriod } : {}),
    });
  };

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
    const more = questions.length < args.count ? `（该主题只有${questions.length}道题）` : "";
    const { openPeriod } = args;
    if (openPeriod !== undefined) {
      // One poll at a time: the next goes out when Telegram reports this one closed.
      const [first, ...rest] = questions;
      await quiz.queue({ roundId, chatId: ctx.chat.id, openPeriod, questions: rest });
      await ctx.reply(
        `本轮共 ${questions.length} 题${more}，每题限时 ${openPeriod} 秒，一题结束后自动发出下一题；全部结束后公布成绩。`,
      );
      return sendQuestion(ctx.api, ctx.chat.id, roundId, first!, openPeriod);
    }
    for (const q of questions) await sendQuestion(ctx.api, ctx.chat.id, roundId, q);
    await ctx.reply(
      `本轮共 ${questions.length} 题${more}。答完后我会告诉您成绩和需要复习的出处；发送 /score 查看排行榜。`,
    );
  });

  // Telegram reports state changes of the bot's own polls; only a closed one moves a timed round on.
  composer.on("poll", async (ctx) => {
    if (!ctx.poll.is_closed) return;
    const closed = await quiz.pollClosed(ctx.poll.id);
    if (closed?.next) {
      await sendQuestion(ctx.api, closed.chatId, closed.roundId, closed.next.question, closed.next.openPeriod);
    } else if (closed?.summary) {
      await ctx.api.sendMessage(closed.chatId, standingsHtml(closed.summary), { parse_mode: "HTML" });
    }
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
