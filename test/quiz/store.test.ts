import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { QuizStore } from "../../src/quiz/store.ts";
import type { QuizQuestion } from "../../src/quiz/types.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const question = (topic: "条例" | "报告", correct: number): QuizQuestion =>
  ({
    question: "q",
    options: ["a", "b", "c"],
    correctOptionIds: [correct],
    explanation: "",
    citation: {} as never,
    topic,
    kind: "reg-figure",
  }) as QuizQuestion;
const now = new Date("2026-11-22T08:00:00Z");

describe("QuizStore", () => {
  it("scores per user per chat, completes rounds, and survives a restart", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-quiz-"));
    dirs.push(dir);
    const store = await QuizStore.open(dir);
    await store.addPoll({
      pollId: "p1",
      chatId: -5,
      roundId: "r",
      question: question("条例", 0),
      source: "《信访工作条例》第三十六条",
      now,
    });
    await store.addPoll({
      pollId: "p2",
      chatId: -5,
      roundId: "r",
      question: question("报告", 2),
      source: "惠安 · 2023年",
      now,
    });
    expect(await store.addAnswer({ pollId: "p1", userId: 1, name: "张三", optionIds: [0], now })).toEqual({
      correct: true,
    });
    const done = await store.addAnswer({ pollId: "p2", userId: 1, name: "张三", optionIds: [1], now });
    expect(done).toEqual({
      correct: false,
      round: { roundId: "r", total: 2, correct: 1, toReread: ["惠安 · 2023年"] },
    });
    await store.addAnswer({ pollId: "p1", userId: 2, name: "李四", optionIds: [0], now });
    await store.addAnswer({ pollId: "p1", userId: 2, name: "李四", optionIds: [2], now }); // a second answer does not count
    expect(await store.addAnswer({ pollId: "unknown", userId: 2, name: "李四", optionIds: [0], now })).toBeUndefined();
    store.close();

    const again = await QuizStore.open(dir);
    expect(again.leaderboard(-5)).toEqual([
      { userId: 2, name: "李四", correct: 1, answered: 1 },
      { userId: 1, name: "张三", correct: 1, answered: 2 },
    ]);
    expect(again.byTopic(-5, 1)).toEqual([
      { topic: "报告", correct: 0, answered: 1 },
      { topic: "条例", correct: 1, answered: 1 },
    ]);
    expect(again.chatOf("p2")).toBe(-5);
    expect(again.leaderboard(-6)).toEqual([]);
    expect(await again.reset(-5)).toBe(3);
    expect(again.leaderboard(-5)).toEqual([]);
    again.close();
  });
});
