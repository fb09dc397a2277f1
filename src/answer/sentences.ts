/**
 * Sentences as candidate quotes: scored against the question's concepts (a sentence inherits its
 * passage's bureau, year and headings), with a bonus when it holds the kind of thing asked (a
 * figure of the unit, a date, a name) and a penalty for a target when a result is asked. Also
 * excerpts: the clauses of a long sentence that hold the answer, verbatim.
 */
import { normalizedContext } from "../index/index-text.ts";
import { conceptCoverage } from "../search/concepts.ts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { normalizeForMatch } from "../text/script.ts";
import { splitSentences } from "../text/sentences.ts";
import { phraseScore } from "../text/tokenize.ts";
import { datesIn, figuresIn, hasDate, hasFigure, hasFrequency, isTarget, personNames } from "./evidence.ts";

/** A sentence of a passage, as a candidate quote. */
export interface Candidate {
  passage: Passage;
  text: string;
  /** Where the sentence starts in its chunk's text. */
  offset: number;
  /** Share of the question's concepts in the sentence and its context. */
  coverage: number;
  /** The same share over the concepts that are not cues (what the question is about). */
  core: number;
  /** Holds the kind of thing the question asks for (always true for plain questions). */
  fits: boolean;
  score: number;
}

/** How much of what the sentences before it name a sentence inherits. */
const CARRIED = 0.85;

/** Whether a sentence holds what the question's shape asks for. */
export function fitsShape(text: string, retrieval: Retrieval): boolean {
  const { shape, unit } = retrieval.query.intent;
  if (shape === "figure") return hasFigure(text, unit);
  if (shape === "date") return hasDate(text);
  if (shape === "person") return personNames(text).length > 0;
  if (shape === "frequency") return hasFrequency(text);
  return true;
}

/** The sentences of a passage (a regulation's clauses stay together: split at full stops only). */
export function sentencesOf(passage: Passage): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const raw of splitSentences(passage.chunk.text, { semicolons: passage.doc.kind !== "regulation" })) {
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text.length >= 4) out.push({ text, offset: offset + lead });
    offset += raw.length;
  }
  return out;
}

const normalizedCache = new WeakMap<Passage["chunk"], string[]>();

/** A passage's sentences normalised for matching (once per chunk). */
function normalizedSentences(passage: Passage, sentences: { text: string }[]): string[] {
  let out = normalizedCache.get(passage.chunk);
  if (!out) normalizedCache.set(passage.chunk, (out = sentences.map((s) => normalizeForMatch(s.text))));
  return out;
}

/** A name in quotation marks: how a report names a principle or a requirement it keeps. */
const QUOTED_NAME = /“[^”]{2,}”/;

