/** Quiz in console mode with the real `npm start` process: a corrupt store, and scores across runs. */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runNpm } from "../support/bot-process.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-console-quiz-"));
  dirs.push(dir);
  return dir;
}

/** Runs `npm start` in console mode (no token) over `dataDir` with stdin piped in. */
const start = (dataDir: string, input: string) => runNpm(["start"], input, { DATA_DIR: dataDir });

/** The round summary's correct count ("控制台 本轮答对 1/1 题"). */
const roundCorrect = (stdout: string) => Number(/控制台 本轮答对 (\d+)\/1 题/.exec(stdout)?.[1]);

/** The console user's leaderboard line from /score: [correct, answered]. */
const scoreLine = (stdout: string) => /1\. 控制台　(\d+)\/(\d+)（/.exec(stdout)?.slice(1, 3).map(Number);

describe("console quiz", () => {
  it("moves a corrupt quiz.sqlite aside with a warning and quizzes with a fresh store", async () => {
    const dataDir = await tempDataDir();
    const garbage = Buffer.from("this is not an SQLite database, just some bytes\n".repeat(20));
    await writeFile(path.join(dataDir, "quiz.sqlite"), garbage);

    const { code, stdout, stderr } = await start(dataDir, "/quiz 1 报告\n1\n");
    expect(code).toBe(0);
    expect(stdout).toMatch(/【测验 1】.+\n {2}1\) /);
    expect(stdout).toContain("本轮共 1 题");
    expect(stdout).toMatch(/控制台 本轮答对 [01]\/1 题/);
    expect(stderr).toContain("quiz store unreadable");

    const moved = (await readdir(dataDir)).filter((f) => f.startsWith("quiz.sqlite.corrupt-"));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(/^quiz\.sqlite\.corrupt-[\dTZ-]+$/);
    expect(await readFile(path.join(dataDir, moved[0]!))).toEqual(garbage);
    expect(existsSync(path.join(dataDir, "quiz.sqlite"))).toBe(true);
  });

  it("a timed round shows one poll at a time with its time limit; an answer closes it and brings the next", async () => {
    const dataDir = await tempDataDir();
    const { code, stdout } = await start(dataDir, "/quiz 2 报告 60秒\n1\n1\n");
    expect(code).toBe(0);
    expect(stdout).toContain("本轮共 2 题，每题限时 60 秒");
    const first = stdout.indexOf("【测验 1】");
    const second = stdout.indexOf("【测验 2】");
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(stdout.match(/（限时 60 秒）/g)).toHaveLength(2);
    expect(stdout.indexOf("本轮测验结束")).toBeGreaterThan(second);
    expect(stdout).toMatch(/1\. 控制台　[0-2]\/2/);
  });

  it("an answer goes to the newest round's poll (one left unanswered is dropped), and a letter answers too", async () => {
    const dataDir = await tempDataDir();
    const { code, stdout } = await start(dataDir, "/quiz 1 报告\n/quiz 1 报告\n1\n2\n/quiz 1 报告\nB\n");
    expect(code).toBe(0);
    const verdicts = [...stdout.matchAll(/（回答(?:正确|错误)）/g)].map((m) => m.index);
    // "1" answers 测验 2, "2" has no poll left to answer, "b" answers 测验 3.
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toBeGreaterThan(stdout.indexOf("【测验 2】"));
    expect(verdicts[1]).toBeGreaterThan(stdout.indexOf("【测验 3】"));
  });

  it("a second run with the same DATA_DIR scores the second run's answer", async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir, "/quiz 1 报告\n1\n/score\n");
    expect(first.code).toBe(0);
    const c1 = roundCorrect(first.stdout);
    expect(scoreLine(first.stdout)).toEqual([c1, 1]);

    const second = await start(dataDir, "/quiz 1 报告\n2\n/score\n");
    expect(second.code).toBe(0);
    const c2 = roundCorrect(second.stdout);
    expect([0, 1]).toContain(c2);
    // Both answers count: the second is not mistaken for the first run's answer to "the same" poll.
    expect(scoreLine(second.stdout)).toEqual([c1 + c2, 2]);
  });
});
