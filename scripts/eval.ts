/**
 * npm run eval -- --file a.jsonl [--file b.jsonl …] [--json]: each file's metrics, overall and by
 * kind of question, and every failing question with what it cited.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { citationLabel } from "../src/answer/citations.ts";
import { createApp } from "../src/app/create-app.ts";
import { runCli } from "../src/cli/run.ts";
import { loadConfig } from "../src/config.ts";
import {
  failed,
  METRICS,
  parseEvalFile,
  scoreItem,
  summarize,
  summarizeByKind,
  type ItemResult,
} from "../src/eval/metrics.ts";

const HELP = `Usage: npm run eval -- --file <questions.jsonl> [--file <more.jsonl> …] [--json]

Prints, for each file, hit@1, hit@5, facts, answered, none and cross over all its questions and by
kind of question, then each failing question with its answer and citations. --json prints one JSON
object per file instead.`;

const figure = (v: number) => (Number.isNaN(v) ? "  -  " : v.toFixed(3));

function table(rows: { label: string; n: number; summary: ReturnType<typeof summarize> }[]): string {
  const head = `${"".padEnd(8)}${"n".padStart(4)}  ${METRICS.map((m) => m.padStart(9)).join("")}`;
  const lines = rows.map(
    (r) =>
      `${r.label.padEnd(8)}${String(r.n).padStart(4)}  ${METRICS.map((m) => figure(r.summary[m].value).padStart(9)).join("")}`,
  );
  return [head, ...lines].join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !values.file?.length) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const app = await createApp(loadConfig(), { onProgress: (l) => process.stderr.write(`[index] ${l}\n`) });
  for (const file of values.file) {
    const items = parseEvalFile(await readFile(file, "utf8"));
    const results: ItemResult[] = [];
    const failures: string[] = [];
    for (const item of items) {
      const answer = await app.ask(item.q);
      const r = scoreItem(item, answer);
      results.push(r);
      if (!failed(r)) continue;
      const metrics = Object.entries(r)
        .filter(([k, v]) => k !== "id" && v === false)
        .map(([k]) => k)
        .join(",");
      const cited = answer.citations.map((c) => `[${c.n}] ${citationLabel(c)}`).join("; ") || "(none)";
      const text = answer.answer.replace(/\n/g, " ").slice(0, 240);
      failures.push(
        `${item.id} ${item.q}\n  failed: ${metrics}; found=${answer.found}\n  cited: ${cited}\n  answer: ${text}`,
      );
    }
    const summary = summarize(results);
    const byKind = summarizeByKind(results);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ file, summary, byKind, results })}\n`);
      continue;
    }
    process.stdout.write(`== ${path.basename(file)}: ${items.length} questions\n`);
    process.stdout.write(
      `${table([{ label: "all", n: items.length, summary }, ...byKind.map((k) => ({ label: k.kind, n: k.n, summary: k.summary }))])}\n`,
    );
    process.stdout.write(
      failures.length ? `\nfailures (${failures.length}):\n${failures.join("\n")}\n\n` : "\nno failures\n\n",
    );
  }
  return 0;
}

runCli(main);
