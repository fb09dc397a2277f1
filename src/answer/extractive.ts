/** The offline answerer: quotes the sentences that answer the question, verbatim, with [n] markers. */
import type { Chunk } from "../corpus/types.ts";
import { describeRegulations, describeReports, type Catalog } from "../search/catalog.ts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { coverageOf } from "../search/retriever.ts";
import { toChineseNumeral } from "../text/numerals.ts";
import { splitSentences } from "../text/sentences.ts";
import { lexicalTerms, phraseScore } from "../text/tokenize.ts";
import { contextTerms } from "../index/index-text.ts";
import { citationFor } from "./citations.ts";
import type { Synthesizer } from "./engine.ts";
import type { Answer, Citation } from "./types.ts";

/** Tuning of the extractive answerer. */
export interface ExtractiveOptions {
  /** The best passage must cover at least this share of the question's weighted terms. */
  minCoverage: number;
  /** Passages considered for quotes. */
  maxPassages: number;
  /** A second quote is added when it scores at least this share of the best one. */
  secondQuoteRatio: number;
  /** With a unit asked for (多少件), further sentences stating such a figure need this share. */
  figureQuoteRatio: number;
  /** Most reports listed in a cross-report answer. */
  maxListed: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minCoverage: 0.45,
  maxPassages: 4,
  secondQuoteRatio: 0.85,
  figureQuoteRatio: 0.7,
  maxListed: 6,
};

/** A sentence of a passage, as a candidate quote. */
interface Candidate {
  passage: Passage;
  text: string;
  score: number;
}

/** A number that is not just a year ("2024年"), or a Chinese numeral with a unit. */
const HAS_FIGURE =
  /(?<!\d)\d+(?:\.\d+)?(?!\d|\s*年)|[一二三四五六七八九十两百千万]+\s*(次|件|个|人|份|篇|条|日|天|名|项|%)/;

/** Scores every sentence of the given passages against the question. */
export function rankSentences(retrieval: Retrieval, passages: Passage[]): Candidate[] {
  const out: Candidate[] = [];
  passages.forEach((passage, rank) => {
    // Bureau, year and headings are true of every sentence of the passage: count them as present.
    const context = contextTerms(passage.chunk, passage.doc);
    // A legal provision's clauses ("…办结；情况复杂的，…") belong together: split articles at full stops only.
    const units = splitSentences(passage.chunk.text, { semicolons: passage.doc.kind !== "regulation" });
    for (const raw of units) {
      const text = raw.trim();
      if (text.length < 4) continue;
      let score = coverageOf(retrieval.weights, new Set([...lexicalTerms(text), ...context]));
      score += 0.2 * phraseScore(retrieval.query.phrases, text);
      if (retrieval.query.wantsNumber && hasFigure(text, retrieval.query.unit)) score += 0.15;
      score += 0.1 * passage.score - 0.02 * rank;
      out.push({ passage, text, score });
    }
  });
  return out.sort((a, b) => b.score - a.score);
}

/** Whether a sentence states a figure (of the given unit, when there is one). */
export function hasFigure(text: string, unit?: string): boolean {
  if (!unit) return HAS_FIGURE.test(text);
  if (unit === "%") return /\d\s*%|百分之/.test(text);
  return new RegExp(`(\\d[\\d,.]*|[一二三四五六七八九十两百千万]+)\\s*(余|多)?\\s*${unit}`).test(text);
}

/** Composes the answer for a retrieval; pure, so it can be tested without an index. */
export function composeAnswer(
  question: string,
  retrieval: Retrieval,
  catalog: Catalog,
  options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS,
): Answer {
  const notFound = (answer: string): Answer => ({ question, answer, found: false, citations: [] });
  if (retrieval.outOfScope) return notFound(`${retrieval.outOfScope.message}\n${availability(catalog)}`);
  const top = retrieval.passages[0];
  if (!top) return notFound(`在现有文档中没有找到与该问题相关的内容。\n${availability(catalog)}`);

  if (retrieval.direct) {
    const { chunk, doc } = top;
    const citation = citationFor(1, chunk, doc, chunk.text);
    const head = `《${doc.title}》第${toChineseNumeral(chunk.article ?? 0)}条${chunk.chapter ? `（${chunk.chapter}）` : ""}：`;
    return {
      question,
      answer: `${supersededNote([citation], catalog)}${head}\n${chunk.text}[1]`,
      found: true,
      citations: [citation],
    };
  }

  if (top.coverage < options.minCoverage) {
    return notFound(`在现有文档中没有找到能回答该问题的内容。\n${availability(catalog)}`);
  }

  if (retrieval.status) return statusAnswer(question, retrieval, catalog);

  const passages = retrieval.passages.slice(0, options.maxPassages);
  const quotes = retrieval.query.wantsList
    ? pickPerDocument(retrieval, options)
    : pickQuotes(retrieval, passages, options);
  if (
    retrieval.query.wantsNumber &&
    !retrieval.query.wantsList &&
    !quotes.some((q) => hasFigure(q.text, retrieval.query.unit))
  ) {
    // Asked for a figure and found none: better "not in the documents" than a sentence without one.
    return notFound(`现有文档中没有找到该问题所问的具体数字或日期。\n${availability(catalog)}`);
  }

  // Number the cited chunks in the order they are quoted; quotes from one chunk share a marker.
  const citations: Citation[] = [];
  const markerOf = new Map<Chunk, number>();
  const lines: string[] = [];
  for (const q of quotes) {
    let n = markerOf.get(q.passage.chunk);
    if (n === undefined) {
      n = citations.length + 1;
      markerOf.set(q.passage.chunk, n);
      citations.push(citationFor(n, q.passage.chunk, q.passage.doc, q.text));
    } else {
      const c = citations[n - 1]!;
      c.quote = `${c.quote}……${q.text}`;
    }
    const lead = retrieval.query.wantsList ? `${sourceName(q.passage)}：` : "";
    lines.push(`${lead}${q.text}[${n}]`);
  }
  const intro = retrieval.query.wantsList
    ? `共有${new Set(quotes.map((q) => q.passage.doc.id)).size}份文档提到相关内容：`
    : `根据${sourceName(quotes[0]!.passage)}${yearNote(retrieval, quotes[0]!.passage)}：`;
  return {
    question,
    answer: `${supersededNote(citations, catalog)}${intro}\n${lines.join("\n")}`,
    found: true,
    citations,
  };
}

