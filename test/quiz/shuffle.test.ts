import { describe, expect, it } from "vitest";
import { shuffleOptions } from "../../src/quiz/shuffle.ts";
import { seededRandom } from "../../src/quiz/random.ts";
import type { QuizQuestion } from "../../src/quiz/types.ts";

const question = (options: string[], correct: number): QuizQuestion =>
  ({
    question: `哪一项正确？（${options.join("")}）`,
    options,
    correctOptionIds: [correct],
    explanation: "",
    citation: {} as never,
    topic: "条例",
    kind: "model",
  }) as QuizQuestion;

describe("shuffleOptions", () => {
  it("permutes the options and moves the correct option id with its option", () => {
    const q = question(["对", "错一", "错二", "错三", "错四", "错五"], 0);
    const orders = ["a", "b", "c", "d", "e", "f"].map((seed) => shuffleOptions(q, seededRandom(seed)));
    for (const s of orders) {
      expect([...s.options].sort()).toEqual([...q.options].sort());
      expect(s.correctOptionIds).toHaveLength(1);
      expect(s.options[s.correctOptionIds[0]!]).toBe("对");
    }
    // The right answer does not stay first.
    expect(new Set(orders.map((s) => s.correctOptionIds[0])).size).toBeGreaterThan(1);
  });
});
