/**
 * The benchmark's phases, each run alone in a child process (`bench --worker <spec>`) so that its
 * peak RSS is its own: ingest from an empty data dir, answering a question set from a saved index,
 * and re-ingest after one changed file.
 */
import { readFile } from "node:fs/promises";
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
  /** The first citation, as "bureau year" or "regulation article". */
  cited: string;
  answer: string;
}

/** The answer phase's figures. */
export interface AnswerResult {
  phase: "answer";
  /** createApp on the saved index, inside the process. */
  loadMs: number;
  retrievalMs: number[];
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

/** How a citation reads in a failure line. */
function label(a: Awaited<ReturnType<App["ask"]>>): string {
  const c = a.citations[0];
  if (!c) return a.found ? "(no citation)" : "(not found)";
  return c.kind === "report" ? `${c.bureau ?? "?"} ${c.year ?? "?"}` : `${c.regulation ?? c.title} ${c.article ?? "?"}`;
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
  const items = JSON.parse(await readFile(spec.questionsFile, "utf8")) as SetItem[];
  const { ms: loadMs, value: app } = await timed(() => open(paths, progress));
  const engine = app.engine();
  if (items[0]) await app.ask(items[0].item.q); // warm-up: segmenter dictionary, converters
  const out: AnswerResult = {
    phase: "answer",
    loadMs,
    retrievalMs: [],
    answerMs: [],
    results: [],
    failures: [],
    peakRssMiB: 0,
  };
  for (const { set, item } of items) {
    out.retrievalMs.push((await timed(() => engine.retrieve(engine.understand(item.q)))).ms);
    const { ms, value: answer } = await timed(() => app.ask(item.q));
    out.answerMs.push(ms);
    const result = scoreItem(item, answer);
    out.results.push({ set, result });
    if (failed(result))
      out.failures.push({ set, id: item.id, q: item.q, cited: label(answer), answer: answer.answer.slice(0, 80) });
  }
  out.peakRssMiB = peakRssMiB();
  return out;
}
