/**
 * The benchmark: the pipeline on the real corpus (ingest, cold start, warm reload, latency, memory,
 * quality per question set) against the stock baseline, then scale runs on synthetic corpora whose
 * questions are scored. Every phase that is measured for memory runs in its own child process.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { corpusPaths, loadCorpus, readRegulationManifest } from "../corpus/load.ts";
import { scoreItem, summarize, type EvalItem, type ItemResult, type MetricName } from "../eval/metrics.ts";
import { BaselineAnswerer, DEFAULT_BASELINE, type BaselineOptions } from "./baseline.ts";
import type { Launcher } from "./child.ts";
import type { AnswerResult, CorpusPaths, Failure, OpenApp, SetItem } from "./phases.ts";
import { latency, spread, timed, type Latency, type Spread } from "./stats.ts";
import { changeFigure, scaleQuestions } from "./synthetic-questions.ts";
import { writeSyntheticCorpus, type SyntheticReport } from "./synthetic.ts";

/** A question set to score. */
export interface QuestionSet {
  name: string;
  items: EvalItem[];
}

/** What to measure. */
export interface BenchOptions {
  corpusDir: string;
  sets: QuestionSet[];
  /** Synthetic corpus sizes (reports). */
  scales: number[];
  /** Repetitions of the cheap timings (ingest and reload of the real corpus, cold starts). */
  runs: number;
  /** Synthetic reports the scale questions are about. */
  samples: number;
  /** An empty folder the benchmark may fill. */
  workDir: string;
}

/** Parts the benchmark is given. */
export interface BenchIo {
  launcher: Launcher;
  /** createApp in this process (the warm reload). */
  open: OpenApp;
  /** A progress line (stderr). */
  progress: (line: string) => void;
}

/** Each metric's value over the questions it applies to (NaN: none). */
export type Metrics = Record<MetricName, number>;

/** One system's quality on one question set. */
export interface QualityRow {
  set: string;
  n: number;
  system: "pipeline" | "baseline";
  metrics: Metrics;
}

/** The pipeline on the real corpus. */
export interface RealReport {
  documents: number;
  chunks: number;
  diskBytes: number;
  ingest: Spread;
  ingestPeakRssMiB: number;
  coldStart: Spread;
  warmReload: Spread;
  /** createApp on the saved index inside a fresh process (part of a cold start). */
  loadMs: number;
  questions: number;
  retrieval: Latency;
  answer: Latency;
  answerPeakRssMiB: number;
  failures: Failure[];
}

/** The baseline's build and speed on the real corpus. */
export interface BaselineReport {
  options: BaselineOptions;
  chunks: number;
  build: Spread;
  answer: Latency;
}

/** One synthetic size; a phase that failed leaves its fields out and says why in `errors`. */
export interface ScaleReport {
  reports: number;
  documents?: number;
  chunks?: number;
  diskBytes?: number;
  ingestMs?: number;
  ingestPeakRssMiB?: number;
  loadMs?: number;
  coldStart?: Spread;
  retrieval?: Latency;
  answer?: Latency;
  answerPeakRssMiB?: number;
  questions: number;
  kinds: Record<string, number>;
  quality?: Metrics;
  reingest?: { ms: number; rebuilt: string; checkPassed?: boolean; peakRssMiB: number };
  failures: Failure[];
  errors: string[];
}

/** Everything the benchmark measured. */
export interface BenchReport {
  runs: number;
  real: RealReport;
  quality: QualityRow[];
  baseline: BaselineReport;
  scale: ScaleReport[];
}

const values = (s: ReturnType<typeof summarize>): Metrics =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.value])) as Metrics;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `runs` cold starts of the ask command on a saved index. */
async function coldStarts(io: BenchIo, paths: CorpusPaths, question: string, runs: number, label: string) {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    io.progress(`${label}: cold start ${r + 1}/${runs}`);
    times.push((await io.launcher.coldStart(paths, question)).ms);
  }
  return spread(times);
}

