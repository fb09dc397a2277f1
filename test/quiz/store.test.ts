import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import initSqlJs from "sql.js";
import { afterEach, describe, expect, it, vi } from "vitest";
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
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-quiz-"));
  dirs.push(dir);
  return dir;
};

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

  it("ignores an answer whose option is out of range, negative or not an integer", async () => {
    const store = await QuizStore.open(await tempDir());
    await store.addPoll({ pollId: "p", chatId: -5, roundId: "r", question: question("报告", 2), source: "s", now });
    for (const bad of [3, 7, -1, 1.5, Number.NaN]) {
      expect(await store.addAnswer({ pollId: "p", userId: 1, name: "张三", optionIds: [bad], now })).toBeUndefined();
    }
    expect(store.leaderboard(-5)).toEqual([]);
    // Nothing was stored, so the user's real answer is still the first and counts.
    expect(await store.addAnswer({ pollId: "p", userId: 1, name: "张三", optionIds: [2], now })).toMatchObject({
      correct: true,
    });
    expect(store.leaderboard(-5)).toEqual([{ userId: 1, name: "张三", correct: 1, answered: 1 }]);
    store.close();
  });

  it("opens a database written before polls kept their number of options", async () => {
    const dir = await tempDir();
    const SQL = await initSqlJs();
    const old = new SQL.Database();
    old.run(`CREATE TABLE polls (poll_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, round_id TEXT NOT NULL,
      topic TEXT NOT NULL, correct_option INTEGER NOT NULL, source TEXT NOT NULL, question TEXT NOT NULL,
      created_at TEXT NOT NULL);
      CREATE TABLE answers (poll_id TEXT NOT NULL, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
      option_id INTEGER NOT NULL, correct INTEGER NOT NULL, answered_at TEXT NOT NULL, PRIMARY KEY (poll_id, user_id));
      CREATE TABLE users (user_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      INSERT INTO polls VALUES ('old', -5, 'r0', '报告', 1, 's', 'q', '2026-01-01T00:00:00Z');`);
    await writeFile(path.join(dir, "quiz.sqlite"), old.export());
    old.close();

    const store = await QuizStore.open(dir);
    // The old poll's number of options is unknown: any non-negative option is taken.
    expect(await store.addAnswer({ pollId: "old", userId: 1, name: "张三", optionIds: [1], now })).toMatchObject({
      correct: true,
    });
    await store.addPoll({ pollId: "new", chatId: -5, roundId: "r", question: question("报告", 0), source: "s", now });
    expect(await store.addAnswer({ pollId: "new", userId: 1, name: "张三", optionIds: [3], now })).toBeUndefined();
    expect(store.leaderboard(-5)).toEqual([{ userId: 1, name: "张三", correct: 1, answered: 1 }]);
    store.close();
  });

  it("a timed round: queued questions come out one per closed poll, then the standings; all survive a restart", async () => {
    const dir = await tempDir();
    const store = await QuizStore.open(dir);
    const [q1, q2, q3] = [question("条例", 0), question("报告", 1), question("条例", 2)];
    await store.addPoll({
      pollId: "t1",
      chatId: -5,
      roundId: "timed",
      question: q1,
      source: "第一处",
      now,
      openPeriod: 30,
    });
    await store.queue({ roundId: "timed", questions: [q2, q3] });
    // In a timed round an answer never completes the user's round: the standings come at the end.
    expect(await store.addAnswer({ pollId: "t1", userId: 1, name: "张三", optionIds: [0], now })).toEqual({
      correct: true,
    });
    await store.addAnswer({ pollId: "t1", userId: 2, name: "李四", optionIds: [1], now });
    expect(await store.closePoll("t1")).toEqual({
      chatId: -5,
      roundId: "timed",
      next: { question: q2, openPeriod: 30 },
    });
    expect(await store.closePoll("t1")).toBeUndefined(); // reported twice
    expect(await store.closePoll("nope")).toBeUndefined();
    await store.addPoll({
      pollId: "t2",
      chatId: -5,
      roundId: "timed",
      question: q2,
      source: "第二处",
      now,
      openPeriod: 30,
    });
    store.close();

    const again = await QuizStore.open(dir);
    await again.addAnswer({ pollId: "t2", userId: 1, name: "张三", optionIds: [1], now });
    expect((await again.closePoll("t2"))?.next?.question).toEqual(q3);
    await again.addPoll({
      pollId: "t3",
      chatId: -5,
      roundId: "timed",
      question: q3,
      source: "第三处",
      now,
      openPeriod: 30,
    });
    await again.addAnswer({ pollId: "t3", userId: 1, name: "张三", optionIds: [0], now });
    expect(await again.closePoll("t3")).toEqual({
      chatId: -5,
      roundId: "timed",
      summary: {
        roundId: "timed",
        total: 3,
        results: [
          { userId: 1, name: "张三", correct: 2 },
          { userId: 2, name: "李四", correct: 0 },
        ],
        // 第一处: 李四 wrong; 第二处: 李四 did not answer; 第三处: both missed it.
        toReread: ["第三处", "第一处", "第二处"],
      },
    });
    again.close();
  });

  it("opens a database whose queued questions kept their chat and time limit, and hands them out", async () => {
    const dir = await tempDir();
    const SQL = await initSqlJs();
    const old = new SQL.Database();
    const [q1, q2] = [question("条例", 0), question("报告", 1)];
    // The schema as the first version with timed rounds wrote it.
    old.run(`CREATE TABLE polls (
      poll_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, round_id TEXT NOT NULL, topic TEXT NOT NULL,
      correct_option INTEGER NOT NULL, source TEXT NOT NULL, question TEXT NOT NULL, created_at TEXT NOT NULL,
      option_count INTEGER NOT NULL DEFAULT 0, open_period INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE answers (
      poll_id TEXT NOT NULL, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, option_id INTEGER NOT NULL,
      correct INTEGER NOT NULL, answered_at TEXT NOT NULL, PRIMARY KEY (poll_id, user_id));
      CREATE TABLE users (user_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE queued (
      round_id TEXT NOT NULL, seq INTEGER NOT NULL, chat_id INTEGER NOT NULL, open_period INTEGER NOT NULL,
      question TEXT NOT NULL, PRIMARY KEY (round_id, seq));`);
    old.run("INSERT INTO polls VALUES ('t1', -5, 'timed', '条例', 0, 's', 'q', '2026-01-01T00:00:00Z', 3, 45, 0)");
    old.run("INSERT INTO queued VALUES ('timed', 0, -5, 45, ?)", [JSON.stringify(q1)]);
    await writeFile(path.join(dir, "quiz.sqlite"), old.export());
    old.close();

    const store = await QuizStore.open(dir);
    expect(await store.closePoll("t1")).toEqual({
      chatId: -5,
      roundId: "timed",
      next: { question: q1, openPeriod: 45 },
    });
    // A round queued after the upgrade.
    await store.addPoll({ pollId: "u1", chatId: -7, roundId: "r2", question: q1, source: "s", now, openPeriod: 20 });
    await store.queue({ roundId: "r2", questions: [q2] });
    expect(await store.closePoll("u1")).toEqual({ chatId: -7, roundId: "r2", next: { question: q2, openPeriod: 20 } });
    store.close();
  });

  it("warns once when the file cannot be written, and writes everything once it can", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "quiz.sqlite");
    const warn = vi.fn();
    const store = await QuizStore.open(dir, { log: { warn } });
    await mkdir(file); // a directory where the file goes: every write fails
    await store.addPoll({ pollId: "p1", chatId: -5, roundId: "r", question: question("报告", 0), source: "s", now });
    await store.addPoll({ pollId: "p2", chatId: -5, roundId: "r", question: question("报告", 1), source: "s", now });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatchObject({ file });
    await rm(file, { recursive: true });
    expect(await store.addAnswer({ pollId: "p1", userId: 1, name: "张三", optionIds: [0], now })).toEqual({
      correct: true,
    });
    store.close();

    const again = await QuizStore.open(dir);
    expect(again.chatOf("p2")).toBe(-5);
    expect(again.leaderboard(-5)).toEqual([{ userId: 1, name: "张三", correct: 1, answered: 1 }]);
    again.close();
  });

  it("moves a corrupt file aside with a warning and starts empty; an empty file is a new store", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "quiz.sqlite");
    const garbage = Buffer.from("not a database ".repeat(50));
    await writeFile(file, garbage);
    const warn = vi.fn();
    const store = await QuizStore.open(dir, { log: { warn }, now: () => Date.parse("2026-11-22T08:00:00.123Z") });
    const aside = path.join(dir, "quiz.sqlite.corrupt-2026-11-22T08-00-00-123Z");
    expect(await readFile(aside)).toEqual(garbage);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatchObject({ file, movedTo: aside });
    await store.addPoll({ pollId: "p", chatId: -5, roundId: "r", question: question("报告", 0), source: "s", now });
    expect(existsSync(file)).toBe(true);
    store.close();

    const emptyDir = await tempDir();
    await writeFile(path.join(emptyDir, "quiz.sqlite"), "");
    const empty = await QuizStore.open(emptyDir, { log: { warn } });
    expect(empty.leaderboard(-5)).toEqual([]);
    expect(await readdir(emptyDir)).toEqual(["quiz.sqlite"]);
    expect(warn).toHaveBeenCalledOnce();
    empty.close();
  });
});
