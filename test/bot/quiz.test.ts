/** Quiz polls through the local Bot API server: sendPoll within Telegram's limits, poll_answer scoring. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { QuizStore } from "../../src/quiz/store.ts";
import { testApp, testBotDeps, testConfig } from "../helpers.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:quiz-test-token";
const GROUP = -100;
const TRAINER = 7;
let telegram: FakeTelegram;
let dataDir: string;
let deps: BotDeps;
let bot: ReturnType<typeof createBot>;

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-quiz-bot-"));
  const config = testConfig(dataDir);
  const app = await testApp(config);
  // Only the group is allowed: poll answers (which carry no chat) must be let in by their poll's chat.
  deps = testBotDeps(app, {
    access: { allowedUserIds: [], allowedChatIds: [GROUP], adminUserIds: [TRAINER], rateLimitPerMinute: 100 },
  });
  bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot });
  await bot.init();
});
afterAll(async () => {
  await telegram.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const inGroup = (text: string, userId: number) => textUpdate(text, { userId, chatId: GROUP, chatType: "supergroup" });
const lastGroupMessage = () => telegram.messages.filter((m) => m.chatId === GROUP).at(-1)!;

describe("quiz polls", () => {
  it("/quiz 3 sends three quiz polls Telegram accepts, then scores each user's round", async () => {
    await bot.handleUpdate(inGroup("/quiz 3", 1));
    const polls = telegram.sentPolls.filter((p) => p.chatId === GROUP);
    expect(polls).toHaveLength(3);
    expect(telegram.calls.filter((c) => c.method === "sendPoll").every((c) => c.status === 200)).toBe(true);
    for (const p of polls) {
      expect(p.payload).toMatchObject({ type: "quiz", is_anonymous: false });
      expect(p.payload["correct_option_ids"]).toHaveLength(1);
    }
    expect(lastGroupMessage().plain).toContain("本轮共 3 题");

    // User 1 answers everything right; user 2 gets the last one wrong.
    for (const [i, p] of polls.entries()) {
      const right = p.payload["correct_option_ids"][0] as number;
      await bot.handleUpdate(telegram.pollAnswerUpdate(p.id, 1, [right], "张三") as Update);
      await bot.handleUpdate(
        telegram.pollAnswerUpdate(
          p.id,
          2,
          [i === 2 ? (right + 1) % p.payload["options"].length : right],
          "李四",
        ) as Update,
      );
    }
    const summaries = telegram.messages.filter((m) => m.chatId === GROUP && m.plain.includes("本轮答对"));
    expect(summaries.map((m) => m.plain.split("\n")[0])).toEqual(["张三 本轮答对 3/3 题。", "李四 本轮答对 2/3 题。"]);
    expect(summaries[1]!.plain).toContain("建议复习");

    await bot.handleUpdate(inGroup("/score", 2));
    const board = lastGroupMessage().plain;
    expect(board).toMatch(/1\. 张三　3\/3（100%）\n2\. 李四　2\/3（67%）/);
    expect(board).toMatch(/您的正确率\n(条例|报告)：/);
  });

  it("the scores survive a restart of the store", async () => {
    const reopened = await QuizStore.open(dataDir);
    expect(reopened.leaderboard(GROUP).map((r) => [r.name, r.correct])).toEqual([
      ["张三", 3],
      ["李四", 2],
    ]);
    reopened.close();
  });

  it("/quiz with a topic narrows it; bad arguments get a clear message", async () => {
    const before = telegram.sentPolls.length;
    await bot.handleUpdate(inGroup("/quiz 惠安 2", 1));
    const sent = telegram.sentPolls.slice(before);
    expect(sent).toHaveLength(2);
    for (const p of sent) expect(String(p.payload["question"]) + String(p.payload["explanation"])).toContain("惠安");
    await bot.handleUpdate(inGroup("/quiz 99", 1));
    expect(lastGroupMessage().plain).toContain("每轮题数应在1到20之间");
    await bot.handleUpdate(inGroup("/quiz 火星", 1));
    expect(lastGroupMessage().plain).toContain("没有与“火星”相关的报告");
  });

  it("/quizreset is for trainers only", async () => {
    await bot.handleUpdate(inGroup("/quizreset", 1));
    expect(lastGroupMessage().plain).toContain("仅限管理员");
    await bot.handleUpdate(inGroup("/quizreset", TRAINER));
    expect(lastGroupMessage().plain).toMatch(/已清空本群的答题记录（6 条）/);
    await bot.handleUpdate(inGroup("/score", 1));
    expect(lastGroupMessage().plain).toContain("还没有人答题");
  });
});

describe("timed quiz rounds", () => {
  it("/quiz 3 60s sends one poll at a time with open_period, the next when Telegram closes one, then the standings", async () => {
    const before = telegram.sentPolls.length;
    const messagesBefore = telegram.messages.length;
    await bot.handleUpdate(inGroup("/quiz 3 60s", 1));
    expect(lastGroupMessage().plain).toContain("本轮共 3 题，每题限时 60 秒");
    expect(telegram.sentPolls.slice(before)).toHaveLength(1);

    for (let i = 0; i < 3; i++) {
      const poll = telegram.sentPolls.at(-1)!;
      expect(poll.payload).toMatchObject({ type: "quiz", is_anonymous: false, open_period: 60 });
      // The explanation names where the answer is written: an article, or bureau · year · section.
      expect(String(poll.payload["explanation"]).split("\n")[1]).toMatch(/^出处：(《[^》]+》第.+条|.+ · \d{4}年 · .+)/);
      const right = poll.payload["correct_option_ids"][0] as number;
      await bot.handleUpdate(telegram.pollAnswerUpdate(poll.id, 1, [right], "张三") as Update);
      // 李四 answers the first question wrongly and then no more.
      if (i === 0) {
        const wrong = (right + 1) % poll.payload["options"].length;
        await bot.handleUpdate(telegram.pollAnswerUpdate(poll.id, 2, [wrong], "李四") as Update);
      }
      await bot.handleUpdate(telegram.pollClosedUpdate(poll.id) as Update);
    }
    const sent = telegram.sentPolls.slice(before);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((p) => p.payload["question"])).size).toBe(3);
    expect(telegram.calls.filter((c) => c.method === "sendPoll").every((c) => c.status === 200)).toBe(true);

    const after = telegram.messages.slice(messagesBefore).filter((m) => m.chatId === GROUP);
    // No per-user summary in a timed round: one standings message once the last poll has closed.
    expect(after.some((m) => m.plain.includes("本轮答对"))).toBe(false);
    const standings = after.filter((m) => m.plain.includes("本轮测验结束"));
    expect(standings).toHaveLength(1);
    expect(standings[0]!.plain).toMatch(/1\. 张三　3\/3\n2\. 李四　0\/3/);
    expect(standings[0]!.plain).toContain("建议复习");

    // A repeated close report of the last poll changes nothing.
    await bot.handleUpdate(telegram.pollClosedUpdate(sent[2]!.id) as Update);
    expect(telegram.messages.filter((m) => m.plain.includes("本轮测验结束"))).toHaveLength(1);
    expect(telegram.sentPolls.slice(before)).toHaveLength(3);
  });

  it("takes 60秒 and 1分钟, and refuses a time limit outside Telegram's 5-600 seconds with a clear message", async () => {
    const before = telegram.sentPolls.length;
    await bot.handleUpdate(inGroup("/quiz 条例 1分钟", 1));
    await bot.handleUpdate(inGroup("/quiz 60秒", 1));
    expect(telegram.sentPolls.slice(before).map((p) => p.payload["open_period"])).toEqual([60, 60]);
    for (const text of ["/quiz 5 3s", "/quiz 5 11分钟"]) {
      await bot.handleUpdate(inGroup(text, 1));
      expect(lastGroupMessage().plain).toContain("每题限时应在5秒到600秒（10分钟）之间");
    }
    expect(telegram.sentPolls).toHaveLength(before + 2);
  });

  it("the local Bot API refuses open_period outside 5-600 s, and open_period with close_date", async () => {
    const options = [{ text: "甲" }, { text: "乙" }];
    await expect(bot.api.sendPoll(GROUP, "题目", options, { open_period: 601 })).rejects.toMatchObject({
      error_code: 400,
    });
    await expect(bot.api.sendPoll(GROUP, "题目", options, { open_period: 4 })).rejects.toMatchObject({
      error_code: 400,
    });
    await expect(
      bot.api.sendPoll(GROUP, "题目", options, { open_period: 60, close_date: Math.floor(Date.now() / 1000) + 60 }),
    ).rejects.toMatchObject({ error_code: 400, description: expect.stringContaining("open_period and close_date") });
    await expect(bot.api.sendPoll(GROUP, "题目", options, { open_period: 600 })).resolves.toBeDefined();
  });
});