/** The real corpus: ingest runs, cold starts, warm reloads and the answer phase, all on the pipeline. */
async function measureReal(io: BenchIo, o: BenchOptions, items: SetItem[]) {
  const ingests = [];
  let paths: CorpusPaths = { corpusDir: o.corpusDir, dataDir: "" };
  for (let r = 0; r < o.runs; r++) {
    io.progress(`real corpus: ingest ${r + 1}/${o.runs} (child process, empty data dir)`);
    paths = { corpusDir: o.corpusDir, dataDir: path.join(o.workDir, `real-data-${r}`) };
    ingests.push(await io.launcher.phase({ phase: "ingest", ...paths }));
    if (r < o.runs - 1) await rm(paths.dataDir, { recursive: true, force: true });
  }
  const last = ingests.at(-1)!;
  const coldStart = await coldStarts(io, paths, items[0]?.item.q ?? "信访事项多久要办结？", o.runs, "real corpus");
  io.progress(`real corpus: answering ${items.length} questions (child process)`);
  const questionsFile = path.join(o.workDir, "real-questions.json");
  await writeFile(questionsFile, JSON.stringify(items));
  const answered = await io.launcher.phase({ phase: "answer", questionsFile, ...paths });
  io.progress(`real corpus: warm reload ×${o.runs} (in this process)`);
  await io.open(paths, () => {}); // loads the modules, so the timed reloads are warm
  const reloads = [];
  for (let r = 0; r < o.runs; r++) reloads.push((await timed(() => io.open(paths, () => {}))).ms);
  const real: RealReport = {
    documents: last.documents,
    chunks: last.chunks,
    diskBytes: last.diskBytes,
    ingest: spread(ingests.map((i) => i.ms)),
    ingestPeakRssMiB: Math.max(...ingests.map((i) => i.peakRssMiB)),
    coldStart,
    warmReload: spread(reloads),
    loadMs: answered.loadMs,
    questions: items.length,
    retrieval: latency(answered.retrievalMs),
    answer: latency(answered.answerMs),
    answerPeakRssMiB: answered.peakRssMiB,
    failures: answered.failures,
  };
  return { real, answered };
}

/** The baseline on the real corpus: build runs, latency, and its quality per set. */
async function measureBaseline(io: BenchIo, o: BenchOptions, items: SetItem[]) {
  io.progress("baseline: building and answering (in this process)");
  const corpus = await loadCorpus(o.corpusDir);
  const builds = [];
  let baseline: BaselineAnswerer | undefined;
  for (let r = 0; r < o.runs; r++) {
    const b = await timed(() => BaselineAnswerer.build(corpus));
    builds.push(b.ms);
    baseline = b.value;
  }
  const answerer = baseline!;
  if (items[0]) await answerer.answer(items[0].item.q);
  const times: number[] = [];
  const results: { set: string; result: ItemResult }[] = [];
  for (const { set, item } of items) {
    const { ms, value } = await timed(() => answerer.answer(item.q));
    times.push(ms);
    results.push({ set, result: scoreItem(item, value) });
  }
  const report: BaselineReport = {
    options: DEFAULT_BASELINE,
    chunks: answerer.size,
    build: spread(builds),
    answer: latency(times),
  };
  return { report, results };
}

/** Regulation titles whose texts a corpus holds. */
async function heldRegulations(corpusDir: string): Promise<string[]> {
  const entries = await readRegulationManifest(corpusDir).catch(() => []);
  return entries.filter((e) => existsSync(path.join(corpusPaths(corpusDir).regulations, e.file))).map((e) => e.title);
}

