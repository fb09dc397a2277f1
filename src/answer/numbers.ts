/**
 * Numbers in generated text, and whether a passage supports them: Arabic figures (1,270 / 90.14% /
 * 2023), and Chinese numerals that count or order something (十二次, 第三十四条, 百分之百).
 */
import { parseChineseNumeral } from "../text/numerals.ts";
import { foldWidth } from "../text/script.ts";

/** One number found in a text. */
export interface NumberToken {
  /** As written, e.g. "1,270", "90.14%", "三十四". */
  raw: string;
  /** Arabic digits without separators, e.g. "1270", "90.14"; undefined when it cannot be read. */
  digits?: string;
  percent: boolean;
  chinese: boolean;
}

const CN = "零〇一二两三四五六七八九十百千";
const UNITS = "次件个人份篇条日天名项年月倍家场期批起所位余多万章款届轮";
const ARABIC = /\d+(?:[.,]\d+)*\s*%?/g;
const CHINESE = new RegExp(`第[${CN}]+|百分之[${CN}]+|[${CN}]+(?=[${UNITS}])`, "g");

/** Text prepared for matching: half-width, no thousands separators, no spaces inside figures. */
export function normalizeNumbers(text: string): string {
  return foldWidth(text)
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    .replace(/(\d)\s+(?=[\d%])/g, "$1")
    .replace(/(\d)\s+%/g, "$1%");
}

/** Every number of a text, markers like [3] excluded. */
export function extractNumbers(text: string): NumberToken[] {
  const clean = normalizeNumbers(text.replace(/\[\d+\]/g, " "));
  const out: NumberToken[] = [];
  for (const m of clean.matchAll(ARABIC)) {
    const raw = m[0].trim();
    out.push({ raw, digits: raw.replace(/[\s%,]/g, ""), percent: raw.endsWith("%"), chinese: false });
  }
  for (const m of clean.matchAll(CHINESE)) {
    const raw = m[0];
    const percent = raw.startsWith("百分之");
    const numeral = raw.replace(/^第|^百分之/, "");
    const value = parseChineseNumeral(numeral);
    out.push({ raw, ...(value !== undefined ? { digits: String(value) } : {}), percent, chinese: true });
  }
  return out;
}

/** Whether a passage states a number: verbatim, or the same value in the other script. */
export function supports(passage: string, token: NumberToken): boolean {
  const text = normalizeNumbers(passage);
  // Verbatim, but never inside a longer number (127 in 1270, 十二 in 二十二).
  const bounded = token.chinese
    ? `(?<![${CN}])${token.raw}(?![${CN}])`
    : `(?<![\\d.])${token.raw.replace(/[.%]/g, "\\$&")}(?![\\d]|\\.\\d)`;
  if (new RegExp(bounded).test(text)) return true;
  if (token.digits === undefined) return false;
  const digits = token.digits.replace(".", "\\.");
  if (token.percent)
    return (
      new RegExp(`(?<![\\d.])${digits}\\s*%`).test(text) || text.includes(`百分之${token.raw.replace(/^百分之/, "")}`)
    );
  if (new RegExp(`(?<![\\d.])${digits}(?![\\d]|\\.\\d)`).test(text)) return true;
  // An Arabic figure written in Chinese numerals in the passage (60 / 六十).
  if (!token.chinese && /^\d{1,4}$/.test(token.digits)) {
    for (const m of text.matchAll(new RegExp(`[${CN}]+`, "g")))
      if (parseChineseNumeral(m[0]) === Number(token.digits)) return true;
  }
  return false;
}
