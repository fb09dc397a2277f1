/**
 * npm run bench [-- --file a.jsonl --file b.jsonl --scale 100,1000 --runs 5 --json]: speed, size,
 * memory and quality of the pipeline against a stock baseline on the real corpus, then scale runs
 * on synthetic corpora. `--worker <spec>` runs one measured phase (the benchmark starts itself).
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app/create-app.ts";
import { Launcher } from "../src/bench/child.ts";
import { runPhase, type OpenApp, type PhaseSpec } from "../src/bench/phases.ts";
import { formatReport } from "../src/bench/report.ts";
import { runBenchmark, type QuestionSet } from "../src/bench/run.ts";
import { runCli } from "../src/cli/run.ts";
import { loadConfig, type Config } from "../src/config.ts";
import { parseEvalFile } from "../src/eval/metrics.ts";
import { createLogger } from "../src/log.ts";

const HELP = `Usage: npm run bench [-- options]

  --file <questions.jsonl>   a scored question set (repeatable; default ../shared/eval/dev.jsonl and dev2.jsonl)
  --scale 100,1000           synthetic corpus sizes in reports (0: no scale run)
  --runs 5                   repetitions of the cheap timings (ingest and reload of the real corpus, cold starts)
  --samples 15               synthetic reports the scale questions are about
  --timeout 30               minutes any one child process may take
  --json                     one JSON object on stdout instead of tables

Progress goes to stderr, one line per phase. Offline: local embeddings, no model, no downloads.`;

const offline: typeof fetch = async () => {
  throw new TypeError("the benchmark runs offline");
};

/** The configuration, offline: local embeddings and no chat model whatever the environment says. */
function offlineConfig(): Config {
  const { llm: _llm, ...base } = loadConfig();
  return { ...base, embeddings: { ...base.embeddings, provider: "local" } };
}

function opener(config: Config): OpenApp {
  const log = createLogger("silent");
  return (paths, onProgress) => createApp({ ...config, ...paths }, { log, fetch: offline, onProgress });
}

/** Worker mode: one phase, its result as one JSON line; index progress (thinned) on stderr. */
async function worker(spec: PhaseSpec): Promise<number> {
  let lastEmbedded = 0;
  const progress = (line: string) => {
    if (line.startsWith("embedded ") && performance.now() - lastEmbedded < 2000) return;
    if (line.startsWith("embedded ")) lastEmbedded = performance.now();
    process.stderr.write(`[bench:${spec.phase}] ${line}\n`);
  };
  const result = await runPhase(spec, opener(offlineConfig()), progress);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

const positive = (name: string, text: string | undefined, fallback: number) => {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not "${text}"`);
  return n;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: "string", multiple: true },
      scale: { type: "string" },
      runs: { type: "string" },
      samples: { type: "string" },
      timeout: { type: "string" },
      json: { type: "boolean" },
      worker: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.worker) return worker(JSON.parse(values.worker) as PhaseSpec);

  const files = values.file ?? ["../shared/eval/dev.jsonl", "../shared/eval/dev2.jsonl"].filter((f) => existsSync(f));
  const sets: QuestionSet[] = await Promise.all(
    files.map(async (f) => ({ name: path.basename(f, ".jsonl"), items: parseEvalFile(await readFile(f, "utf8")) })),
  );
  const scales = (values.scale ?? "100,1000")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  const runs = positive("runs", values.runs, 5);
  const config = offlineConfig();
  const started = performance.now();
  const progress = (line: string) =>
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
  const workDir = await mkdtemp(path.join(tmpdir(), "xinfang-bench-"));
  try {
    const launcher = new Launcher({
      node: process.execPath,
      nodeArgs: process.execArgv,
      // This file's own kind: the TypeScript sources through tsx, or the bundle (scripts/launch.mjs).
      benchScript: path.resolve(import.meta.dirname, `bench${path.extname(import.meta.filename)}`),
      askScript: path.resolve(import.meta.dirname, `ask${path.extname(import.meta.filename)}`),
      env: process.env,
      timeoutMs: positive("timeout", values.timeout, 30) * 60_000,
    });
    const report = await runBenchmark(
      { launcher, open: opener(config), progress },
      { corpusDir: config.corpusDir, sets, scales, runs, samples: positive("samples", values.samples, 15), workDir },
    );
    if (values.json) process.stdout.write(`${JSON.stringify({ node: process.version, ...report }, null, 2)}\n`);
    else {
      const questions = sets.length ? sets.map((s) => `${s.name} (${s.items.length})`).join(", ") : "none";
      const machine = `${process.platform} ${process.arch}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
      process.stdout.write(
        formatReport(report, `xinfang-qa benchmark — node ${process.version}, ${machine}; question sets: ${questions}`),
      );
    }
    return 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

runCli(main, { stack: true });
