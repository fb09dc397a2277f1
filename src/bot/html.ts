/** Telegram HTML: escaping every dynamic string, rendering answers, splitting long messages. */
import { citationLabel } from "../answer/citations.ts";
import type { Answer, Citation } from "../answer/types.ts";
import { splitSentences } from "../text/sentences.ts";

/** Telegram's limit on one message's text. */
export const MESSAGE_LIMIT = 4096;

/**
 * Characters of a source's passage shown under an answer. Passages are chunks of about 320
 * characters, so this trims only the exceptional one, and an answer with several sources still
 * fits one or two messages. The answer's own text is never trimmed.
 */
export const QUOTE_LIMIT = 600;

/** How console mode marks the lines of a quoted passage. */
const QUOTE_PREFIX = "  │ ";

/** Escapes text for parse_mode HTML (the three characters Telegram requires). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The plain text of an HTML message (console mode prints this); quoted passages become indented lines. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<blockquote(?:\s[^>]*)?>([\s\S]*?)<\/blockquote>/g, (_whole, inner: string) =>
      inner
        .split("\n")
        .map((line) => `${QUOTE_PREFIX}${line}`)
        .join("\n"),
    )
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** A source's passage as shown under an answer: whole sentences up to `limit` characters, then "…". */
export function trimQuote(quote: string, limit = QUOTE_LIMIT): string {
  const chars = [...quote];
  if (chars.length <= limit) return quote;
  let kept = "";
  let length = 0;
  for (const sentence of splitSentences(quote)) {
    const n = [...sentence].length;
    if (length + n > limit - 1) break;
    kept += sentence;
    length += n;
  }
  // A first sentence longer than the limit is cut inside (at a character, never inside a pair).
  if (kept.trim() === "") kept = chars.slice(0, limit - 1).join("");
  return `${kept.trimEnd()}…`;
}

/** True when a citation's passage is shown shortened under the answer. */
export function isQuoteTrimmed(citation: Citation): boolean {
  return trimQuote(citation.quote) !== citation.quote;
}

/** Sets every whole occurrence of the highlights in bold, in escaped text without tags. */
function boldHighlights(escapedText: string, highlights: string[]): string {
  let html = escapedText;
  for (const h of highlights) {
    const escaped = escapeHtml(h);
    // Every occurrence not already inside a tag; a highlight never spans a line.
    html = html.replace(
      new RegExp(`(?<![\\d.])${escaped.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\d.])`, "g"),
      `<b>${escaped}</b>`,
    );
  }
  return html;
}

/**
 * A cited source: its label, then its passage as an expandable quote (the asked figures in bold
 * there too). A passage that only repeats headings of the label (an outline's items) is not quoted.
 */
function sourceHtml(c: Citation, highlights: string[]): string {
  const label = citationLabel(c);
  const quote = trimQuote(c.quote).trim();
  const head = `[${c.n}] ${escapeHtml(label)}`;
  if (quote.split("……").every((piece) => label.includes(piece.trim()))) return head;
  return `${head}\n<blockquote expandable>${boldHighlights(escapeHtml(quote), highlights)}</blockquote>`;
}

/**
 * An answer as HTML: the text with bold [n] markers and the asked figures, dates or names in bold,
 * then each source labelled (bureau · year · section, or 《…》第N条) with its quoted passage in an
 * expandable blockquote, so a reader can check the answer without leaving the chat.
 */
export function answerHtml(answer: Answer, note?: string): string {
  const highlights = answer.highlights ?? [];
  const body = boldHighlights(escapeHtml(answer.answer), highlights).replace(/\[(\d+)\]/g, "<b>[$1]</b>");
  const sources = answer.citations.length
    ? `\n\n<b>来源</b>\n${answer.citations.map((c) => sourceHtml(c, highlights)).join("\n")}`
    : "";
  return `${note ? `<i>${escapeHtml(note)}</i>\n` : ""}${body}${sources}`;
}

