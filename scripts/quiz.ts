/** npm run quiz -- --count N [--topic 条例|报告|<bureau>] [--seed S] [--json]: questions for paper tests. */
import { parseArgs } from "node:util";
import { citationLabel } from "../src/answer/citations.ts";
import { runCli } from "../src/cli/run.ts";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/app/create-app.ts";

const HELP = `Usage: npm run quiz -- --count N [--topic 条例|报告|<bureau>] [--seed S] [--json]

Prints N quiz questions with their answers and sources (for paper tests), or with --json a JSON
array of { question, options, correctOptionIds, explanation, citation }. The same seed gives the
same questions.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "10" },
      topic: { type: "string" },
      seed: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 200) {
    process.stderr.write("--count must be a whole number from 1 to 200\n");
    return 2;
  }
  const app = await createApp(loadConfig(), { onProgress: (l) => process.stderr.write(`[index] ${l}\n`) });
  const seed = values.seed ?? String(Date.now());
  const questions = app.quiz.generate({ count, seed, ...(values.topic ? { topic: values.topic } : {}) });
  if (values.json) {
    const out = questions.map(({ question, options, correctOptionIds, explanation, citation }) => ({
      question,
      options,
      correctOptionIds,
      explanation,
      citation,
    }));
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  }
  const letters = "ABCDEFGHIJKL";
  process.stdout.write(`信访知识测验（${questions.length}题，种子 ${seed}）\n\n`);
  questions.forEach((q, i) => {
    process.stdout.write(`${i + 1}. ${q.question}\n${q.options.map((o, j) => `   ${letters[j]}. ${o}`).join("\n")}\n`);
  });
  process.stdout.write("\n答案与出处\n");
  questions.forEach((q, i) => {
    const answer = q.correctOptionIds.map((j) => `${letters[j]}. ${q.options[j]}`).join("；");
    process.stdout.write(`${i + 1}. ${answer}　（${citationLabel(q.citation)}）\n`);
  });
  if (questions.length < count) process.stderr.write(`only ${questions.length} questions available for this topic\n`);
  return 0;
}

runCli(main);
