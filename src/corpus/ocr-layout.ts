/**
 * From OCR lines to text: reading order, spaces the recogniser puts between Chinese characters
 * removed, and the lines of a paragraph joined by their geometry (a line reaching the right edge of
 * the text block continues on the next unless that one is indented or starts a heading). Official
 * documents set about 28 characters a line, too short for the cleaner's own joining of broken
 * lines, which still applies afterwards (across pages, say).
 */
import { headingMarker } from "./headings.ts";
import type { OcrLine } from "./ocr.ts";
import { dropPageNumbers } from "./pages.ts";

const CJK = "\\u2e80-\\u9fff\\u3000-\\u303f\\uf900-\\ufaff\\uff00-\\uffef\\u2014\\u2018-\\u201d\\u2026";
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, "g");

/** Lines closer than this share a row when their vertical middles differ by less, in line heights. */
const SAME_ROW = 0.5;
/** A line ending within this many character widths of the block's right edge is full. */
const FULL_LINE_SLACK = 1.5;
/** A line starting more than this many character widths right of the block's left edge is indented. */
const INDENT = 0.8;
/** Lines further apart than this (in line heights) belong to different paragraphs. */
const MAX_LINE_GAP = 1.6;

/** Removes the spaces a recogniser leaves beside Chinese characters and punctuation. */
export function tidyOcrText(text: string): string {
  return text.replace(SPACE_NEXT_TO_CJK, "").replace(/\s+/g, " ").trim();
}

/** The value below which a share `q` of the values lie (0.5: the median). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * q)] ?? 0;
}

/** Rows of lines in reading order: top to bottom, and left to right within a row. */
function rows(lines: OcrLine[]): OcrLine[] {
  const height = quantile(lines.map((l) => l.bottom - l.top), 0.5) || 1;
  const sorted = [...lines].sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  const grouped: OcrLine[][] = [];
  for (const line of sorted) {
    const row = grouped.at(-1);
    const mid = (line.top + line.bottom) / 2;
    if (row && Math.abs(mid - (row[0]!.top + row[0]!.bottom) / 2) < height * SAME_ROW) row.push(line);
    else grouped.push([line]);
  }
  return grouped.map((row) => {
    const parts = row.sort((a, b) => a.left - b.left);
    return {
      text: parts.map((p) => p.text).join(" "),
      confidence: Math.min(...parts.map((p) => p.confidence)),
      left: Math.min(...parts.map((p) => p.left)),
      top: Math.min(...parts.map((p) => p.top)),
      right: Math.max(...parts.map((p) => p.right)),
      bottom: Math.max(...parts.map((p) => p.bottom)),
    };
  });
}

/** The text of one page read by OCR: one paragraph a line, without a printed page number. */
export function ocrPageText(lines: OcrLine[]): string {
  const ordered = rows(lines.filter((l) => tidyOcrText(l.text) !== ""));
  if (ordered.length === 0) return "";
  const height = quantile(ordered.map((l) => l.bottom - l.top), 0.5) || 1;
  // The text block's left edge: most lines of a page are paragraphs' later lines, not indented ones.
  const left = quantile(ordered.map((l) => l.left), 0.2);
  const right = Math.max(...ordered.map((l) => l.right));
  const paragraphs: string[] = [];
  let prev: OcrLine | undefined;
  for (const line of ordered) {
    const text = tidyOcrText(line.text);
    const continues =
      prev !== undefined &&
      prev.right >= right - height * FULL_LINE_SLACK &&
      line.left <= left + height * INDENT &&
      line.top - prev.bottom <= height * MAX_LINE_GAP &&
      headingMarker(text) === undefined;
    if (continues) paragraphs[paragraphs.length - 1] += text;
    else paragraphs.push(text);
    prev = line;
  }
  return dropPageNumbers(paragraphs).join("\n");
}
