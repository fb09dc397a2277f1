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
  // Most texts need only some of the three steps, often none: one look at each code unit says which.
  const table = (steps ??= stepTable());
  let needs = 0;
  for (let i = 0; i < text.length; i++) needs |= table[text.charCodeAt(i)]!;
  if (needs & CONVERT) return foldWidth(toSimplified(text)).toLowerCase();
  const folded = needs & FOLD ? foldWidth(text) : text;
  return needs & (FOLD | LOWER) ? folded.toLowerCase() : folded;
}

/** What a code unit may need (bits): OpenCC may convert it, it is full-width, it has a lower case. */
const CONVERT = 1;
const FOLD = 2;
const LOWER = 4;
let steps: Uint8Array | undefined;

/** A dictionary of the traditional-to-simplified conversion: "source target|…", or pairs. */
type Dict = string | readonly (readonly [string, string])[];

/**
 * The steps each UTF-16 code unit may need. A unit may be converted when it stands, changed, in
 * the source of an entry of OpenCC's own t2s dictionaries (the ones toSimplified applies), so a
 * text without such a unit comes out of the converter as it went in. Surrogates are marked for
 * every step (characters beyond the BMP are not looked into); and should the library's tables not
 * be where they are expected, every unit is marked for conversion (never a wrong result, only slower).
 */
function stepTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    const c = String.fromCharCode(u);
    if (c.toLowerCase() !== c) table[u]! |= LOWER;
  }
  for (let u = 0xff01; u <= 0xff5e; u++) table[u]! |= FOLD;
  table[0x3000]! |= FOLD;
  table.fill(CONVERT | FOLD | LOWER, 0xd800, 0xe000);
  const config = (
    OpenCC.Locale.configs as Record<string, { normalizationChain?: Dict[][]; conversionChain?: Dict[][] }>
  ).t2s;
  const dicts = [...(config?.normalizationChain ?? []), ...(config?.conversionChain ?? [])].flat();
  if (!config?.conversionChain) {
    for (let u = 0; u < 0x10000; u++) table[u]! |= CONVERT;
    return table;
  }
  const entries: [string, string][] = [];
  for (const dict of dicts) {
    if (typeof dict !== "string") entries.push(...dict.map(([source, target]): [string, string] => [source, target]));
    else for (const entry of dict.split("|")) entries.push(entry.split(" ") as [string, string]);
  }
  // A changing entry matches only where all of its source stands, so one marked unit of each
  // suffices: an entry of the same length marks the units it changes (the traditional characters);
  // another one (a target beyond the BMP, or of other length) all of its source, unless one is marked already.
  const changing = entries.filter(([source = "", target = ""]) => source !== target);
  const uneven: string[] = [];
  for (const [source = "", target = ""] of changing) {
    if (source.length !== target.length) uneven.push(source);
    else for (let i = 0; i < source.length; i++) if (source[i] !== target[i]) table[source.charCodeAt(i)]! |= CONVERT;
  }
  for (const source of uneven) {
    let marked = false;
    for (let i = 0; i < source.length && !marked; i++) marked = (table[source.charCodeAt(i)]! & CONVERT) !== 0;
    if (!marked) for (let i = 0; i < source.length; i++) table[source.charCodeAt(i)]! |= CONVERT;
  }
  return table;
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
