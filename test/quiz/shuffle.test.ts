import { describe, expect, it } from "vitest";
import { shuffleOptions, shuffleRound } from "../../src/quiz/shuffle.ts";
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

describe("shuffleRound", () => {
  it("is the same for the same seed, and shuffles each question by its own position", () => {
    const round = [question(["甲", "乙", "丙", "丁"], 0), question(["一", "二", "三", "四"], 3)];
    expect(shuffleRound(round, "seed")).toEqual(shuffleRound(round, "seed"));
    // Dropping the first question does not change the order of what is now the first.
    expect(shuffleRound(round, "seed")[0]).toEqual(shuffleRound([round[0]!], "seed")[0]);
    const firstCorrect = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"].map(
      (seed) => shuffleRound(round, seed)[0]!.correctOptionIds[0],
    );
    expect(new Set(firstCorrect).size).toBeGreaterThan(1);
  });
});
