/**
 * Bursts against the local Bot API server: every message beyond RATE_LIMIT_PER_MINUTE gets a notice
 * replying to it (nothing vanishes), a flood beyond that is dropped, and a minute later the user is
 * answered again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/create-bot.ts";
import { buildTestApp, testBotDeps } from "../helpers.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:rate-test-token";
const LIMIT = 20;
let telegram: FakeTelegram;
let now = 1_000_000;

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
});
afterAll(() => telegram.stop());

describe("rate limiting", () => {
  it("answers 20 of 30 messages sent in a minute and tells the other 10 which ones were not handled", async () => {
    const built = await buildTestApp();
    const deps = testBotDeps(built.app, {
      access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: LIMIT },
      now: () => now,
    });
    const bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot, botInfo: telegram.bot as never });
    const user = 31;
    const sent = () => telegram.messages.filter((m) => m.chatId === user);
    const updates = Array.from({ length: 30 }, () => textUpdate("/help", { userId: user }));
    for (const u of updates) {
      await bot.handleUpdate(u);
      now += 1000;
    }
    const notices = sent().filter((m) => m.plain.includes("发送得太快"));
    expect(sent().filter((m) => m.plain.includes("信访问答助手"))).toHaveLength(LIMIT);
    expect(notices).toHaveLength(10);
    // Each notice replies to the message it was about: the user sees which ones to send again.
    const repliedTo = notices.map((m) => (m.payload["reply_parameters"] as { message_id: number }).message_id);
    expect(repliedTo).toEqual(updates.slice(LIMIT).map((u) => u.message!.message_id));

    // A flood beyond twice the limit is dropped without a word.
    for (let i = 0; i < 15; i++) await bot.handleUpdate(textUpdate("/help", { userId: user }));
    expect(sent().filter((m) => m.plain.includes("发送得太快"))).toHaveLength(LIMIT);

    // A minute after the first messages, the user is answered again.
    now += 61_000;
    const before = sent().length;
    await bot.handleUpdate(textUpdate("/help", { userId: user }));
    expect(
      sent()
        .slice(before)
        .map((m) => m.plain),
    ).toEqual([expect.stringContaining("信访问答助手")]);
    await built.cleanup();
  });

  it("gives inline queries their own, larger budget, so typing a query does not use up the messages", async () => {
    const built = await buildTestApp();
    const deps = testBotDeps(built.app, {
      access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: 2 },
      now: () => now,
    });
    const bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot, botInfo: telegram.bot as never });
    const user = 33;
    const from = telegram.calls.length;
    // Telegram sends a query each time the user pauses: 惠, 惠安, 惠安县…
    for (const q of ["惠安县", "惠安县2023", "惠安县2023年办理", "惠安县2023年办理了多少件"]) {
      await bot.handleUpdate(telegram.inlineQueryUpdate(q, user) as never);
    }
    const answered = telegram.calls.slice(from).filter((c) => c.method === "answerInlineQuery");
    expect(answered).toHaveLength(4);
    expect(answered.every((c) => (c.body["results"] as unknown[]).length > 0)).toBe(true);
    await bot.handleUpdate(textUpdate("/help", { userId: user }));
    expect(telegram.messages.filter((m) => m.chatId === user).map((m) => m.plain)).toEqual([
      expect.stringContaining("信访问答助手"),
    ]);
    await built.cleanup();
  });

  it("does not count group chatter that is not addressed to the bot", async () => {
    const built = await buildTestApp();
    const deps = testBotDeps(built.app, {
      access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: 2 },
      now: () => now,
    });
    const bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot, botInfo: telegram.bot as never });
    const group = -500;
    for (let i = 0; i < 5; i++) {
      await bot.handleUpdate(textUpdate("大家好", { userId: 32, chatId: group, chatType: "supergroup" }));
    }
    await bot.handleUpdate(textUpdate("/help", { userId: 32, chatId: group, chatType: "supergroup" }));
    const replies = telegram.messages.filter((m) => m.chatId === group).map((m) => m.plain);
    expect(replies).toEqual([expect.stringContaining("信访问答助手")]);
    await built.cleanup();
  });
});
