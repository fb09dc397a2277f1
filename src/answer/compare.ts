/**
 * Questions across reports (哪些局提到…, 各地…, 哪个最多): one cited line per report that has it,
 * best first (or by the figure, for 最多/最少), and the reports that do not.
 */
import { present } from "../search/concepts.ts";
import { headingRoles } from "../search/outline.ts";
import { normalizeForMatch } from "../text/script.ts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { figuresIn, figureValue, namesAnother } from "./evidence.ts";
import { AnswerBuilder } from "./builder.ts";
import type { ExtractiveOptions } from "./extractive.ts";
import type { Catalog } from "../search/catalog.ts";
import { excerpt, highlightsOf, rankSentences, withExplanation, type Candidate } from "./sentences.ts";
import type { Answer } from "./types.ts";

/** Said of figures set side by side from different reports, which need not count the same thing. */
export const COUNTED_APART = "（各报告统计的范围和口径可能不同，请对照原文）";

/**
 * A report's largest (or smallest) figure of the unit asked, among its sentences about the
 * question: "哪个局办理信访件数最多" compares each report's total, not its first figure.
 */
function extremeFigure(
  retrieval: Retrieval,
  passages: Passage[],
  which: "max" | "min",
): { passage: Passage; sentence: Candidate; value: number } | undefined {
  const { unit } = retrieval.query.intent;
  if (!unit) return undefined;
  const ranked = rankSentences(retrieval, passages).filter((c) => c.fits);
  const top = ranked[0];
  if (!top) return undefined;
  let best: { passage: Passage; sentence: Candidate; value: number } | undefined;
  // A figure counting something else than what is compared ("2起医疗纠纷") is no report's total.
  const counted = [...retrieval.weights.keys()].filter((c) => c.counted);
  for (const c of ranked.filter((r) => r.core >= 0.5 * top.core)) {
    for (const figure of figuresIn(c.text, unit).filter((f) => !namesAnother(c.text, f, counted))) {
      const value = figureValue(figure);
      if (value === undefined) continue;
      if (!best || (which === "max" ? value > best.value : value < best.value))
        best = { passage: c.passage, sentence: c, value };
    }
  }
  return best;
}

/**
 * The weight from which a concept is a subject of the question (as for roleIsTopic below): phrasing
 * the reports do not use (讲到, 已经) weighs less.
 */
const SUBJECT_WEIGHT = 2;

/** The answer across reports, or undefined when no report covers the question well enough. */
export function compareAnswer(
  question: string,
  retrieval: Retrieval,
  catalog: Catalog,
  options: ExtractiveOptions,
  notes: string[],
): Answer | undefined {
  const { intent } = retrieval.query;
  const reports = retrieval.passages.filter((p) => p.doc.kind === "report");
  const bestCoverage = Math.max(0, ...reports.map((p) => p.coverage));
  if (bestCoverage < options.minCoverage) return undefined;
  // A subject of the question that no report's passage holds ("视频接访": 视频): no report
  // discusses what is asked, though they share its other words.
  const texts = reports.map((p) => normalizeForMatch(p.chunk.text));
  const subjects = [...retrieval.weights].filter(([c, w]) => !c.cue && w >= SUBJECT_WEIGHT).map(([c]) => c);
  if (subjects.some((c) => !texts.some((t) => present(c, t)))) return undefined;
  const threshold = Math.max(options.minCoverage, 0.5 * bestCoverage);

  // Each report's best passage: in the part asked about (不足, 计划…) when that part is the whole
  // question ("哪些报告说存在不足"), not when it names a subject too ("宪法宣传周搞过或打算搞"),
  // unless the part is what a report admits it did badly ("普法宣传搞得不咋地"): never its work.
  const roleIsTopic = intent.role && (subjects.length === 0 || intent.role === "shortcomings");
  const byDoc = new Map<string, Passage>();
  for (const p of reports) {
    if (byDoc.has(p.doc.id) || p.coverage < threshold) continue;
    if (roleIsTopic && !p.chunk.headingPath.some((h) => headingRoles(h).includes(intent.role!))) continue;
    byDoc.set(p.doc.id, p);
  }
  let lines: { passage: Passage; sentence: Candidate; value?: number }[] = [];
  // Reports are compared on their passages about the question, not only the single best one.
  for (const passage of byDoc.values()) {
    if (intent.superlative) {
      const best = extremeFigure(
        retrieval,
        reports.filter((p) => p.doc.id === passage.doc.id),
        intent.superlative,
      );
      if (best) lines.push(best);
      continue;
    }
    const ranked = rankSentences(retrieval, [passage]);
    const sentence = ranked.find((c) => c.fits) ?? ranked[0];
    if (sentence) lines.push({ passage: sentence.passage, sentence });
  }
  if (lines.length === 0) return undefined;
  if (intent.superlative) {
    lines = lines.filter((l) => l.value !== undefined);
    if (lines.length === 0) return undefined;
    const sign = intent.superlative === "max" ? -1 : 1;
    lines.sort((a, b) => sign * (a.value! - b.value!));
  }
  lines = lines.slice(0, options.maxListed);

  const builder = new AnswerBuilder();
  for (const { passage, sentence } of lines) {
    const { doc } = passage;
    const label = doc.kind === "report" ? `${doc.bureau}（${doc.year}年）：` : "";
    const text = intent.shape === "figure" ? sentence.text : withExplanation(sentence);
    const shown = intent.shape === "figure" ? excerpt(text, retrieval) : excerpt(text, retrieval, 140);
    builder.quote(shown, passage.chunk, doc, { lead: label, quote: text });
    builder.highlight(highlightsOf(shown, retrieval));
  }
  const first = lines[0]!.passage.doc;
  const second = lines[1];
  const word = intent.unit === "%" ? { max: "最高", min: "最低" } : { max: "最多", min: "最少" };
  // Two reports with the same figure (西安 and 沙坪坝 both 100%): neither is named the one.
  const tied =
    second !== undefined && second.value === lines[0]!.value && second.passage.doc.kind === "report"
      ? second.passage.doc
      : undefined;
  const head =
    intent.superlative && first.kind === "report"
      ? tied?.kind === "report"
        ? `按各报告中的数字，${first.bureau}与${tied.bureau}同为${lines[0]!.value}${intent.unit ?? ""}${COUNTED_APART}：`
        : `按各报告中的数字，${first.bureau}${word[intent.superlative]}${COUNTED_APART}：`
      : "以下报告提到相关内容：";
  const cited = new Set(lines.map((l) => l.passage.doc.id));
  const asked = retrieval.query.bureaus;
  const others = catalog.reports.filter((r) => !cited.has(r.id) && (asked.length === 0 || asked.includes(r.bureau)));
  const tail = others.length ? [`未见相关内容：${others.map((r) => `${r.bureau}（${r.year}年）`).join("、")}。`] : [];
  const answer = builder.build(question, [...notes, head]);
  return { ...answer, answer: [answer.answer, ...tail].join("\n") };
}