/** One synthetic size, each phase in its own child process. */
async function measureScale(io: BenchIo, o: BenchOptions, count: number): Promise<ScaleReport> {
  const dir = path.join(o.workDir, `scale-${count}`);
  const paths = { corpusDir: path.join(dir, "corpus"), dataDir: path.join(dir, "data") };
  const label = `scale ${count}`;
  io.progress(`${label}: writing ${count} synthetic reports`);
  const { bases, reports } = await writeSyntheticCorpus(o.corpusDir, paths.corpusDir, count);
  const items = scaleQuestions(bases, reports, {
    samples: o.samples,
    regulations: await heldRegulations(paths.corpusDir),
  });
  const kinds: Record<string, number> = {};
  for (const i of items) kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
  const out: ScaleReport = { reports: count, questions: items.length, kinds, failures: [], errors: [] };
  try {
    io.progress(`${label}: ingest from empty (child process)`);
    const ingest = await io.launcher.phase({ phase: "ingest", ...paths });
    Object.assign(out, {
      documents: ingest.documents,
      chunks: ingest.chunks,
      diskBytes: ingest.diskBytes,
      ingestMs: ingest.ms,
      ingestPeakRssMiB: ingest.peakRssMiB,
    });
  } catch (error) {
    out.errors.push(`ingest: ${message(error)}`);
    return out;
  }
  try {
    io.progress(`${label}: answering ${items.length} questions (child process)`);
    const questionsFile = path.join(dir, "questions.json");
    await writeFile(questionsFile, JSON.stringify(items.map((item) => ({ set: label, item }))));
    const a: AnswerResult = await io.launcher.phase({ phase: "answer", questionsFile, ...paths });
    Object.assign(out, {
      loadMs: a.loadMs,
      retrieval: latency(a.retrievalMs),
      answer: latency(a.answerMs),
      answerPeakRssMiB: a.peakRssMiB,
      quality: values(summarize(a.results.map((r) => r.result))),
      failures: a.failures,
    });
  } catch (error) {
    out.errors.push(`answer: ${message(error)}`);
  }
  const first = items.find((i) => i.kind === "fact") ?? items[0];
  if (first) {
    try {
      out.coldStart = await coldStarts(io, paths, first.q, o.runs, label);
    } catch (error) {
      out.errors.push(`cold start: ${message(error)}`);
    }
  }
  try {
    const change = await changeOneReport(paths.corpusDir, items, reports);
    io.progress(
      `${label}: re-ingest after changing ${change?.file ?? "nothing (no figure to change)"} (child process)`,
    );
    const r = await io.launcher.phase({ phase: "reingest", ...paths, ...(change ? { check: change.check } : {}) });
    out.reingest = {
      ms: r.ms,
      rebuilt: r.rebuilt,
      peakRssMiB: r.peakRssMiB,
      ...(r.checkPassed !== undefined ? { checkPassed: r.checkPassed } : {}),
    };
  } catch (error) {
    out.errors.push(`re-ingest: ${message(error)}`);
  }
  return out;
}

/** Changes the asked figure in the report of the first fact question that has one. */
async function changeOneReport(corpusDir: string, items: EvalItem[], reports: SyntheticReport[]) {
  for (const item of items) {
    if (item.kind !== "fact") continue;
    // A fact question's one gold source is its report: the invented area (unique to the report) and year.
    const gold = item.sources?.[0];
    const report = gold && "bureau" in gold && reports.find((r) => r.region === gold.bureau && r.year === gold.year);
    if (!report) continue;
    const file = path.join(corpusPaths(corpusDir).reports, report.file);
    const change = changeFigure(await readFile(file, "utf8"), item);
    if (!change) continue;
    await writeFile(file, change.text);
    return { file: report.file, check: change.check };
  }
  return undefined;
}

/** Runs the whole benchmark. */
export async function runBenchmark(io: BenchIo, o: BenchOptions): Promise<BenchReport> {
  await mkdir(o.workDir, { recursive: true });
  const items: SetItem[] = o.sets.flatMap((s) => s.items.map((item) => ({ set: s.name, item })));
  const { real, answered } = await measureReal(io, o, items);
  const baseline = await measureBaseline(io, o, items);
  const quality: QualityRow[] = o.sets.flatMap((s) =>
    (["pipeline", "baseline"] as const).map((system) => {
      const results = (system === "pipeline" ? answered.results : baseline.results).filter((r) => r.set === s.name);
      return { set: s.name, n: results.length, system, metrics: values(summarize(results.map((r) => r.result))) };
    }),
  );
  const scale: ScaleReport[] = [];
  for (const count of o.scales) {
    const started = performance.now();
    scale.push(await measureScale(io, o, count));
    await rm(path.join(o.workDir, `scale-${count}`), { recursive: true, force: true });
    io.progress(`scale ${count}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { runs: o.runs, real, quality, baseline: baseline.report, scale };
}
