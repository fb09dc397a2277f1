/**
 * npm run bench [-- --file ../shared/eval/dev.jsonl --scale 100,1000]: speed, size, memory and
 * dev-set quality of the pipeline against a plain baseline, then a scale run on synthetic corpora.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Answerer } from "../src/answer/types.ts";
import { BaselineAnswerer } from "../src/bench/baseline.ts";
import { folderBytes, peakRssMiB, percentile, timed } from "../src/bench/stats.ts";
import { writeSyntheticCorpus } from "../src/bench/synthetic.ts";
import { loadConfig } from "../src/config.ts";
import { loadCorpus } from "../src/corpus/load.ts";
import { parseEvalFile, scoreItem, summarize, type EvalItem } from "../src/eval/metrics.ts";
import { createLogger } from "../src/log.ts";
import { createApp } from "../src/app/create-app.ts";
import { currentIndexDir } from "../src/index/store.ts";
import { runCli } from "../src/cli/run.ts";

const out = (line = "") => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const offline: typeof fetch = async () => {
  throw new TypeError("benchmark runs offline");
};

async function latencies(
  questions: string[],
  fn: (q: string) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  await fn(questions[0]!); // warm-up (segmenter dictionary, converter)
  const times: number[] = [];
  for (const q of questions) times.push((await timed(() => fn(q))).ms);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function quality(items: EvalItem[], answerer: Answerer) {
  const results = [];
  for (const item of items) results.push(scoreItem(item, await answerer.answer(item.q)));
  const s = summarize(results);
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.value])) as Record<keyof typeof s, number>;
}

const fmtQuality = (q: Record<string, number>) =>
  Object.entries(q)
    .map(([k, v]) => `${k} ${Number.isNaN(v) ? "n/a" : v.toFixed(3)}`)
    .join("  ");

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { file: { type: "string" }, scale: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    out("Usage: npm run bench [-- --file <questions.jsonl>] [--scale 100,1000 | --scale 0]");
    return 0;
  }
  const file = values.file ?? path.resolve("../shared/eval/dev.jsonl");
  const items = existsSync(file) ? parseEvalFile(await readFile(file, "utf8")) : [];
  const questions =
    items.length > 0
      ? items.map((i) => i.q)
      : ["惠安县2023年办理了多少件信访事项？", "信访事项多久要办结？", "阎良区信访局2022年召开了几次保密工作会议？"];
  const scales = (values.scale ?? "100,1000")
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
  const base = loadConfig();
  const log = createLogger("silent");
  const work = await mkdtemp(path.join(tmpdir(), "xinfang-bench-"));
  try {
    out(
      `xinfang-qa benchmark — node ${process.version}, ${questions.length} questions${items.length ? ` from ${path.relative(process.cwd(), file)}` : " (built-in; dev set not found)"}`,
    );
    out();

    // The pipeline on the real corpus, from an empty data dir.
    const dataDir = path.join(work, "data");
    const config = { ...base, dataDir };
    const build = await timed(() => createApp(config, { log, fetch: offline }));
    const app = build.value;
    const engine = app.engine();
    const stats = app.stats();
    const bytes = await folderBytes(currentIndexDir(dataDir));
    const retrieval = await latencies(questions, (q) => engine.retrieve(engine.understand(q)));
    const answering = await latencies(questions, (q) => app.ask(q));
    const reload = await timed(() => createApp(config, { log, fetch: offline }));
    const ours = items.length ? await quality(items, { answer: (q) => app.ask(q) }) : undefined;
    out("pipeline (structure-aware chunks, hybrid BM25 + local vectors, extractive answers)");
    out(`  ingest (empty data dir)   ${ms(build.ms)}   ${stats.documents} documents, ${stats.chunks} chunks`);
    out(`  start with fresh index    ${ms(reload.ms)}`);
    out(`  index size on disk        ${(bytes / 1024).toFixed(0)} KiB`);
    out(`  retrieval latency         p50 ${ms(retrieval.p50)}   p95 ${ms(retrieval.p95)}`);
    out(`  full answer latency       p50 ${ms(answering.p50)}   p95 ${ms(answering.p95)}`);
    if (ours) out(`  dev quality               ${fmtQuality(ours)}`);
    out(`  peak RSS so far           ${peakRssMiB().toFixed(0)} MiB`);
    out();

    // The plain baseline on the same corpus.
    const corpus = await loadCorpus(config.corpusDir);
    const baseBuild = await timed(() => BaselineAnswerer.build(corpus));
    const baseline = baseBuild.value;
    const baseLatency = await latencies(questions, (q) => baseline.answer(q));
    const theirs = items.length ? await quality(items, baseline) : undefined;
    out("baseline (300-character windows of the raw files + BM25, top window as the answer)");
    out(`  build                     ${ms(baseBuild.ms)}   ${baseline.size} windows`);
    out(`  answer latency            p50 ${ms(baseLatency.p50)}   p95 ${ms(baseLatency.p95)}`);
    if (theirs) out(`  dev quality               ${fmtQuality(theirs)}`);
    if (ours && theirs) {
      const ratio = (k: keyof typeof ours) =>
        theirs[k] > 0 ? `${(ours[k] / theirs[k]).toFixed(2)}x` : ours[k] > 0 ? "∞ (baseline 0)" : "n/a";
      out(
        `  gain (pipeline/baseline)  hit@1 ${ratio("hit@1")}  hit@5 ${ratio("hit@5")}  facts ${ratio("facts")}  none ${ratio("none")}  cross ${ratio("cross")}`,
      );
    }
    out();

    // Scale: synthetic corpora of N reports.
    if (scales.length) {
      out("scale (synthetic reports made from the real ones; regulations included when present)");
      out("  reports  chunks   ingest      index size   retrieval p50/p95     answer p50/p95        peak RSS");
      for (const n of scales) {
        const dir = path.join(work, `scale-${n}`);
        await writeSyntheticCorpus(base.corpusDir, path.join(dir, "corpus"), n);
        const cfg = { ...base, corpusDir: path.join(dir, "corpus"), dataDir: path.join(dir, "data") };
        const b = await timed(() => createApp(cfg, { log, fetch: offline }));
        const scaled = b.value.engine();
        const r = await latencies(questions, (q) => scaled.retrieve(scaled.understand(q)));
        const a = await latencies(questions, (q) => b.value.ask(q));
        const size = await folderBytes(currentIndexDir(cfg.dataDir));
        out(
          `  ${String(n).padStart(7)}  ${String(b.value.stats().chunks).padStart(6)}   ${ms(b.ms).padStart(9)}   ${`${(size / 1024 / 1024).toFixed(1)} MiB`.padStart(10)}   ${`${ms(r.p50)} / ${ms(r.p95)}`.padStart(20)}  ${`${ms(a.p50)} / ${ms(a.p95)}`.padStart(20)}   ${peakRssMiB().toFixed(0)} MiB`,
        );
        await rm(dir, { recursive: true, force: true });
      }
    }
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runCli(main, { stack: true });
