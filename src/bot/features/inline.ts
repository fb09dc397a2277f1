/**
 * Inline mode: "@bot 第34条" or "@bot <问题>" typed in any chat offers one result, the cited answer,
 * which the user can insert into that chat. Needs BotFather's /setinline. The allowlist and the rate
 * limit apply before this (access.ts, rate-limit.ts answer refused queries with no results).
 */
import { createHash } from "node:crypto";
import { Composer, type Context } from "grammy";
import type { InlineQueryResultArticle, InlineQueryResultsButton } from "grammy/types";
import { citationLabel } from "../../answer/citations.ts";
import type { Answer } from "../../answer/types.ts";
import { cut } from "../../text/cut.ts";
import type { BotDeps } from "../deps.ts";
import { answerHtml, escapeHtml, MESSAGE_LIMIT, splitMessage } from "../html.ts";

/** Seconds Telegram may reuse a result for the same user and query: short, so a reindex shows soon. */
const INLINE_CACHE_SECONDS = 30;
/** Shorter queries are still being typed: they get a hint, not a search. */
const MIN_INLINE_QUERY_CHARS = 2;
/** Telegram's result list shows about this much of a title and a description. */
const TITLE_CHARS = 60;
const DESCRIPTION_CHARS = 120;

/** Above the results: opens a private chat with the bot (/start inline). */
const PRIVATE_CHAT_BUTTON: InlineQueryResultsButton = {
  text: "输入问题或条文号，或点此私聊提问",
  start_parameter: "inline",
};

/** The length Telegram counts for an HTML text: without tags, an entity as one character. */
function plainLength(html: string): number {
  return html.replace(/<[^>]+>/g, "").replace(/&(?:lt|gt|amp|quot|#\d+|#x[\da-fA-F]+);/g, "&").length;
}

/**
 * One message holding the question and its cited answer within Telegram's limit: the answer as in a
 * chat when it fits; else the answer with a bare source list (labels, no quoted passages), its
 * text shortened (with "…") when needed, so the source list always stays complete.
 */
export function inlineAnswerHtml(answer: Answer, limit = MESSAGE_LIMIT): string {
  const question = `❓ ${escapeHtml(answer.question.trim())}\n\n`;
  const fits = (html: string) => plainLength(html) <= limit;
  const full = question + answerHtml(answer);
  if (fits(full)) return full;
  const sources = answer.citations.length
    ? `\n\n<b>来源</b>\n${answer.citations.map((c) => `[${c.n}] ${escapeHtml(citationLabel(c))}`).join("\n")}`
    : "";
  const render = (text: string) => question + answerHtml({ ...answer, answer: text, citations: [] }) + sources;
  let text = answer.answer;
  let html = render(text);
  while (!fits(html) && text.length > 0) {
    text = text.slice(0, Math.floor(text.length * 0.8));
    // A cut marker ("[1") would read as a typo: drop it.
    html = render(`${text.replace(/\[\d*$/, "").trimEnd()}…`);
  }
  return fits(html) ? html : splitMessage(html, limit)[0]!;
}

/** A result inserting `html`; ids only need to be unique within one answer, and at most 64 bytes. */
function article(id: string, title: string, description: string, html: string): InlineQueryResultArticle {
  return {
    type: "article",
    id,
    title: cut(title.trim(), TITLE_CHARS),
    description: cut(description.trim(), DESCRIPTION_CHARS),
    input_message_content: { message_text: html, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
  };
}

/** The result for an answer: its first line (where it comes from, or why there is none) as the title, the rest below. */
function answerResult(query: string, answer: Answer): InlineQueryResultArticle {
  const lines = answer.answer
    .replace(/\[\d+\]/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const id = `a-${createHash("sha256").update(query).digest("hex").slice(0, 32)}`;
  // A refusal's first line says why ("没有找到…", "目前只支持中文提问…"), like an answer's says from where.
  const [first = "没有找到答案", ...rest] = lines;
  return article(id, first, rest.join(" ") || first, inlineAnswerHtml(answer));
}

/** The result for a query too short to search: how to ask. */
function hintResult(bot: string): InlineQueryResultArticle {
  const html = `在输入框中输入 @${escapeHtml(bot)} 加问题或条文号，例如“@${escapeHtml(bot)} 信访事项多久要办结？”或“@${escapeHtml(bot)} 第34条”，即可插入带出处的回答。`;
  return article("hint", "请继续输入问题", "例如：信访事项多久要办结？ 或 第34条", html);
}

export function inlineFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const options = { cache_time: INLINE_CACHE_SECONDS, is_personal: true };
    if (query === "") return ctx.answerInlineQuery([], { ...options, button: PRIVATE_CHAT_BUTTON });
    if ([...query].length < MIN_INLINE_QUERY_CHARS)
      return ctx.answerInlineQuery([hintResult(ctx.me.username)], { ...options, button: PRIVATE_CHAT_BUTTON });
    // One question on its own: an inline query has no chat, so no conversation context. Telegram
    // sends one at every keystroke: quoted from the documents, never written by a chat model.
    const answer = await deps.app.askExtractive(query);
    deps.log.info(
      { userId: ctx.from.id, found: answer.found, citations: answer.citations.length },
      "answered (inline)",
    );
    await ctx.answerInlineQuery([answerResult(query, answer)], options);
  });
  return composer;
}
