/** /feedback through the local Bot API server: 👎 votes and unanswered questions for admins, and the export file. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { createBot } from "../../src/bot/create-bot.ts";
import { testApp, testBotDeps, testConfig } from "../helpers.ts";
import { buttons, FakeTelegram, type BotMessage } from "../support/fake-telegram.ts";
import { textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:feedback-test-token";
const ADMIN = 7;
const USER = 21;
const OTHER = 22;
let telegram: FakeTelegram;
let dataDir: string;
let bot: ReturnType<typeof createBot>;
/** Every structured log line the app and the bot wrote, at debug level. */
let logged = "";

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-feedback-bot-"));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString("utf8");
      done();
    },
  });
  const log = pino({ level: "debug" }, sink);
  const app = await testApp(testConfig(dataDir), { log });
  const deps = testBotDeps(app, {
    log,
    access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [ADMIN], rateLimitPerMinute: 100 },
  });
  bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot });
  await bot.init();
});
afterAll(async () => {
  await telegram.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const say = (text: string, userId: number) => bot.handleUpdate(textUpdate(text, { userId }));
const lastTo = (chatId: number) => telegram.messages.filter((m) => m.chatId === chatId).at(-1)!;
/** A button press on a message the bot sent to a private chat. */
const press = (message: BotMessage, data: string, userId: number) =>
  bot.handleUpdate({
    update_id: 90_000 + telegram.calls.length,
    callback_query: {
      id: `cb-${telegram.calls.length}`,
      from: { id: userId, is_bot: false, first_name: `用户${userId}` },
      chat_instance: "feedback",
      data,
      message: {
        message_id: message.messageId,
        date: 0,
        chat: { id: message.chatId, type: "private" },
        text: message.plain,
      },
    },
  } as unknown as Update);

const ANSWERED = "惠安县2023年办理了多少件信访事项？";
const MISSED_OFTEN = "西安市信访局2019年召开了多少次听证评议会？";
const MISSED_ONCE = "惠安县2019年办理了多少件信访事项？";

describe("/feedback", () => {
  beforeAll(async () => {
    await say(ANSWERED, USER);
    const answer = [...telegram.messages].reverse().find((m) => m.chatId === USER && buttons(m).length > 0)!;
    const down = buttons(answer).find((b) => b.text.includes("👎"))!;
    await press(answer, down.data, USER);
    await say(MISSED_ONCE, USER);
    await say(MISSED_OFTEN, USER);
    await say(MISSED_OFTEN, OTHER);
    await say("西安市信访局2019年召开了多少次听证评议会", OTHER + 1); // the same question without its "？"
  });

  it("is refused to non-admins", async () => {
    await say("/feedback", USER);
    expect(lastTo(USER).plain).toContain("仅限管理员");
    await say("/feedback export", USER);
    expect(lastTo(USER).plain).toContain("仅限管理员");
    expect(telegram.documents).toHaveLength(0);
  });

  it("shows admins the recent 👎 with question, answer and sources, and unanswered questions most frequent first", async () => {
    await say("/feedback", ADMIN);
    const text = lastTo(ADMIN).plain;
    expect(text).toContain("👍 0　👎 1");
    const down = text.slice(text.indexOf("最近的 👎"), text.indexOf("未能回答的问题"));
    expect(down).toContain(ANSWERED);
    expect(down).toMatch(/回答：.*6246/);
    expect(down).toContain("出处：[1] 惠安县人民政府信访局 · 2023年");
    const missed = text.slice(text.indexOf("未能回答的问题")).split("\n");
    expect(missed[1]).toMatch(/^1\. 西安市信访局2019年召开了多少次听证评议会？?　×3（最近 /);
    expect(missed[2]).toMatch(/^2\. 惠安县2019年办理了多少件信访事项？　×1/);
    expect(text).not.toMatch(/\d\. 惠安县2023年办理了多少件信访事项/);
  });

  it("/feedback export sends every vote and unanswered question as a UTF-8 JSONL file; the log holds no user text", async () => {
    await say("/feedback export", ADMIN);
    expect(telegram.calls.filter((c) => c.method === "sendDocument").map((c) => c.status)).toEqual([200]);
    const [doc] = telegram.documents;
    expect(doc!.chatId).toBe(ADMIN);
    expect(doc!.fileName).toMatch(/^feedback-\d{8}-\d{4}\.jsonl$/);
    expect(doc!.caption).toContain("反馈 1 条，未能回答的问题 4 条");
    expect([...doc!.bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const records = doc!.bytes
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records.filter((r) => r.type === "feedback")).toMatchObject([
      { vote: "down", question: ANSWERED, found: true, userId: USER, answer: expect.stringContaining("6246") },
    ]);
    const unanswered = records.filter((r) => r.type === "unanswered");
    expect(unanswered.map((r) => r.question)).toEqual([
      MISSED_ONCE,
      MISSED_OFTEN,
      MISSED_OFTEN,
      "西安市信访局2019年召开了多少次听证评议会",
    ]);
    expect(unanswered.every((r) => r.userId === undefined)).toBe(true);
    // Those two files are the only place users' text goes: the structured log never holds it.
    expect(logged).not.toBe("");
    for (const text of [ANSWERED, MISSED_OFTEN, MISSED_ONCE, "惠安县2019"]) expect(logged).not.toContain(text);
  });
});
