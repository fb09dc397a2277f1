/** Refusals of users and chats off the allowlist, through the local Bot API server (test/support/fake-telegram.ts). */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { buildTestApp, testBotDeps } from "../helpers.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { callbackUpdate, textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:access-test-token";
const MEMBER = 1;
const STRANGER = 666;
const OTHER_STRANGER = 667;
const GROUP = -1002;
const QUESTION = "信访事项多久要办结？";

let telegram: FakeTelegram;
let cleanup: () => Promise<void>;
let deps: BotDeps;
let bot: Bot<Context>;
/** The injected clock, moved by the tests. */
let clock = Date.UTC(2025, 0, 1);
/** Every log record the bot wrote. */
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  const built = await buildTestApp();
  cleanup = built.cleanup;
  const log = pino({ level: "debug", base: undefined }, { write: (line: string) => logs.push(JSON.parse(line)) });
  deps = testBotDeps(built.app, {
    log,
    now: () => clock,
    access: { allowedUserIds: [MEMBER], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: 100 },
  });
  bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot });
  await bot.init();
});
afterAll(async () => {
  await telegram.stop();
  await cleanup();
});

const sentTo = (chatId: number, from = 0) => telegram.messages.slice(from).filter((m) => m.chatId === chatId);

describe("refusals in a group", () => {
  it("do not show the user's id to the group, and say how to get it privately", async () => {
    const from = telegram.messages.length;
    await bot.handleUpdate(textUpdate("/help", { userId: STRANGER, chatId: GROUP, chatType: "supergroup" }));
    const replies = sentTo(GROUP, from);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.plain).toContain("没有使用本机器人的权限");
    expect(replies[0]!.plain).toContain("私聊");
    expect(replies[0]!.plain).not.toContain(String(STRANGER));
  });

  it("keep the id in a private chat and in a button's alert (seen only by the one who pressed)", async () => {
    const from = telegram.messages.length;
    await bot.handleUpdate(textUpdate(QUESTION, { userId: OTHER_STRANGER }));
    expect(sentTo(OTHER_STRANGER, from).at(-1)!.plain).toContain(`您的用户ID是 ${OTHER_STRANGER}`);
    const calls = telegram.calls.length;
    await bot.handleUpdate(callbackUpdate("rl", { userId: OTHER_STRANGER, chatId: GROUP }));
    const alert = telegram.calls.slice(calls).find((c) => c.method === "answerCallbackQuery")!;
    expect(alert.body).toMatchObject({ show_alert: true });
    expect(String(alert.body["text"])).toContain(String(OTHER_STRANGER));
  });
});

describe("refusals are not repeated", () => {
  it("60 messages from a stranger get one refusal a minute; the rest are dropped and logged by user id", async () => {
    clock += 10 * 60_000;
    const from = telegram.messages.length;
    const logged = logs.length;
    for (let i = 0; i < 60; i++) await bot.handleUpdate(textUpdate(`${QUESTION}${i}`, { userId: STRANGER }));
    expect(sentTo(STRANGER, from)).toHaveLength(1);
    expect(sentTo(STRANGER, from)[0]!.plain).toContain(`您的用户ID是 ${STRANGER}`);
    const records = logs.slice(logged);
    expect(records.filter((r) => r["userId"] === STRANGER).length).toBeGreaterThanOrEqual(60);
    expect(JSON.stringify(records)).not.toContain(QUESTION);

    clock += 59_000;
    await bot.handleUpdate(textUpdate(QUESTION, { userId: STRANGER }));
    expect(sentTo(STRANGER, from)).toHaveLength(1);

    clock += 2_000; // past a minute since the refusal
    await bot.handleUpdate(textUpdate(QUESTION, { userId: STRANGER }));
    expect(sentTo(STRANGER, from)).toHaveLength(2);
  });

  it("are counted per user: another stranger is still told, and members are never held back", async () => {
    const from = telegram.messages.length;
    await bot.handleUpdate(textUpdate(QUESTION, { userId: OTHER_STRANGER + 1 }));
    expect(sentTo(OTHER_STRANGER + 1, from)).toHaveLength(1);
    await bot.handleUpdate(textUpdate("/help", { userId: MEMBER }));
    await bot.handleUpdate(textUpdate("/help", { userId: MEMBER }));
    expect(sentTo(MEMBER, from)).toHaveLength(2);
  });
});

describe("a timed quiz when only users are allowlisted", () => {
  it("goes on when Telegram reports a poll closed (an update from no user, in a chat not on the list)", async () => {
    const polls = telegram.sentPolls.length;
    await bot.handleUpdate(textUpdate("/quiz 2 60s", { userId: MEMBER, chatId: GROUP, chatType: "supergroup" }));
    expect(telegram.sentPolls.slice(polls)).toHaveLength(1);
    const first = telegram.sentPolls.at(-1)!;
    expect(first).toMatchObject({ chatId: GROUP, payload: { open_period: 60 } });

    await bot.handleUpdate(telegram.pollClosedUpdate(first.id) as Update);
    expect(telegram.sentPolls.slice(polls)).toHaveLength(2);
    const second = telegram.sentPolls.at(-1)!;
    await bot.handleUpdate(telegram.pollClosedUpdate(second.id) as Update);
    expect(sentTo(GROUP).at(-1)!.plain).toContain("本轮测验结束");
  });

  it("a poll the bot did not send is still refused", async () => {
    const calls = telegram.calls.length;
    const logged = logs.length;
    const update = {
      update_id: 99_001,
      poll: { id: "not-ours", question: "?", options: [], total_voter_count: 0, is_closed: true },
    } as unknown as Update;
    await bot.handleUpdate(update);
    expect(telegram.calls.slice(calls)).toEqual([]);
    expect(logs.slice(logged).some((r) => r["msg"] === "refused: not on the allowlist")).toBe(true);
  });
});
