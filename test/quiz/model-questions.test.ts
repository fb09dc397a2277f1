/** Model-proposed quiz questions: checked like generated ones, their options shuffled by the seed. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { readReport } from "../../src/corpus/report-file.ts";
import { modelQuestions } from "../../src/quiz/model-questions.ts";
import { quizProblems } from "../../src/quiz/validate.ts";
import { reportFile } from "../helpers.ts";

const file = reportFile("惠安");
const id = path.basename(file);
const { meta, chunks } = await readReport(id, `corpus/reports/${id}`, await readFile(file));
const passages = chunks.slice(1, 3).map((chunk) => ({ chunk, doc: meta }));
/** The start of each passage: a correct option that stands in it. */
const answers = passages.map((p) => p.chunk.text.replace(/\s/g, "").slice(0, 8));

/** A model that proposes one question per passage, always listing the right answer first. */
const model = (n = passages.length) =>
  new FakeListChatModel({
    responses: [
      JSON.stringify(
        answers.slice(0, n).map((answer, i) => ({
          question: `第${i + 1}题：下列哪一句出自所给材料？`,
          options: [answer, "完全虚构的一句话", "另一句无关的话", "第三句无关的话"],
          answer: 0,
          passage: i + 1,
        })),
      ),
    ],
  });

describe("modelQuestions", () => {
  it("shuffles each question's options by the seed; the correct option id follows its option", async () => {
    const firstPositions: number[] = [];
    for (const seed of ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]) {
      const questions = await modelQuestions(model(), passages, 2, 5000, seed);
      expect(questions).toHaveLength(2);
      questions.forEach((q, i) => {
        expect(quizProblems(q)).toEqual([]);
        expect(q.correctOptionIds).toHaveLength(1);
        expect(q.options[q.correctOptionIds[0]!]).toBe(answers[i]);
      });
      expect(await modelQuestions(model(), passages, 2, 5000, seed)).toEqual(questions);
      // A question's order does not depend on how many others there were.
      expect((await modelQuestions(model(1), passages, 2, 5000, seed))[0]).toEqual(questions[0]);
      firstPositions.push(questions[0]!.correctOptionIds[0]!);
    }
    // Not always first, as the model put it.
    expect(new Set(firstPositions).size).toBeGreaterThan(1);
  });
});
