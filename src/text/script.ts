/** Script normalisation: traditional -> simplified Chinese and width folding, for matching only. */
// The traditional-to-simplified build only (a tenth of the full one, which every start would compile).
import * as OpenCC from "opencc-js/t2cn";

let converter: ((text: string) => string) | undefined;

/** Converts traditional characters (Taiwan/Hong Kong variants included) to simplified ones. */
export function toSimplified(text: string): string {
  const convert = (converter ??= OpenCC.Converter({ from: "t", to: "cn" }) as (text: string) => string);
  return convert(text);
}

/** Folds full-width ASCII (ＡＢＣ１２３％) and ideographic spaces to their half-width forms. */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/** The form every query and indexed text is compared in: simplified, half-width, lower-case. */
export function normalizeForMatch(text: string): string {
  return foldWidth(toSimplified(text)).toLowerCase();
}

/**
 * normalizeForMatch of each text, converted as one text: many short texts (the aliases of
 * thousands of bureaus) cost one pass instead of one each. No conversion spans a line break.
 */
export function normalizeEachForMatch(texts: string[]): string[] {
  if (texts.some((t) => t.includes("\n"))) return texts.map(normalizeForMatch);
  const out = normalizeForMatch(texts.join("\n")).split("\n");
  return out.length === texts.length ? out : texts.map(normalizeForMatch);
}