/** Scores every sentence of the given passages against the question, best first. */
export function rankSentences(retrieval: Retrieval, passages: Passage[]): Candidate[] {
  const { query, weights } = retrieval;
  const { shape, wantsTarget } = query.intent;
  // What the question is about: not its cue words, nor what a figure question counts.
  const coreWeights = new Map([...weights].filter(([c]) => !c.cue && !c.counted));
  const out: Candidate[] = [];
  passages.forEach((passage, rank) => {
    // Bureau, year and headings are true of every sentence of the passage: they count as present.
    const context = normalizedContext(passage.chunk, passage.doc);
    const sentences = sentencesOf(passage);
    const normalized = normalizedSentences(passage, sentences);
    sentences.forEach(({ text, offset }, i) => {
      // A sentence continues the ones before it ("开展…“拔钉清障”专项行动…。今年来…化解信访积案52件"):
      // what they name counts too, a little less.
      const before = normalized.slice(Math.max(0, i - 2), i).join("");
      const own = `${context}\n${normalized[i]}`;
      const withBefore = `${own}\n${before}`;
      const coverage = Math.max(conceptCoverage(weights, own), CARRIED * conceptCoverage(weights, withBefore));
      const core = coreWeights.size
        ? Math.max(conceptCoverage(coreWeights, own), CARRIED * conceptCoverage(coreWeights, withBefore))
        : coverage;
      const fits = fitsShape(text, retrieval);
      let score = coverage + 0.2 * phraseScore(query.phrases, normalized[i]!);
      if (fits && shape !== "text" && shape !== "list" && shape !== "overview") score += 0.15;
      else if (query.intent.outcome && hasFigure(text))
        score += 0.15; // a result stated by its figure
      else if (query.intent.kindAsked && QUOTED_NAME.test(text)) score += 0.15; // 啥原则: “来访必登、有访必接”
      if (shape === "figure" && !wantsTarget && isTarget(answerClause(text, retrieval) ?? text)) score -= 0.2;
      score += 0.1 * passage.score - 0.02 * rank;
      out.push({ passage, text, offset, coverage, core, fits, score });
    });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** A sentence ending with an enumeration item that is only its heading ("三是法治信访宣传效果还不明显。"). */
const BARE_ITEM = /[一二三四五六七八九十]是[^。；;]{1,22}[。；;]$/;

/**
 * A candidate's sentence, with the next sentence of its chunk when it ends with a bare item heading
 * (that sentence says what the item means), within `max` characters: from the item on when the
 * sentence's lead ("…主要集中在以下三个方面：") would make it longer. A slice of the chunk's text, so
 * it is quoted verbatim.
 */
export function withExplanation(c: Candidate, max = 140): string {
  const item = BARE_ITEM.exec(c.text);
  if (!item) return c.text;
  const { text } = c.passage.chunk;
  const end = c.offset + c.text.length;
  const next = /^[ \t\u3000]*[^。；;\n]+[。；;]/.exec(text.slice(end))?.[0];
  if (!next || /^\s*[一二三四五六七八九十]是/.test(next)) return c.text;
  const start = c.text.length + next.length <= max ? c.offset : c.offset + item.index;
  return end + next.length - start <= max ? text.slice(start, end + next.length) : c.text;
}

/** The clauses of a sentence: split after ，；： (kept with their clause, so joining gives it back). */
export function clausesOf(sentence: string): string[] {
  return sentence.split(/(?<=[，,；;：:])/).filter((c) => c !== "");
}

/** A clause stating a total. */
const TOTAL = /共计?|累计|合计|总计|总共/;

/** The clause holding the asked thing that best matches the question, if any. */
function answerClause(sentence: string, retrieval: Retrieval): string | undefined {
  const holding = clausesOf(sentence).filter((c) => fitsShape(c, retrieval));
  if (holding.length === 0) return undefined;
  const { weights } = retrieval;
  // Between clauses as close to the question, the one stating a total ("共发放…2000多份", not the
  // "发放…500余份" of one place) answers how many.
  const score = (c: string) => conceptCoverage(weights, normalizeForMatch(c)) + (TOTAL.test(c) ? 0.01 : 0);
  return holding.reduce((best, c) => (score(c) > score(best) ? c : best));
}

/**
 * A verbatim excerpt of a long sentence: from the first clause that matches the question to the
 * clause holding the asked thing, marked with "…" where cut. Short sentences are kept whole.
 */
export function excerpt(sentence: string, retrieval: Retrieval, maxChars = 110): string {
  if (sentence.length <= maxChars) return sentence;
  const clauses = clausesOf(sentence);
  const target = answerClause(sentence, retrieval);
  let end = target ? clauses.indexOf(target) : clauses.length - 1;
  let start = end;
  // Walk back over the clauses that name what is asked about, while the excerpt stays short.
  const { weights } = retrieval;
  for (let i = end - 1; i >= 0; i--) {
    const length = clauses.slice(i, end + 1).join("").length;
    if (length > maxChars) break;
    if (conceptCoverage(weights, normalizeForMatch(clauses[i]!)) > 0) start = i;
  }
  if (start === end && end > 0 && clauses.slice(end - 1, end + 1).join("").length <= maxChars) start = end - 1;
  // A question of two parts (开了几次…，请了多少律师): the clauses after the asked one that hold what
  // is asked too (any figure: the second part may count in another unit) and match what the excerpt
  // does not yet, while it stays short enough to read.
  if (target) {
    const alsoAsked = (clause: string) =>
      retrieval.query.intent.shape === "figure" ? hasFigure(clause) : fitsShape(clause, retrieval);
    const through = (last: number) => clauses.slice(start, last + 1).join("");
    let covered = conceptCoverage(weights, normalizeForMatch(through(end)));
    for (; end + 1 < clauses.length && alsoAsked(clauses[end + 1]!); end++) {
      const wider = through(end + 1);
      const more = conceptCoverage(weights, normalizeForMatch(wider));
      if (more <= covered || wider.length > maxChars * 1.5) break;
      covered = more;
    }
  }
  const text = clauses
    .slice(start, end + 1)
    .join("")
    .replace(/[，,；;：:]$/, "");
  return `${start > 0 ? "…" : ""}${text}${end < clauses.length - 1 ? "…" : ""}`;
}

/** What to set in bold in a quote: the figure, date or name asked for, in its best clause. */
export function highlightsOf(quote: string, retrieval: Retrieval): string[] {
  const { shape, unit } = retrieval.query.intent;
  const clause = answerClause(quote, retrieval) ?? quote;
  if (shape === "figure") return figuresIn(clause, unit).slice(0, 2);
  if (shape === "date") return datesIn(clause).slice(0, 2);
  if (shape === "person") return personNames(clause);
  return [];
}
