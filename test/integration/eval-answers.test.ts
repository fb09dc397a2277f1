/**
 * Every answer to every evaluation question (the project's own sets, and the shared dev sets when
 * they are beside the project): the numbers it shows stand in the passages it cites, its quotes are
 * verbatim, and answers to figure questions stay short.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractNumbers, supports } from "../../src/answer/numbers.ts";
import type { Answer } from "../../src/answer/types.ts";
import type { App } from "../../src/app/create-app.ts";
import { parseEvalFile } from "../../src/eval/metrics.ts";
import { buildTestApp, quotedLines, regulationsPresent, ROOT } from "../helpers.ts";

const files = [
  path.join(ROOT, "eval", "own.jsonl"),
  path.join(ROOT, "eval", "fresh.jsonl"),
  path.join(ROOT, "..", "shared", "eval", "dev.jsonl"),
  path.join(ROOT, "..", "shared", "eval", "dev2.jsonl"),
].filter((f) => existsSync(f));
const questions = files.flatMap((f) => parseEvalFile(readFileSync(f, "utf8")).map((item) => item.q));

let app: App;
let cleanup: () => Promise<void>;
const answers: { answer: Answer; figure: boolean }[] = [];
beforeAll(async () => {
  ({ app, cleanup } = await buildTestApp());
  for (const q of questions) {
    answers.push({ answer: await app.ask(q), figure: app.engine().understand(q).intent.shape === "figure" });
  }
});
afterAll(() => cleanup());

describe.skipIf(!regulationsPresent)(`answers to the evaluation questions (${questions.length})`, () => {
  it("show only numbers that stand in the passage each line cites", () => {
    const unsupported: string[] = [];
    for (const { answer } of answers) {
      for (const { text, n } of quotedLines(answer)) {
        const cited = answer.citations[n - 1]!;
        const passage = `${cited.quote}\n${cited.section ?? ""}`;
        for (const number of extractNumbers(text)) {
          if (!supports(passage, number)) unsupported.push(`${answer.question}: ${number.raw} in “${text}”`);
        }
      }
    }
    expect(unsupported).toEqual([]);
  });

  it("quote verbatim: every quoted line stands in the passage it cites", () => {
    const misquoted: string[] = [];
    for (const { answer } of answers) {
      for (const { text, n } of quotedLines(answer)) {
        const quote = answer.citations[n - 1]!.quote;
        for (const piece of text.split("…").filter((p) => p.trim() !== "")) {
          if (!quote.includes(piece)) misquoted.push(`${answer.question}: “${piece}”`);
        }
      }
    }
    expect(misquoted).toEqual([]);
  });

  it("keep answers to figure questions short (median at most 220 characters)", () => {
    const lengths = answers
      .filter((a) => a.figure && a.answer.found)
      .map((a) => [...a.answer.answer].length)
      .sort((x, y) => x - y);
    expect(lengths.length).toBeGreaterThan(10);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(220);
  });
});
