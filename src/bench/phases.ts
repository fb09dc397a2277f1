/**
 * The benchmark's phases, each run alone in a child process (`bench --worker <spec>`) so that its
 * peak RSS is its own: ingest from an empty data dir, answering a question set from a saved index,
 * and re-ingest after one changed file.
 */
import { readFile } from "node:fs/promises";
import { citationLabel } from "../answer/citations.ts";
import type { Answer } from "../answer/types.ts";
import type { App } from "../app/create-app.ts";
import { failed, scoreItem, type EvalItem, type ItemResult } from "../eval/metrics.ts";
import { folderBytes, peakRssMiB, timed } from "./stats.ts";

/** Where a phase's corpus and data are. */
export interface CorpusPaths {
  corpusDir: string;
  dataDir: string;
}

/** Builds the application on a corpus (createApp, offline), reporting index progress. */
export type OpenApp = (paths: CorpusPaths, onProgress: (line: string) => void) => Promise<App>;

/** A question of a set: the set's name and the item. */
export interface SetItem {
  set: string;
  item: EvalItem;
}

/** What a worker is asked to do. */
export type PhaseSpec =
  | ({ phase: "ingest" } & CorpusPaths)
  | ({ phase: "answer"; questionsFile: string } & CorpusPaths)
  | ({ phase: "reingest"; check?: EvalItem } & CorpusPaths);

/** The ingest phase's figures. */
export interface IngestResult {
  phase: "ingest";
  ms: number;
  documents: number;
  chunks: number;
  /** Everything under the data dir (index, builds kept, embedding cache). */
  diskBytes: number;
  peakRssMiB: number;
}

/** A question that failed a metric, for the report. */
export interface Failure {
  set: string;
  id: string;
  q: string;
  /** The first citation as citationLabel writes it, or "(no citation)" / "(not found)". */
  cited: string;
  answer: string;
}

/** The answer phase's figures. */
export interface AnswerResult {
  phase: "answer";
  /** createApp on the saved index, inside the process. */
  loadMs: number;
  /** Understanding and retrieval of each question, on an app that has not answered it. */
  retrievalMs: number[];
  /** app.ask of each question (the full answer), the first time the app meets it. */
  answerMs: number[];
  results: { set: string; result: ItemResult }[];
  failures: Failure[];
  peakRssMiB: number;
}

/** The re-ingest phase's figures. */
export interface ReingestResult {
  phase: "reingest";
  ms: number;
  /** Why the index was rebuilt, as its builder said; empty when it was not. */
  rebuilt: string;
  /** The changed figure is what the answer now gives. */
  checkPassed?: boolean;
  peakRssMiB: number;
}

export type PhaseResult = IngestResult | AnswerResult | ReingestResult;

/** How a failure line shows the first citation (citationLabel), or why there is none. */
function firstCited(a: Answer): string {
  const c = a.citations[0];
  if (c) return citationLabel(c);
  return a.found ? "(no citation)" : "(not found)";
}

/** Every question answered (app.ask) and scored, each answer timed. */
async function answerPass(app: App, items: SetItem[]) {
  const out: Pick<AnswerResult, "answerMs" | "results" | "failures"> = { answerMs: [], results: [], failures: [] };
  for (const { set, item } of items) {
    const { ms, value: answer } = await timed(() => app.ask(item.q));
    out.answerMs.push(ms);
    const result = scoreItem(item, answer);
    out.results.push({ set, result });
    if (failed(result))
      out.failures.push({ set, id: item.id, q: item.q, cited: firstCited(answer), answer: answer.answer.slice(0, 80) });
  }
  return out;
}

/** Every question understood and retrieved, each timed. */
async function retrievalPass(app: App, items: SetItem[]): Promise<number[]> {
  const engine = app.engine();
  const times: number[] = [];
  for (const { item } of items) times.push((await timed(() => engine.retrieve(engine.understand(item.q)))).ms);
  return times;
}

/**
 * The answer phase. Full answers and retrieval are timed in two passes, each on an app of its own
 * loaded from the saved index and warmed by the same one question (segmenter dictionary,
 * converters, JIT), so that in both passes every question is met for the first time: the per-index
 * memos (retriever, per-chunk texts) that answering a question fills do not speed up its retrieval,
 * nor the other way round. What is warm in both is process-wide: loaded modules, the JIT, and the
 * module-level memos of the thesaurus's words. Peak RSS is read after the answers, before the second
 * app is loaded, so it is the memory of loading once and answering every question.
 */
async function answerPhase(
  spec: Extract<PhaseSpec, { phase: "answer" }>,
  open: OpenApp,
  progress: (line: string) => void,
): Promise<AnswerResult> {
  const paths = { corpusDir: spec.corpusDir, dataDir: spec.dataDir };
  const items = JSON.parse(await readFile(spec.questionsFile, "utf8")) as SetItem[];
  const warmUp = items[0]?.item.q;
  const load = async () => {
    const loaded = await timed(() => open(paths, progress));
    if (warmUp !== undefined) await loaded.value.ask(warmUp);
    return loaded;
  };
  const { ms: loadMs, value: answering } = await load();
  const answers = await answerPass(answering, items);
  const answerPeakRssMiB = peakRssMiB();
  const retrievalMs = await retrievalPass((await load()).value, items);
  return { phase: "answer", loadMs, retrievalMs, ...answers, peakRssMiB: answerPeakRssMiB };
}

/** Runs one phase in this process and returns its figures. */
export async function runPhase(spec: PhaseSpec, open: OpenApp, progress: (line: string) => void): Promise<PhaseResult> {
  const paths = { corpusDir: spec.corpusDir, dataDir: spec.dataDir };
  if (spec.phase === "ingest") {
    const { ms, value: app } = await timed(() => open(paths, progress));
    const { documents, chunks } = app.stats();
    return {
      phase: "ingest",
      ms,
      documents,
      chunks,
      diskBytes: await folderBytes(spec.dataDir),
      peakRssMiB: peakRssMiB(),
    };
  }
  if (spec.phase === "reingest") {
    let rebuilt = "";
    const { ms, value: app } = await timed(() =>
      open(paths, (line) => {
        if (line.startsWith("building the index")) rebuilt = line.replace(/^building the index \(?|\)$/g, "");
        progress(line);
      }),
    );
    const checkPassed = spec.check ? !failed(scoreItem(spec.check, await app.ask(spec.check.q))) : undefined;
    return {
      phase: "reingest",
      ms,
      rebuilt,
      ...(checkPassed !== undefined ? { checkPassed } : {}),
      peakRssMiB: peakRssMiB(),
    };
  }
  return answerPhase(spec, open, progress);
}
