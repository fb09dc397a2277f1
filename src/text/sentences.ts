/** Sentence splitting for Chinese prose, keeping every character so quotes stay verbatim. */

const ALL_TERMINATORS = new Set(["。", "！", "？", "；", "!", "?", ";"]);
const FULL_STOPS = new Set(["。", "！", "？", "!", "?"]);
const CLOSERS = new Set(["”", "’", "」", "』", "）", ")", '"', "'"]);

/** The sets above by code unit, for splitSentences' loop over every character of the corpus. */
const codesOf = (chars: Set<string>) => new Set(Array.from(chars, (c) => c.charCodeAt(0)));
const ALL_TERMINATOR_CODES = codesOf(ALL_TERMINATORS);
const FULL_STOP_CODES = codesOf(FULL_STOPS);
const CLOSER_CODES = codesOf(CLOSERS);
const NEWLINE = 0x0a;
const FULL_WIDTH_SEMICOLON = 0xff1b;

/** Longest header or value of a line still read as a table row. */
const MAX_ROW_CELL = 40;
const KEYED_CELL = new RegExp(`^[^：]{1,${MAX_ROW_CELL}}：[^：]{1,${MAX_ROW_CELL}}$`);

/**
 * Whether a line is a table row as the corpus renders one ("项目：信访事项；数量：6246件。", or
 * "信访事项；数量：6246件。" when the first column has no header): short `header：value` cells
 * joined by "；", with no other sentence punctuation. Its "；" join cells, not sentences.
 */
export function isTableRow(line: string): boolean {
  if (!line.includes("；")) return false;
  const body = line.trim().replace(/。$/, "");
  if (!body.includes("；") || /[。！？!?;，]|,(?!\d)/.test(body)) return false;
  const [first, ...rest] = body.split("；");
  return (
    (KEYED_CELL.test(first!) || (first!.length > 0 && first!.length <= MAX_ROW_CELL)) &&
    rest.every((c) => KEYED_CELL.test(c))
  );
}

/**
 * Splits text into sentences (at semicolons too, unless told not to; never inside a table row,
 * see isTableRow). The terminator (and any closing quote or bracket right after it) stays with its
 * sentence, and joining the result gives back the input exactly.
 */
export function splitSentences(text: string, options: { semicolons?: boolean } = {}): string[] {
  const TERMINATORS = options.semicolons === false ? FULL_STOP_CODES : ALL_TERMINATOR_CODES;
  const out: string[] = [];
  let start = 0;
  let i = 0;
  let rowEnd = -1; // inside a table row up to here
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (i === 0 || text.charCodeAt(i - 1) === NEWLINE) {
      const newline = text.indexOf("\n", i);
      const lineEnd = newline < 0 ? text.length : newline;
      if (isTableRow(text.slice(i, lineEnd))) rowEnd = lineEnd;
    }
    if (i < rowEnd && c === FULL_WIDTH_SEMICOLON) {
      i++;
    } else if (TERMINATORS.has(c) || c === NEWLINE) {
      let end = i + 1;
      while (end < text.length && (CLOSER_CODES.has(text.charCodeAt(end)) || TERMINATORS.has(text.charCodeAt(end))))
        end++;
      out.push(text.slice(start, end));
      start = end;
      i = end;
    } else {
      i++;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** True when the text ends the way a sentence ends (terminator, optionally followed by a closer). */
export function endsSentence(text: string): boolean {
  const t = text.trimEnd();
  let i = t.length - 1;
  while (i >= 0 && CLOSERS.has(t[i]!)) i--;
  return i >= 0 && (ALL_TERMINATORS.has(t[i]!) || t[i] === "：" || t[i] === ":");
}
