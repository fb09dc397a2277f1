/** Sentence splitting for Chinese prose, keeping every character so quotes stay verbatim. */

const ALL_TERMINATORS = new Set(["。", "！", "？", "；", "!", "?", ";"]);
const FULL_STOPS = new Set(["。", "！", "？", "!", "?"]);
const CLOSERS = new Set(["”", "’", "」", "』", "）", ")", '"', "'"]);

/**
 * Splits text into sentences (at semicolons too, unless told not to). The terminator (and any closing quote or bracket right after it)
 * stays with its sentence, and joining the result gives back the input exactly.
 */
export function splitSentences(text: string, options: { semicolons?: boolean } = {}): string[] {
  const TERMINATORS = options.semicolons === false ? FULL_STOPS : ALL_TERMINATORS;
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (TERMINATORS.has(c) || c === "\n") {
      let end = i + 1;
      while (end < text.length && (CLOSERS.has(text[end]!) || TERMINATORS.has(text[end]!))) end++;
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
