/** Script normalisation: traditional -> simplified Chinese and width folding, for matching only. */
import * as OpenCC from "opencc-js";

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
