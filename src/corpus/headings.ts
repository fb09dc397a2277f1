/** Heading markers of Chinese official documents: 一、 / （一） / 1、 and how deep each one sits. */
import { parseChineseNumeral } from "../text/numerals.ts";

/** The kinds of numbering a heading can start with. */
export type MarkerKind = "cn" | "paren" | "arabic";

/** A heading marker found at the start of a line. */
export interface HeadingMarker {
  kind: MarkerKind;
  /** The number the marker carries (一 -> 1). */
  number: number;
  /** Length of the marker itself, e.g. 2 for 一、. */
  length: number;
}

const CN = /^([一二三四五六七八九十]{1,3})[、，,．.]/;
const PAREN = /^[（(]([一二三四五六七八九十]{1,3})[）)]/;
const ARABIC = /^(\d{1,2})(?:[、．]|\.(?!\d))/;

/** The heading marker a line starts with, if any. */
export function headingMarker(line: string): HeadingMarker | undefined {
  let m = CN.exec(line);
  if (m) return { kind: "cn", number: parseChineseNumeral(m[1]!) ?? 0, length: m[0].length };
  m = PAREN.exec(line);
  if (m) return { kind: "paren", number: parseChineseNumeral(m[1]!) ?? 0, length: m[0].length };
  m = ARABIC.exec(line);
  if (m) return { kind: "arabic", number: Number(m[1]), length: m[0].length };
  return undefined;
}

/** Longest line still taken whole as a heading; a longer line's first sentence is its heading. */
const MAX_HEADING_LINE = 50;
/** A line without any sentence punctuation is a heading up to this length (long official headings). */
const MAX_BARE_HEADING_LINE = 90;

/**
 * Splits a line that starts with a marker into its heading and the body that follows on the same
 * line. "（一）加强学习。一是…" -> heading "（一）加强学习", body "（一）加强学习。一是…" (the whole line
 * stays body text so quotes remain verbatim); a short standalone line has no body.
 */
export function splitHeadingLine(line: string): { heading: string; inlineBody: boolean } {
  const firstStop = line.search(/[。！？；]/);
  const isShort =
    (line.length <= MAX_HEADING_LINE && (firstStop === -1 || firstStop === line.length - 1)) ||
    (firstStop === -1 && line.length <= MAX_BARE_HEADING_LINE);
  if (isShort) return { heading: line.replace(/[。；]$/, ""), inlineBody: false };
  if (firstStop === -1) return { heading: line.slice(0, MAX_HEADING_LINE), inlineBody: true };
  return { heading: line.slice(0, firstStop), inlineBody: true };
}
