/** Questions from the reports: a bureau's figures, which bureau wrote a passage, campaign names. */
import type { Chunk, ReportMeta } from "../corpus/types.ts";
import { normalizeForMatch } from "../text/script.ts";
import { cut } from "../text/cut.ts";
import { chunksOf, clauses, makeQuestion, reports, sentencesOf, type QuizCorpus } from "./build.ts";
import type { QuizQuestion } from "./types.ts";

const FIGURE = /(\d+(?:\.\d+)?)\s*(余|多)?\s*(件|次|人次|人|份|个|篇|场|期|家|名|%)/g;
const BLANK = "（  ）";

/** Every figure of every report, by unit, as written ("48次", "500余份", "90.14%"). */
function figuresByUnit(corpus: QuizCorpus, only?: Set<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of reports(corpus)) {
    if (only && !only.has(r.id)) continue;
    for (const c of chunksOf(corpus, r.id))
      for (const m of c.text.matchAll(FIGURE))
        out.set(m[3]!, (out.get(m[3]!) ?? new Set()).add(m[0].replace(/\s+/g, "")));
  }
  return out;
}

/** Synthetic figures of a unit near a value, for when the corpus has too few. */
function nearby(value: string, unit: string): string[] {
  const n = Number(value);
  const decimals = value.includes(".") ? value.split(".")[1]!.length : 0;
  // A share is at most 100% (a 化解率 of 90.14% gets no 180.28%).
  const factors = unit.endsWith("%") ? [0.5, 0.75, 0.9, 0.95].filter((f) => n * f <= 100) : [0.5, 0.75, 1.5, 2, 3];
  return factors.map((f) => `${(n * f).toFixed(decimals)}${unit}`);
}

/** Every distinct clause of the given reports, with its sentence, chunk and report. */
function* reportClauses(
  corpus: QuizCorpus,
  docs: ReportMeta[],
): Generator<{ r: ReportMeta; chunk: Chunk; sentence: string; clause: string }> {
  for (const r of docs) {
    const seen = new Set<string>(); // overlapping chunks repeat a sentence: each clause once
    for (const chunk of chunksOf(corpus, r.id)) {
      for (const sentence of sentencesOf(chunk.text)) {
        for (const clause of clauses(sentence)) {
          if (seen.has(clause)) continue;
          seen.add(clause);
          yield { r, chunk, sentence, clause };
        }
      }
    }
  }
}

/** "惠安县人民政府信访局2023年报告：“律师参与县主要领导接访共计（  ）”括号处应为？" */
export function reportFigureQuestions(corpus: QuizCorpus, random: () => number, docs: ReportMeta[]): QuizQuestion[] {
  const all = figuresByUnit(corpus);
  const out: QuizQuestion[] = [];
  for (const { r, chunk, sentence, clause } of reportClauses(corpus, docs)) {
    const matches = [...clause.matchAll(FIGURE)];
    // One figure per clause, so the blank is unambiguous.
    if (matches.length !== 1 || clause.length < 8) continue;
    const m = matches[0]!;
    const written = m[0];
    // Shown as the distractors are, without the source's spaces ("30 余人" would give itself away).
    const shown = written.replace(/\s+/g, "");
    const unit = m[3]!;
    if (unit === "个" && Number(m[1]) < 3) continue;
    const inSentence = (v: string) => normalizeForMatch(sentence).replace(/\s+/g, "").includes(v);
    const pool = [...(all.get(unit) ?? []), ...nearby(m[1]!, `${m[2] ?? ""}${unit}`)].filter(
      (v) => v !== shown && !inSentence(v) && !(unit === "%" && Number.parseFloat(v) > 100),
    );
    const q = makeQuestion({
      kind: "report-figure",
      topic: "报告",
      question: `${r.bureau}${r.year}年报告：“${cut(clause.replace(written, BLANK), 120)}”括号处应为？`,
      correct: shown,
      distractors: pool,
      chunk,
      doc: r,
      evidence: cut(sentence, 120),
      random,
    });
    if (q) out.push(q);
  }
  return out;
}

/** "哪个信访部门的年度报告中写道：“…”？" for sentences found in one report only. */
export function bureauQuestions(corpus: QuizCorpus, random: () => number, docs: ReportMeta[]): QuizQuestion[] {
  const all = reports(corpus);
  const label = (r: ReportMeta) => `${r.bureau}（${r.year}年）`;
  const textOf = (r: ReportMeta) =>
    normalizeForMatch(
      chunksOf(corpus, r.id)
        .map((c) => c.text)
        .join("\n"),
    );
  const texts = new Map(all.map((r) => [r.id, textOf(r)]));
  const out: QuizQuestion[] = [];
  for (const r of docs) {
    const names = [...r.aliases, r.region, "我局", "我县", "我区", "我市", "我办", "本局"].map(normalizeForMatch);
    for (const chunk of chunksOf(corpus, r.id)) {
      for (const sentence of sentencesOf(chunk.text)) {
        // Concrete (a figure or a quoted name), short, naming no place, and in this report only.
        if (sentence.length < 20 || sentence.length > 110 || !/\d|“/.test(sentence)) continue;
        const norm = normalizeForMatch(sentence);
        if (names.some((n) => norm.includes(n)) || /[省市区县](委|政府|信访)/.test(sentence)) continue;
        if (all.some((o) => o.id !== r.id && texts.get(o.id)!.includes(norm))) continue;
        const q = makeQuestion({
          kind: "report-bureau",
          topic: "报告",
          question: `哪个信访部门的年度报告中写道：“${sentence}”`,
          correct: label(r),
          distractors: all.filter((o) => o.bureau !== r.bureau).map(label),
          chunk,
          doc: r,
          evidence: `${r.title}`,
          random,
        });
        if (q) out.push(q);
      }
    }
  }
  return out;
}

/** Campaign and slogan names in quotes: "开展2023年度信访积案“（  ）”专项行动" with other quoted names. */
export function nameQuestions(corpus: QuizCorpus, random: () => number, docs: ReportMeta[]): QuizQuestion[] {
  const NAME = /“([^“”]{2,16})”/g;
  const KIND = /专项|行动|活动|机制|工作|经验|理念|原则|要求/;
  const allNames = new Set<string>();
  for (const r of reports(corpus))
    for (const c of chunksOf(corpus, r.id)) for (const m of c.text.matchAll(NAME)) allNames.add(m[1]!);
  const out: QuizQuestion[] = [];
  for (const { r, chunk, sentence, clause } of reportClauses(corpus, docs)) {
    const names = [...clause.matchAll(NAME)];
    if (names.length !== 1 || !KIND.test(clause.replace(names[0]![0], ""))) continue;
    const name = names[0]![1]!;
    const q = makeQuestion({
      kind: "report-name",
      topic: "报告",
      question: `${r.bureau}${r.year}年报告：“${cut(clause.replace(names[0]![0], `“${BLANK}”`), 120)}”括号处的名称是？`,
      correct: name,
      distractors: [...allNames].filter((n) => !sentence.includes(n)),
      chunk,
      doc: r,
      evidence: cut(sentence, 120),
      random,
    });
    if (q) out.push(q);
  }
  return out;
}