/**
 * The best sentence, plus others of the same document that are nearly as good. When a figure of a
 * given unit is asked for, every close sentence stating one is kept: "办理了多少件" may have three
 * answers in one report (in total, by category, on review), and the user should see all of them.
 */
function pickQuotes(retrieval: Retrieval, passages: Passage[], options: ExtractiveOptions): Candidate[] {
  const ranked = rankSentences(retrieval, passages);
  const best = ranked[0];
  if (!best) return [];
  const { unit } = retrieval.query;
  // Extra quotes stay within the best quote's report, or within its article for a regulation.
  const sameSource = (c: Candidate) =>
    best.passage.doc.kind === "regulation"
      ? c.passage.chunk === best.passage.chunk
      : c.passage.doc.id === best.passage.doc.id;
  const others = ranked.filter(
    (c) => c !== best && sameSource(c) && !best.text.includes(c.text) && !c.text.includes(best.text),
  );
  const extra = unit
    ? others.filter((c) => hasFigure(c.text, unit) && c.score >= options.figureQuoteRatio * best.score).slice(0, 2)
    : others.filter((c) => c.score >= options.secondQuoteRatio * best.score).slice(0, 1);
  const picked = [best, ...extra.filter((c, i) => extra.findIndex((d) => d.text === c.text) === i)];
  // All quotes come from one document: keep its order, so figures read as the report lists them
  // (a total before its parts).
  const position = (c: Candidate) => c.passage.chunk.start + c.passage.chunk.text.indexOf(c.text);
  return picked.sort((a, b) => position(a) - position(b));
}

/** For cross-report questions: the best relevant sentence of each document, best document first. */
function pickPerDocument(retrieval: Retrieval, options: ExtractiveOptions): Candidate[] {
  const bestCoverage = retrieval.passages[0]?.coverage ?? 0;
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const p of retrieval.passages) {
    if (seen.has(p.doc.id) || p.coverage < Math.max(options.minCoverage, 0.8 * bestCoverage)) continue;
    seen.add(p.doc.id);
    const best = rankSentences(retrieval, [p])[0];
    if (best) out.push(best);
    if (out.length >= options.maxListed) break;
  }
  return out;
}

function sourceName(p: Passage): string {
  return p.doc.kind === "report"
    ? `${p.doc.bureau}${p.doc.year}年度报告`
    : `《${p.doc.title}》第${toChineseNumeral(p.chunk.article ?? 0)}条`;
}

/** Says so when a report is cited for a year it does not cover (its plans for the next year). */
function yearNote(retrieval: Retrieval, p: Passage): string {
  const asked = retrieval.query.years;
  if (p.doc.kind !== "report" || asked.length === 0 || asked.includes(p.doc.year)) return "";
  return `中关于${asked.map((y) => `${y}年`).join("、")}的计划`;
}

/** Whether a regulation is in force, and since when, quoting each one's commencement article. */
function statusAnswer(question: string, retrieval: Retrieval, catalog: Catalog): Answer {
  const citations = retrieval.passages.map((p, i) => citationFor(i + 1, p.chunk, p.doc, p.chunk.text));
  const lines = retrieval.passages.map((p, i) => {
    const reg = catalog.regulations.find((r) => r.id === p.doc.id)!;
    const state =
      reg.status === "in_force"
        ? "现行有效"
        : `已被《${reg.supersededBy ?? "新条例"}》取代${reg.supersededOn ? `（新条例自${chineseDate(reg.supersededOn)}起施行）` : ""}`;
    return `《${reg.title}》${state}。${reg.issuer ? `发布机关：${reg.issuer}。` : ""}原文：${p.chunk.text}[${i + 1}]`;
  });
  return { question, answer: lines.join("\n"), found: true, citations };
}

function chineseDate(iso: string): string {
  return iso.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, "$1年$2月$3日");
}

/** A warning when the superseded 2005 regulation is cited. */
function supersededNote(citations: Citation[], catalog: Catalog): string {
  const old = catalog.regulations.find(
    (r) => r.status === "superseded" && citations.some((c) => c.kind === "regulation" && c.regulation === r.title),
  );
  if (!old) return "";
  const since = old.supersededOn ? `自${chineseDate(old.supersededOn)}起` : "";
  return `注意：《${old.title}》已被《${old.supersededBy ?? "新条例"}》取代（${since}施行新条例），以下引用的是已失效的旧条例。\n`;
}

function availability(catalog: Catalog): string {
  return `现有文档：${describeReports(catalog)}的年度报告；${describeRegulations(catalog)}。`;
}

/** The offline synthesizer: composeAnswer over the engine's retrieval. */
export class ExtractiveSynthesizer implements Synthesizer {
  constructor(
    private readonly catalog: Catalog,
    private readonly options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS,
  ) {}

  async synthesize(question: string, retrieval: Retrieval): Promise<Answer> {
    return composeAnswer(question, retrieval, this.catalog, this.options);
  }
}
