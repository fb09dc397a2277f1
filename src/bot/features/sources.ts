/**
 * The buttons under an answer: show the whole passage of a source quoted shortened under it (and of
 * any source, for answers sent before passages were quoted under them); record 👍/👎.
 */
import { Composer, type Context } from "grammy";
import { citationLabel } from "../../answer/citations.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml, splitMessage } from "../html.ts";
import { CALLBACK } from "../reply.ts";

// Answers are kept for 30 days (the last 5,000), across restarts unless DATA_DIR is not writable.
const EXPIRED = "这个回答已过期，请重新提问。";

export function sourcesFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const answerOf = (ctx: Context, id: string) => (ctx.chat ? deps.answers.get(ctx.chat.id, id) : undefined);

  composer.callbackQuery(new RegExp(`^${CALLBACK.source}:([\\w-]+):(\\d+)$`), async (ctx) => {
    const [, id, n] = ctx.match;
    const citation = answerOf(ctx, id!)?.citations.find((c) => c.n === Number(n));
    if (!citation) return ctx.answerCallbackQuery({ text: EXPIRED, show_alert: true });
    await ctx.answerCallbackQuery();
    const html = `<b>[${citation.n}] ${escapeHtml(citationLabel(citation))}</b>\n<blockquote>${escapeHtml(citation.quote)}</blockquote>\n<code>${escapeHtml(citation.source)}</code>`;
    for (const part of splitMessage(html)) await ctx.reply(part, { parse_mode: "HTML" });
  });

  composer.callbackQuery(new RegExp(`^${CALLBACK.feedback}:([\\w-]+):([ud])$`), async (ctx) => {
    const [, id, vote] = ctx.match;
    const answer = answerOf(ctx, id!);
    if (!answer) return ctx.answerCallbackQuery({ text: EXPIRED });
    await deps.app.feedback.add({
      at: new Date(deps.now()).toISOString(),
      chatId: ctx.chat!.id,
      userId: ctx.from.id,
      vote: vote === "u" ? "up" : "down",
      question: answer.question,
      found: answer.found,
      answer: answer.answer,
      citations: answer.citations.map(({ quote: _quote, ...rest }) => rest),
    });
    await ctx.answerCallbackQuery({ text: vote === "u" ? "感谢反馈！" : "感谢反馈，我们会核查这个回答。" });
  });
  return composer;
}
