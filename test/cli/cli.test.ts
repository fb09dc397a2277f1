import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";
import { runNpm } from "../support/bot-process.ts";
import { FakeOpenAI } from "../support/fake-openai.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs an npm script as a user would, with stdin piped in (an unreachable download root: a rebuild
 * must not wait on the network). */
const run = (args: string[], input: string, env: Record<string, string> = {}) =>
  runNpm(args, input, { DATA_DIR: dataDir, ...env });

describe("npm run ask", () => {
  it("--jsonl: one JSON object per input line and nothing else on stdout", async () => {
    const questions = [
      "惠安县律师参与县主要领导接访共计多少次？",
      "",
      "请推荐一家好吃的火锅店",
      "沙坪坝区中联办交办“治重化积”案件化解率是多少？",
    ];
    const { code, stdout } = await run(["run", "ask", "--", "--jsonl"], questions.join("\n") + "\n");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3); // the blank line is skipped
    const answers = lines.map((l) => JSON.parse(l));
    expect(answers.map((a) => a.question)).toEqual([questions[0], questions[2], questions[3]]);
    expect(answers[0]).toMatchObject({ found: true });
    expect(answers[0].answer).toContain("12次");
    expect(answers[0].citations[0]).toMatchObject({ n: 1, kind: "report", bureau: "惠安县人民政府信访局", year: 2023 });
    expect(typeof answers[0].citations[0].quote).toBe("string");
    expect(answers[1]).toMatchObject({ found: false, citations: [] });
    expect(answers[2].answer).toContain("100%");
  });

  it("--json: a single object; human mode prints the sources", async () => {
    const json = await run(["run", "ask", "--", "--json", "阎良区信访局2022年召开了几次保密工作会议？"], "");
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout);
    expect(Object.keys(answer).sort()).toEqual(["answer", "citations", "found", "question"]);
    expect(answer.answer).toContain("2次");

    const human = await run(["run", "ask", "--", "阎良区信访局2022年召开了几次保密工作会议？"], "");
    expect(human.stdout).toContain("来源：\n[1] 阎良区信访局 · 2022年");
  });
});

describe("npm run ask in LLM mode (OPENAI_API_KEY set)", () => {
  it("--jsonl: each line answered by the model through the local server, validated, nothing else on stdout", async () => {
    const server = new FakeOpenAI();
    await server.start();
    try {
      const env = { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.baseURL, OPENAI_MAX_RETRIES: "0" };
      const { code, stdout } = await run(
        ["run", "ask", "--", "--jsonl"],
        "惠安县律师参与县主要领导接访共计多少次？\n请推荐一家好吃的火锅店\n",
        env,
      );
      expect(code).toBe(0);
      const [first, second] = stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(server.chatRequests).toHaveLength(1); // the second question never reaches the model
      expect(server.chatRequests[0]!.user).toContain("惠安县律师参与县主要领导接访共计多少次？");
      expect(first).toMatchObject({ found: true });
      expect(first.answer).toMatch(/\[1\]。$/);
      expect(first.citations[0]).toMatchObject({ n: 1, bureau: "惠安县人民政府信访局" });
      expect(second).toMatchObject({ found: false, citations: [] });
    } finally {
      await server.stop();
    }
  });
});

describe("npm run quiz", () => {
  it("--json: an array of questions with options, correct ids, explanation and a citation quoting the proof", async () => {
    const { code, stdout } = await run(["run", "quiz", "--", "--count", "5", "--seed", "cli", "--json"], "");
    expect(code).toBe(0);
    const questions = JSON.parse(stdout);
    expect(questions).toHaveLength(5);
    for (const q of questions) {
      expect(Object.keys(q).sort()).toEqual(["citation", "correctOptionIds", "explanation", "options", "question"]);
      expect(q.citation).toMatchObject({
        n: 1,
        kind: expect.stringMatching(/report|regulation/),
        source: expect.any(String),
        quote: expect.any(String),
      });
    }
    const again = await run(["run", "quiz", "--", "--count", "5", "--seed", "cli", "--json"], "");
    expect(JSON.parse(again.stdout)).toEqual(questions);
  });

  it("prints questions with answers and sources for paper tests", async () => {
    const { stdout } = await run(["run", "quiz", "--", "--count", "2", "--topic", "报告", "--seed", "p"], "");
    expect(stdout).toMatch(/^信访知识测验（2题，种子 p）/);
    expect(stdout).toContain("答案与出处");
    expect(stdout).toMatch(/1\. [A-D]\. .+（.+ · \d{4}年/);
  });
});

describe("npm start (console mode, no token)", () => {
  it("answers each piped line with a cited answer and exits at end of input", async () => {
    const { code, stdout } = await run(["start"], "惠安县2023年共办理了多少件信访事项？\n\n请推荐一家好吃的火锅店\n");
    expect(code).toBe(0);
    expect(stdout).toContain("6246件");
    expect(stdout).toContain("[1] 惠安县人民政府信访局 · 2023年");
    expect(stdout).toContain("没有找到");
  });

  it("presents quiz polls as numbered options and takes the number typed", async () => {
    const { stdout } = await run(["start"], "/quiz 1 报告\n1\n");
    expect(stdout).toMatch(/【测验 1】.+\n {2}1\) /);
    expect(stdout).toMatch(/控制台 本轮答对 [01]\/1 题/);
  });

  it("--help describes usage without starting", async () => {
    const { code, stdout } = await run(["start", "--", "--help"], "");
    expect(code).toBe(0);
    expect(stdout).toContain("console mode");
  });
});

describe("scripts/launch.mjs (what npm start and the npm run commands go through)", () => {
  it("runs a command from the current bundle, and refuses one it does not know", async () => {
    const launch = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [path.join(ROOT, "scripts", "launch.mjs"), ...args],
          { cwd: ROOT },
          (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
        ),
      );
    const ask = await launch(["ask", "--help"]);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain("npm run ask");
    // The bundle the command ran from is the current one, complete.
    const current = path.join(ROOT, ".build", "current");
    expect(existsSync(path.join(current, "ask.mjs")) && existsSync(path.join(current, "sources.json"))).toBe(true);
    const unknown = await launch(["nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("usage: node scripts/launch.mjs <main|ingest|ask|quiz|eval|bench>");
  });
});