/** A tag, an entity or one character (a whole code point) of Telegram HTML. */
const TOKEN = /<\/?[a-zA-Z][\w-]*(?:\s[^<>]*)?>|&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z]+);|[\s\S]/gu;
/** A tag token: whether it ends a tag, and the tag's name. */
const TAG = /^<(\/?)([a-zA-Z][\w-]*)/;
const SENTENCE_END = new Set(["。", "！", "？", "；", "!", "?", ";"]);
/** What stays with the sentence before it: closing quotes and brackets, and end tags. */
const staysWithSentence = (token: string) =>
  SENTENCE_END.has(token) || ["”", "’", "」", "』", "）", ")", "&quot;"].includes(token) || token.startsWith("</");

/** A tag open at some point of a message: its name, and the start tag that reopens it. */
interface OpenTag {
  name: string;
  start: string;
}

/** The tags open after a piece, given those open before it (a stray end tag changes nothing). */
function openAfter(open: OpenTag[], piece: string[]): OpenTag[] {
  let stack = open;
  for (const token of piece) {
    const tag = token.startsWith("<") ? TAG.exec(token) : null;
    if (!tag) continue;
    const name = tag[2]!.toLowerCase();
    if (!tag[1]) stack = [...stack, { name, start: token }];
    else {
      const at = stack.map((t) => t.name).lastIndexOf(name);
      if (at >= 0) stack = stack.slice(0, at);
    }
  }
  return stack;
}

const startTags = (open: OpenTag[]) => open.map((t) => t.start).join("");
const endTags = (open: OpenTag[]) =>
  open
    .map((t) => `</${t.name}>`)
    .reverse()
    .join("");
const hasText = (piece: string[]) => piece.some((t) => !t.startsWith("<") && t.trim() !== "");

/** Tokens in lines, each with its line feed. */
function lines(tokens: string[]): string[][] {
  const out: string[][] = [[]];
  for (const t of tokens) {
    out.at(-1)!.push(t);
    if (t === "\n") out.push([]);
  }
  return out.filter((line) => line.length > 0);
}

/** Tokens in sentences, each with its terminator and what stays with it. */
function sentences(tokens: string[]): string[][] {
  const out: string[][] = [[]];
  let ended = false;
  for (const t of tokens) {
    if (ended && !staysWithSentence(t)) {
      out.push([]);
      ended = false;
    }
    out.at(-1)!.push(t);
    if (SENTENCE_END.has(t)) ended = true;
  }
  return out.filter((s) => s.length > 0);
}

/**
 * Splits Telegram HTML into messages of at most `limit` characters, each valid on its own: at line
 * ends, else at sentence ends, else (a sentence longer than a message) between characters. A tag or
 * an entity is never cut, and the tags open at a cut (a quote running on into the next message) are
 * closed at the end of the one message and reopened at the start of the next.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const out: string[] = [];
  let open: OpenTag[] = [];
  let current = "";
  let reopened = 0; // length of the start tags `current` begins with
  let written = false; // whether `current` holds any text yet

  const flush = () => {
    if (written) {
      const body = current.slice(reopened).replace(/^\n+/, "").replace(/\n+$/, "");
      out.push(`${current.slice(0, reopened)}${body}${endTags(open)}`);
    }
    current = startTags(open);
    reopened = current.length;
    written = false;
  };
  const append = (text: string, after: OpenTag[], piece: string[]) => {
    current += text;
    open = after;
    written ||= hasText(piece);
  };
  // A line that fits a message moves to the next one whole; a longer one is split into sentences,
  // and a sentence longer than a message into tokens.
  const add = (piece: string[], level: 0 | 1 | 2): void => {
    const text = piece.join("");
    const after = openAfter(open, piece);
    const size = text.length + endTags(after).length;
    if (current.length + size <= limit) return append(text, after, piece);
    const started = current.length > reopened;
    if (started && startTags(open).length + size <= limit) {
      flush();
      return add(piece, level);
    }
    if (level === 0) for (const s of sentences(piece)) add(s, 1);
    else if (level === 1) for (const t of piece) add([t], 2);
    else if (started) {
      flush();
      add(piece, level);
    } else append(text, after, piece); // one token longer than a message: only with a tiny limit
  };
  for (const line of lines(html.match(TOKEN) ?? [])) add(line, 0);
  flush();
  return out;
}

/** Byte length of callback data (Telegram allows 1-64 bytes). */
export function callbackBytes(data: string): number {
  return Buffer.byteLength(data, "utf8");
}
