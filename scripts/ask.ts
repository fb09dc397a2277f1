/** npm run ask -- "问题" | --json "问题" | --jsonl (questions on stdin, one JSON object per line). */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { formatSources } from "../src/answer/citations.ts";
import { answerContract } from "../src/answer/types.ts";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/app/create-app.ts";
import { runCli } from "../src/cli/run.ts";

const HELP = `Usage:
  npm run ask -- "问题"            answer with sources, for people
  npm run ask -- --json "问题"     one JSON object: { question, answer, found, citations }
  npm run ask -- --jsonl           one question per stdin line, one JSON object per stdout line

Builds or refreshes the index first when needed (progress on stderr). stdout carries answers only.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { json: { type: "boolean" }, jsonl: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const question = positionals.join(" ");
  if (!values.jsonl && question.trim() === "") {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  const config = loadConfig();
  const app = await createApp(config, { onProgress: (line) => process.stderr.write(`[index] ${line}\n`) });

  if (values.jsonl) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === "") continue;
      try {
        process.stdout.write(`${JSON.stringify(answerContract(await app.ask(line)))}\n`);
      } catch (error) {
        app.log.error({ err: error }, "answer failed");
        process.stdout.write(
          `${JSON.stringify({ question: line, answer: "处理该问题时出错，请稍后重试。", found: false, citations: [] })}\n`,
        );
      }
    }
    return 0;
  }
  const answer = await app.ask(question);
  if (values.json) process.stdout.write(`${JSON.stringify(answerContract(answer))}\n`);
  else
    process.stdout.write(
      `${answer.answer}\n${answer.citations.length ? `\n${formatSources(answer.citations)}\n` : ""}`,
    );
  return 0;
}

runCli(main);
