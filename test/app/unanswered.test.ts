/** The unanswered-question log: what the conversation records, and a file that stays bounded. */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { UnansweredLog } from "../../src/app/unanswered.ts";
import { buildTestApp } from "../helpers.ts";

let app: App;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ app, dataDir, cleanup } = await buildTestApp());
});
afterAll(() => cleanup());

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("Conversation records unanswered questions", () => {
  it("records a found:false question with its chat and time, and nothing for answers, greetings or refusals", async () => {
    await app.conversation.ask(501, "惠安县2023年办理了多少件信访事项？");
    await app.conversation.ask(502, "西安市信访局2019年召开了多少次听证评议会？");
    await app.conversation.ask(503, "谢谢");
    await app.conversation.ask(504, "😀");
    await app.conversation.ask(505, "那2022年呢？"); // no context: nothing to follow
    const records = await app.feedback.unanswered.all();
    const questions = records.map((r) => r.question);
    expect(questions).toContain("西安市信访局2019年召开了多少次听证评议会？");
    expect(questions).not.toContain("惠安县2023年办理了多少件信访事项？");
    expect(questions).not.toContain("谢谢");
    expect(questions).not.toContain("😀");
    const xian = records.find((r) => r.question.startsWith("西安市信访局2019年"))!;
    expect(xian.chatId).toBe(502);
    expect(Date.parse(xian.at)).not.toBeNaN();
    expect(Object.keys(xian)).not.toContain("userId");
    expect(await readFile(path.join(dataDir, "unanswered.jsonl"), "utf8")).toContain("西安市信访局2019年");
  });

  it("keeps how a follow-up was understood", async () => {
    await app.conversation.ask(510, "西安市信访局2021年召开了多少次听证评议会？");
    await app.conversation.ask(510, "那2022年呢？");
    const followUp = (await app.feedback.unanswered.all()).find(
      (r) => r.chatId === 510 && r.question === "那2022年呢？",
    )!;
    expect(followUp.understoodAs).toContain("西安市信访局");
    expect(followUp.understoodAs).toContain("2022");
  });

  // A named pipe as the log file: a write to it cannot finish until the test reads it (a stalled disk).
  it.skipIf(process.platform === "win32")("answers without waiting for the record to be written", async () => {
    await app.feedback.unanswered.all(); // the writes of earlier questions are done
    const file = path.join(dataDir, "unanswered.jsonl");
    await rm(file, { force: true });
    execFileSync("mkfifo", [file]);
    try {
      const reply = await app.conversation.ask(520, "西安市信访局2019年召开了多少次听证评议会？");
      expect(reply.answer.found).toBe(false);
      expect(await readFile(file, "utf8")).toContain('"question":"西安市信访局2019年召开了多少次听证评议会？"');
    } finally {
      await rm(file, { force: true });
    }
  });
});

describe("UnansweredLog", () => {
  it("rotates past maxBytes, keeping the previous file, and reads both oldest first", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-unanswered-"));
    dirs.push(dir);
    let t = Date.parse("2026-11-22T08:00:00Z");
    const log = new UnansweredLog(dir, { maxBytes: 400, now: () => (t += 1000) });
    for (let i = 0; i < 20; i++) await log.add({ chatId: 1, question: `第${i}个问题` });
    expect((await stat(log.file)).size).toBeLessThanOrEqual(400);
    expect((await stat(log.previousFile)).size).toBeLessThanOrEqual(400);
    const kept = (await log.all()).map((r) => r.question);
    expect(kept.at(-1)).toBe("第19个问题");
    expect(kept.length).toBeLessThan(20); // the oldest went with the rotation
    expect(kept).toEqual([...kept].sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0])));
  });

  it("skips a line torn by a crash, and a write it cannot make is reported without the question", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-unanswered-"));
    dirs.push(dir);
    const log = new UnansweredLog(dir);
    await log.add({ chatId: 1, question: "完整的问题" });
    await writeFile(log.file, `${await readFile(log.file, "utf8")}{"at":"2026-`);
    expect((await log.all()).map((r) => r.question)).toEqual(["完整的问题"]);

    const warnings: unknown[] = [];
    const blocked = path.join(dir, "not-a-dir");
    await writeFile(blocked, "a file where the data directory should be");
    const failing = new UnansweredLog(blocked, { log: { warn: (obj: unknown) => warnings.push(obj) } });
    await failing.add({ chatId: 1, question: "秘密的问题" });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain("秘密的问题");
  });
});
