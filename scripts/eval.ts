/** npm run eval -- --file ../shared/eval/dev.jsonl [--json]: the dev-set metrics and each failure. */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { citationLabel } from "../src/answer/citations.ts";
import { loadConfig } from "../src/config.ts";
import { failed, parseEvalFile, scoreItem, summarize } from "../src/eval/metrics.ts";
import { createLogger } from "../src/log.ts";
import { createQaPipeline } from "../src/qa.ts";
import { runCli } from "../src/cli/run.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { file: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help || !values.file) {
    process.stdout.write("Usage: npm run eval -- --file <questions.jsonl> [--json]\n");
    return values.help ? 0 : 2;
  }
  const items = parseEvalFile(await readFile(values.file, "utf8"));
  const config = loadConfig();
  const log = createLogger(config.logLevel ?? "warn");
  const { answerer } = await createQaPipeline(config, {
    log,
    onProgress: (l) => process.stderr.write(`[index] ${l}\n`),
  });
  const results = [];
  const failures: string[] = [];
  for (const item of items) {
    const answer = await answerer.answer(item.q);
    const r = scoreItem(item, answer);
    results.push(r);
    if (failed(r)) {
      const metrics = Object.entries(r)
        .filter(([k, v]) => k !== "id" && v === false)
        .map(([k]) => k)
        .join(",");
      const cited = answer.citations.map((c) => `[${c.n}] ${citationLabel(c)}`).join("; ") || "(none)";
      failures.push(
        `${item.id} ${item.q}\n  failed: ${metrics}; found=${answer.found}\n  cited: ${cited}\n  answer: ${answer.answer.replace(/\n/g, " ").slice(0, 240)}`,
      );
    }
  }
  const summary = summarize(results);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ summary, results })}\n`);
  } else {
    process.stdout.write(`questions: ${items.length}\n`);
    for (const [k, { value, n }] of Object.entries(summary))
      process.stdout.write(`${k.padEnd(6)} ${Number.isNaN(value) ? "n/a" : value.toFixed(3)}  (n=${n})\n`);
    process.stdout.write(
      failures.length ? `\nfailures (${failures.length}):\n${failures.join("\n")}\n` : "\nno failures\n",
    );
  }
  return 0;
}

runCli(main);
