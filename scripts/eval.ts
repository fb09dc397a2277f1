/**
 * npm run eval -- --file a.jsonl [--file b.jsonl …] [--json]: each file's metrics, overall and by
 * kind of question, and every failing question with what it cited.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app/create-app.ts";
import { runCli } from "../src/cli/run.ts";
import { loadConfig } from "../src/config.ts";
import { failed, parseEvalFile, scoreItem, summarize, summarizeByKind, type ItemResult } from "../src/eval/metrics.ts";
import { failureText, metricsTable } from "../src/eval/report.ts";

const HELP = `Usage: npm run eval -- --file <questions.jsonl> [--file <more.jsonl> …] [--json]

Prints, for each file, hit@1, hit@5, facts, answered, none and cross over all its questions and by
kind of question, then each failing question with its answer and citations. --json prints one JSON
object per file instead.`;

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
      if (failed(r)) failures.push(failureText(item, answer, r));
    }
    const summary = summarize(results);
    const byKind = summarizeByKind(results);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ file, summary, byKind, results })}\n`);
      continue;
    }
    process.stdout.write(`== ${path.basename(file)}: ${items.length} questions\n`);
    process.stdout.write(
      `${metricsTable([{ label: "all", n: items.length, summary }, ...byKind.map((k) => ({ label: k.kind, ...k }))])}\n`,
    );
    process.stdout.write(
      failures.length ? `\nfailures (${failures.length}):\n${failures.join("\n")}\n\n` : "\nno failures\n\n",
    );
  }
  return 0;
}

runCli(main);
