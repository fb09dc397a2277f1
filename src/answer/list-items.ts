/**
 * The items of a list answer as the user saw them ("1. …", or a law's "（一）…" lines), each with
 * the citation it carries, and an item's passage in full: what "第二点具体说说" asks to see.
 */
import type { Chunk } from "../corpus/types.ts";
import { buildOutline, sectionText, type OutlineNode } from "../search/outline.ts";
import { parseChineseNumeral } from "../text/numerals.ts";
import type { Answer, Citation } from "./types.ts";

/** One item of a list answer: its number as shown, its text (without marker) and its citation. */
export interface ListItem {
  n: number;
  text: string;
  citation: Citation;
}

/** "1. …" (an answer's own numbering) and "（一）…" (a law's items, quoted). */
const NUMBERED = /^\s*(\d{1,2})[.、．]\s*(\S.*)$/;
const LAW_ITEM = /^\s*[（(]([一二三四五六七八九十]{1,3})[）)]\s*(\S.*)$/;
const MARKER = /\[(\d+)\]/;

/**
 * The lines of a text that number a list from 1 ("1. …, 2. …", else "（一）…（二）…"), with the
 * marker each item cites (a law's items share the one ending their paragraph); none for fewer than two.
 */
export function numberedLines(text: string): { text: string; marker?: number }[] {
  const lines = text.split("\n");
  for (const [pattern, number] of [
    [NUMBERED, Number],
    [LAW_ITEM, parseChineseNumeral],
  ] as const) {
    const items: { text: string; marker?: number }[] = [];
    lines.forEach((line, i) => {
      const m = pattern.exec(line);
      if (!m || number(m[1]!) !== items.length + 1) return;
      const marker = lines
        .slice(i)
        .map((l) => MARKER.exec(l))
        .find(Boolean);
      items.push({ text: m[2]!.replace(/\[\d+\]/g, "").trim(), ...(marker ? { marker: Number(marker[1]) } : {}) });
    });
    if (items.length >= 2) return items;
  }
  return [];
}

/** The items of an answer's list with the citations they carry (none when it holds no list of two). */
export function listItems(answer: Pick<Answer, "answer" | "citations">): ListItem[] {
  const items: ListItem[] = [];
  for (const line of numberedLines(answer.answer)) {
    const citation = answer.citations.find((c) => c.n === line.marker);
    if (!citation) break;
    items.push({ n: items.length + 1, text: line.text, citation });
  }
  return items.length >= 2 ? items : [];
}

/** An item's own number at its start: "1、", "2.", "（一）", "(三)". */
const OWN_NUMBER = /^\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])\s*/;

/** A heading or item without its own number ("1、统筹全盘…" -> "统筹全盘…"), as a list answer shows it. */
export function withoutOwnNumber(text: string): string {
  return text.replace(OWN_NUMBER, "");
}

/** Markers of an enumeration inside a paragraph ("一是…二是…"). */
const ENUM_MARK = /(?:^|(?<=[。；;：:，,\n]))\s*(?:[一二三四五六七八九十]是)/g;

/** The section of an outline whose heading is `heading`, or whose path is `path`. */
function findSection(node: OutlineNode, match: (n: OutlineNode) => boolean): OutlineNode | undefined {
  if (match(node)) return node;
  for (const child of node.children) {
    const found = findSection(child, match);
    if (found) return found;
  }
  return undefined;
}

/** Whether a list item shows this heading: alone, or with the start of what it heads ("…。在…"). */
function headsItem(heading: string, shown: string): boolean {
  return shown === heading || (shown.startsWith(heading) && /^[。：:]/.test(shown.slice(heading.length)));
}

/**
 * An item's passage in full, from the chunks of the document its citation names: a law's item with
 * the sentence that introduces the items; a report's heading with its whole section; an item of a
 * "一是…二是…" enumeration up to the next item or the end of its paragraph. The item as shown when
 * the chunks no longer hold it.
 */
export function itemInFull(item: ListItem, chunks: Chunk[]): string {
  const { citation } = item;
  if (citation.kind === "regulation") {
    const lines = chunks.find((c) => c.article === citation.article)?.text.split("\n") ?? [];
    const at = lines.findIndex((l) => l.includes(item.text));
    if (at < 0) return item.text;
    const lead = lines
      .slice(0, at)
      .reverse()
      .find((l) => !LAW_ITEM.test(l));
    return lead ? `${lead}\n${lines[at]}` : lines[at]!;
  }
  const outline = buildOutline(chunks);
  const heading = findSection(
    outline,
    (n) => n.heading !== "" && [n.heading, withoutOwnNumber(n.heading)].some((h) => headsItem(h, item.text)),
  );
  if (heading) return sectionText(heading);
  const path = citation.section ?? "";
  const section = findSection(outline, (n) => n.path.join(" > ") === path);
  const text = section ? sectionText(section) : "";
  // Shown items may end differently ("；" read as "。"): found by their opening.
  const at = text.indexOf(item.text.slice(0, 12));
  if (at < 0) return item.text;
  const paragraphEnd = text.indexOf("\n", at);
  const next = [...text.slice(at + 2).matchAll(ENUM_MARK)][0];
  const ends = [paragraphEnd >= 0 ? paragraphEnd : text.length, next ? at + 2 + next.index : text.length];
  const full = text.slice(at, Math.min(...ends)).trim();
  return full.length >= item.text.length ? full : item.text;
}
