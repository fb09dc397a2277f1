/** Chinese numerals: parsing 三十四 / 二〇二一 / 一百零五 into integers and formatting integers back. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  "○": 0,
  Ｏ: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that can appear in a Chinese numeral this module understands. */
export const CHINESE_NUMERAL_CHARS = "零〇○Ｏ一二两三四五六七八九十百千";

/**
 * Parses a Chinese numeral such as 三十四, 十七, 一百零五 or the digit-by-digit 二〇二一.
 * Returns undefined for anything that is not a well-formed numeral.
 */
export function parseChineseNumeral(text: string): number | undefined {
  const s = text.trim();
  if (s === "" || [...s].some((c) => !(c in DIGITS) && !(c in UNITS))) return undefined;
  // Digit-by-digit form (years): no unit characters at all.
  if (![...s].some((c) => c in UNITS)) {
    if (s.length === 1) return DIGITS[s];
    return Number([...s].map((c) => DIGITS[c]).join(""));
  }
  let total = 0;
  let pending: number | undefined;
  for (const c of s) {
    const unit = UNITS[c];
    if (unit !== undefined) {
      total += (pending ?? 1) * unit; // 十七: a bare 十 means 一十
      pending = undefined;
    } else {
      const d = DIGITS[c]!;
      if (pending !== undefined && d !== 0) return undefined; // two digits in a row inside a unit form
      pending = d === 0 ? undefined : d;
    }
  }
  return total + (pending ?? 0);
}

/** Parses Arabic digits (half- or full-width) or a Chinese numeral. */
export function parseNumber(text: string): number | undefined {
  const halfWidth = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(halfWidth)) return Number(halfWidth);
  return parseChineseNumeral(halfWidth);
}

const DIGIT_CHARS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** Formats 1..9999 the way articles are numbered: 34 -> 三十四, 10 -> 十, 105 -> 一百零五. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`cannot format ${n} as a Chinese numeral`);
  if (n === 0) return "零";
  const parts: string[] = [];
  const units = [
    [1000, "千"],
    [100, "百"],
    [10, "十"],
    [1, ""],
  ] as const;
  let rest = n;
  let zeroPending = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d === 0) {
      if (parts.length > 0) zeroPending = true;
      continue;
    }
    if (zeroPending) parts.push("零");
    zeroPending = false;
    // 十 rather than 一十 at the start (十七), as legal texts write it.
    parts.push(value === 10 && d === 1 && parts.length === 0 ? name : DIGIT_CHARS[d] + name);
  }
  return parts.join("");
}
