/**
 * Mechanical checks of a generated answer before anyone sees it: markers must point at passages
 * that were given, and every number must appear in the passages its sentence cites.
 */
import { splitSentences } from "../text/sentences.ts";
import { extractNumbers, supports } from "./numbers.ts";

/** The sentence a model must answer with when the passages do not answer the question. */
export const REFUSAL = "根据现有文档无法回答该问题。";

/** The outcome of validation. */
export type Validation =
  | {
      ok: true;
      /** The answer with markers renumbered 1..m in rank order. */
      text: string;
      /** The given passage numbers actually cited, in rank order; text marker i+1 is cited[i]. */
      cited: number[];
      /** Markers dropped because they pointed outside the passages. */
      dropped: number[];
    }
  | { ok: false; reason: string };

/** Rewrites 【1】, [1,2], [1、3] and [1][2] into single [n] markers. */
export function normalizeMarkers(text: string): string {
  return text.replace(/【(\d+)】/g, "[$1]").replace(/\[(\d+(?:\s*[,，、]\s*\d+)+)\]/g, (_m, list: string) =>
    list
      .split(/\s*[,，、]\s*/)
      .map((n) => `[${n}]`)
      .join(""),
  );
}

/** A streaming draft made safe to show: markers normalised, those outside 1..count removed. */
export function stripInvalidMarkers(draft: string, count: number): string {
  return normalizeMarkers(draft).replace(/\[(\d+)\]/g, (m, n: string) =>
    Number(n) >= 1 && Number(n) <= count ? m : "",
  );
}

/**
 * Validates a draft against the passages that were numbered 1..passages.length in the prompt.
 * A sentence's numbers are checked against the passages it cites; a sentence without markers
 * against the passages cited by the rest of its paragraph, or else by the whole answer.
 */
export function validateDraft(draft: string, passages: string[]): Validation {
  const trimmed = draft.trim();
  if (trimmed === "") return { ok: false, reason: "empty answer" };
  if (trimmed.includes(REFUSAL)) return { ok: false, reason: "the model said the passages do not answer" };

  const dropped: number[] = [];
  const text = normalizeMarkers(trimmed).replace(/\[(\d+)\]/g, (m, n: string) => {
    const k = Number(n);
    if (k >= 1 && k <= passages.length) return m;
    dropped.push(k);
    return "";
  });
  const markersOf = (s: string) => [...s.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const all = [...new Set(markersOf(text))];
  if (all.length === 0) return { ok: false, reason: "no citation of a given passage" };

  for (const paragraph of text.split(/\n+/)) {
    const paragraphMarkers = markersOf(paragraph);
    for (const sentence of splitSentences(paragraph)) {
      const own = markersOf(sentence);
      const cited = own.length ? own : paragraphMarkers.length ? paragraphMarkers : all;
      const sources = cited.map((n) => passages[n - 1]!).join("\n");
      for (const token of extractNumbers(sentence)) {
        if (!supports(sources, token)) {
          return { ok: false, reason: `"${token.raw}" is not in the cited passage(s) [${cited.join("][")}]` };
        }
      }
    }
  }

  const cited = [...all].sort((a, b) => a - b);
  const renumber = new Map(cited.map((n, i) => [n, i + 1]));
  return {
    ok: true,
    text: text.replace(/\[(\d+)\]/g, (_m, n: string) => `[${renumber.get(Number(n))}]`),
    cited,
    dropped,
  };
}
