/** The benchmark's report as plain-text tables. */
import { score, table } from "../cli/table.ts";
import { METRICS } from "../eval/metrics.ts";
import type { BenchReport, Metrics, ScaleReport } from "./run.ts";
import type { Latency, Spread } from "./stats.ts";

/** Milliseconds, with decimals only when small. */
const ms = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v)
    ? "–"
    : v < 10
      ? `${v.toFixed(2)} ms`
      : v < 10_000
        ? `${v.toFixed(0)} ms`
        : `${(v / 1000).toFixed(1)} s`;

const mib = (v: number | undefined) => (v === undefined ? "–" : `${v.toFixed(0)} MiB`);
const bytes = (v: number | undefined) =>
  v === undefined ? "–" : v < 1024 * 1024 ? `${(v / 1024).toFixed(0)} KiB` : `${(v / 1024 / 1024).toFixed(1)} MiB`;
const spreadCells = (s: Spread | undefined) => (s ? [ms(s.min), ms(s.median), ms(s.max)] : ["–", "–", "–"]);
const pcts = (l: Latency | undefined) => (l ? `${ms(l.p50)} / ${ms(l.p95)}` : "–");
/** pipeline / baseline, as "1.23×". */
const ratio = (p: number, b: number) =>
  Number.isNaN(p) || Number.isNaN(b) ? "n/a" : b > 0 ? `${(p / b).toFixed(2)}×` : p > 0 ? "∞" : "n/a";
const metricCells = (m: Metrics | undefined) => METRICS.map((k) => score(m?.[k]));

function realSection(r: BenchReport): string {
  const { real } = r;
  const runs = `${r.runs} run${r.runs === 1 ? "" : "s"}`;
  const rows = [
    [
      "ingest from empty (child process; createApp)",
      ...spreadCells(real.ingest),
      `${runs}; peak RSS ${mib(real.ingestPeakRssMiB)}`,
    ],
    [
      "cold start to first answer (spawned ask --json)",
      ...spreadCells(real.coldStart),
      `${runs}; node + modules + load + answer`,
    ],
    ["  of which createApp on the saved index", ms(real.loadMs), "", "", "in the answer worker"],
    [
      "start with fresh index (warm reload, in-process)",
      ...spreadCells(real.warmReload),
      `${runs}; modules already loaded`,
    ],
  ];
  return [
    `pipeline on the real corpus: ${real.documents} documents, ${real.chunks} chunks, data dir ${bytes(real.diskBytes)} on disk`,
    table(["", "min", "median", "max", "note"], rows),
    "",
    table(
      ["per question", "p50", "p95", "max", "note"],
      [
        [
          "retrieval",
          ms(real.retrieval.p50),
          ms(real.retrieval.p95),
          ms(real.retrieval.max),
          `${real.questions} questions, each new to the app (apart from one warm-up question)`,
        ],
        [
          "full answer",
          ms(real.answer.p50),
          ms(real.answer.p95),
          ms(real.answer.max),
          `peak RSS of the answering process ${mib(real.answerPeakRssMiB)}`,
        ],
      ],
    ),
  ].join("\n");
}

function qualitySection(r: BenchReport): string {
  const { baseline } = r;
  const rows = r.quality.map((q) => [`${q.set} · ${q.system}`, String(q.n), ...metricCells(q.metrics)]);
  const sets = [...new Set(r.quality.map((q) => q.set))];
  const gains = sets.map((set) => {
    const p = r.quality.find((q) => q.set === set && q.system === "pipeline")!.metrics;
    const b = r.quality.find((q) => q.set === set && q.system === "baseline")!.metrics;
    return `${set}: ${(["hit@1", "hit@5", "facts"] as const).map((k) => `${k} ${ratio(p[k], b[k])}`).join(", ")}`;
  });
  return [
    `quality on the real corpus: pipeline vs baseline (LangChain RecursiveCharacterTextSplitter ${baseline.options.chunkSize}/${baseline.options.chunkOverlap} characters with CJK separators + jieba BM25; regulation chunks carry their article; top chunk as the answer; no threshold, so it never says "not found")`,
    table(["set · system", "n", ...METRICS], rows),
    `  pipeline / baseline — ${gains.join("; ")}`,
    "",
    `baseline speed: build ${ms(baseline.build.min)} / ${ms(baseline.build.median)} / ${ms(baseline.build.max)} (min / median / max of ${r.runs}), ${baseline.chunks} chunks; answer p50 ${ms(baseline.answer.p50)}, p95 ${ms(baseline.answer.p95)}`,
  ].join("\n");
}

function scaleSection(scale: ScaleReport[], runs: number): string {
  const speed = scale.map((s) => [
    String(s.reports),
    s.chunks === undefined ? "–" : String(s.chunks),
    ms(s.ingestMs),
    mib(s.ingestPeakRssMiB),
    bytes(s.diskBytes),
    s.reingest ? ms(s.reingest.ms) : "–",
    s.coldStart ? `${ms(s.coldStart.min)} / ${ms(s.coldStart.median)} / ${ms(s.coldStart.max)}` : "–",
    pcts(s.retrieval),
    pcts(s.answer),
    mib(s.answerPeakRssMiB),
  ]);
  const answers = scale.map((s) => [
    String(s.reports),
    `${s.questions} (${Object.entries(s.kinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ")})`,
    ...metricCells(s.quality),
    s.reingest?.checkPassed === undefined ? "–" : s.reingest.checkPassed ? "yes" : "NO",
  ]);
  const notes = scale.flatMap((s) => [
    ...s.errors.map((e) => `  ${s.reports}: FAILED ${e}`),
    ...(s.reingest && !s.reingest.rebuilt ? [`  ${s.reports}: re-ingest did not rebuild the index`] : []),
    ...s.failures
      .slice(0, 6)
      .map((f) => `  ${s.reports}: ✗ ${f.id} ${f.q} → ${f.cited}: ${f.answer.replace(/\s+/g, " ").slice(0, 50)}`),
    ...(s.failures.length > 6
      ? [`  ${s.reports}: … ${s.failures.length - 6} more failing questions (--json lists all)`]
      : []),
  ]);
  return [
    "scale: synthetic corpora (real reports under invented bureaus, years moved, figures changed); each phase in its own child process; ingest and re-ingest one run each",
    table(
      [
        "reports",
        "chunks",
        "ingest",
        "RSS ingest",
        "index on disk",
        "re-ingest 1 file",
        `cold start min / med / max (${runs})`,
        "retrieval p50 / p95",
        "answer p50 / p95",
        "RSS answering",
      ],
      speed,
    ),
    "",
    "scale: answers checked (questions name the synthetic bureaus; gold figures as the generator changed them)",
    table(["reports", "questions", ...METRICS, "changed figure after re-ingest"], answers),
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
}

/** The whole report as text. */
export function formatReport(r: BenchReport, header: string): string {
  return [
    header,
    "",
    realSection(r),
    "",
    qualitySection(r),
    ...(r.scale.length ? ["", scaleSection(r.scale, r.runs)] : []),
    "",
  ].join("\n");
}
