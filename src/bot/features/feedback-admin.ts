/**
 * /feedback for admins (refused to others in admin-only.ts): the latest 👎 with their question, answer
 * excerpt and sources, and the questions the documents could not answer, most frequent first;
 * `/feedback export` sends every vote and unanswered question as a JSONL file.
 */
import { Composer, InputFile, type Context } from "grammy";
import { citationLabel } from "../../answer/citations.ts";
import type { FeedbackOverview, FeedbackRecord } from "../../app/feedback.ts";
import { cut } from "../../text/cut.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml, splitMessage } from "../html.ts";

/** How much of a question and of an answer the overview shows (the export has them whole). */
const QUESTION_CHARS = 100;
const ANSWER_CHARS = 80;
/** China Standard Time (no daylight saving): the time admins read. */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** "11-22 16:00" in Beijing time. */
function beijingTime(iso: string): string {
  const t = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}

function downVoteHtml(v: FeedbackRecord, i: number): string {
  const lines = [`${i + 1}. ${beijingTime(v.at)}　${escapeHtml(cut(v.question, QUESTION_CHARS))}`];
  if (v.answer) lines.push(`　回答：${escapeHtml(cut(v.answer.replace(/\s+/g, " "), ANSWER_CHARS))}`);
  if (v.citations.length > 0) {
    const labels = v.citations.map((c) => `[${c.n}] ${citationLabel({ ...c, quote: "" })}`);
    lines.push(`　出处：${escapeHtml(labels.join("；"))}`);
  } else lines.push(`　出处：无${v.found ? "" : "（未找到答案）"}`);
  return lines.join("\n");
}

/** The /feedback message (HTML, every stored string escaped). */
function feedbackHtml(o: FeedbackOverview): string {
  const parts = [`<b>用户反馈</b>　👍 ${o.up}　👎 ${o.down}`];
  parts.push(
    o.recentDown.length > 0
      ? `<b>最近的 👎</b>（北京时间）\n${o.recentDown.map(downVoteHtml).join("\n")}`
      : "<b>最近的 👎</b>\n暂无。",
  );
  parts.push(
    o.unanswered.length > 0
      ? `<b>未能回答的问题</b>（按次数，共 ${o.unansweredDistinct} 个不同问题）\n${o.unanswered
          .map(
            (u, i) =>
              `${i + 1}. ${escapeHtml(cut(u.question, QUESTION_CHARS))}　×${u.count}（最近 ${beijingTime(u.lastAt)}）`,
          )
          .join("\n")}`
      : "<b>未能回答的问题</b>\n暂无。",
  );
  parts.push("发送 /feedback export 导出全部记录（JSONL 文件）。");
  return parts.join("\n\n");
}

export function feedbackAdminFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { feedback } = deps.app;

  composer.command("feedback", async (ctx) => {
    const arg = ctx.match.trim().toLowerCase();
    if (arg === "") {
      for (const part of splitMessage(feedbackHtml(await feedback.overview())))
        await ctx.reply(part, { parse_mode: "HTML" });
      return;
    }
    if (arg !== "export" && arg !== "导出")
      return ctx.reply("用法：/feedback 查看反馈，/feedback export 导出全部记录。");
    const file = await feedback.export(new Date(deps.now()));
    // Telegram refuses an empty file.
    if (file.bytes.length === 0) return ctx.reply("还没有任何反馈或未能回答的问题。");
    await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), {
      caption: `反馈 ${file.votes} 条，未能回答的问题 ${file.unanswered} 条（JSONL，UTF-8，每行一条记录）。`,
    });
  });
  return composer;
}
