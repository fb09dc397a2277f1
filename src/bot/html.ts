/** Telegram HTML: escaping every dynamic string, rendering answers, splitting long messages. */
import { citationLabel } from "../answer/citations.ts";
import type { Answer } from "../answer/types.ts";
import { splitSentences } from "../text/sentences.ts";

/** Telegram's limit on one message's text. */
export const MESSAGE_LIMIT = 4096;

/** Escapes text for parse_mode HTML (the three characters Telegram requires). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The plain text of an HTML message (console mode prints this). */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** An answer as HTML: the text with bold [n] markers and the asked figures, dates or names in bold, then the numbered source list. */
export function answerHtml(answer: Answer, note?: string): string {
  let body = escapeHtml(answer.answer);
  for (const h of answer.highlights ?? []) {
    const escaped = escapeHtml(h);
    // Every occurrence not already inside a tag; a highlight never spans a line.
    body = body.replace(
      new RegExp(`(?<![\\d.])${escaped.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\d.])`, "g"),
      `<b>${escaped}</b>`,
    );
  }
  body = body.replace(/\[(\d+)\]/g, "<b>[$1]</b>");
  const sources = answer.citations.length
    ? `\n\n<b>来源</b>\n${answer.citations.map((c) => `[${c.n}] ${escapeHtml(citationLabel(c))}`).join("\n")}`
    : "";
  return `${note ? `<i>${escapeHtml(note)}</i>\n` : ""}${body}${sources}`;
}

/**
 * Splits HTML made of escaped text, newlines and simple inline tags into messages of at most
 * `limit` characters, at line ends or else sentence ends; a tag is never cut (tags here never span
 * a line). A single sentence longer than the limit is cut at the limit as a last resort.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const pieces: string[] = [];
  for (const line of html.split(/(?<=\n)/)) {
    if (line.length <= limit) pieces.push(line);
    else
      for (const s of splitSentences(line))
        for (let i = 0; i < s.length; i += limit) pieces.push(s.slice(i, i + limit));
  }
  const out: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current.length + piece.length > limit) {
      out.push(current);
      current = "";
    }
    current += piece;
  }
  if (current) out.push(current);
  return out.map((m) => m.replace(/\n+$/, "")).filter((m) => m.trim() !== "");
}

/** Byte length of callback data (Telegram allows 1-64 bytes). */
export function callbackBytes(data: string): number {
  return Buffer.byteLength(data, "utf8");
}
