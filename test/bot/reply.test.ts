/**
 * Answers as Telegram shows them, through the local Bot API server (test/support/fake-telegram.ts):
 * each source's passage in an expandable quote, a button copying the citation, and no buttons under
 * notices.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Bot, type Context } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { callbackBytes, MESSAGE_LIMIT, QUOTE_LIMIT } from "../../src/bot/html.ts";
import { sendAnswer } from "../../src/bot/reply.ts";
import { buildTestApp, regulationsPresent, testApp, testBotDeps, testConfig } from "../helpers.ts";
import { FakeOpenAI } from "../support/fake-openai.ts";
import { buttons, FakeTelegram, parseTelegramHtml, type BotMessage } from "../support/fake-telegram.ts";
import { callbackUpdate, textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:reply-test-token";
let telegram: FakeTelegram;
let cleanup: () => Promise<void>;
let deps: BotDeps;
let bot: Bot<Context>;

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  const built = await buildTestApp();
  cleanup = built.cleanup;
  deps = testBotDeps(built.app);
  bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot, botInfo: telegram.bot as never });
});
afterAll(async () => {
  await telegram.stop();
  await cleanup();
});

/** The messages the bot sent to a chat in answer to `text` (every one accepted by the server). */
async function ask(text: string, userId: number): Promise<BotMessage[]> {
  const from = telegram.messages.length;
  const calls = telegram.calls.length;
  await bot.handleUpdate(textUpdate(text, { userId }));
  expect(telegram.calls.slice(calls).filter((c) => c.status !== 200)).toEqual([]);
  return telegram.messages.slice(from).filter((m) => m.chatId === userId);
}

describe("an answer from the documents", () => {
  it("quotes each source's passage in an expandable quote under its label, the asked figure in bold", async () => {
    const [reply, ...rest] = await ask("惠安县律师参与县主要领导接访共计多少次？", 1);
    expect(rest).toEqual([]);
    expect(reply!.text).toContain(
      "[1] 惠安县人民政府信访局 · 2023年 · 一、工作开展情况 &gt; （二）坚持依法行政，推进法治信访\n<blockquote expandable>今年以来律师参与县主要领导接访共计<b>12次</b>，",
    );
    expect(reply!.plain).toMatch(/\n来源\n\[1\] [^\n]+\n今年以来律师参与县主要领导接访共计12次/);
  });

  it("has a button copying the first source's citation, and 👍/👎; no 📄 for passages shown whole", async () => {
    const [reply] = await ask("阎良区信访局2022年召开了几次保密工作会议？", 2);
    const [copy, ...others] = buttons(reply!);
    expect(copy).toEqual({
      text: "📋 复制引用",
      data: "undefined",
      copy: "阎良区信访局《2022年法治政府建设情况报告》二、贯彻“八五”普法规划，加强宣传培训",
    });
    expect(others.map((b) => b.text)).toEqual(["👍 有用", "👎 不准确"]);
    for (const b of others) expect(callbackBytes(b.data)).toBeLessThanOrEqual(64);
  });

  it.skipIf(!regulationsPresent)("copies an article's citation as 《信访工作条例》第三十四条", async () => {
    const [reply] = await ask("信访事项多久要办结？", 3);
    expect(buttons(reply!)[0]!.copy).toBe("《信访工作条例》第三十四条");
    expect(reply!.text).toContain("[1] 《信访工作条例》第三十四条（第四章 信访事项的办理）\n<blockquote expandable>");
  });

  it("keeps 👍/👎 under “not in the documents” (a 👎 there flags a missed answer), without a copy button", async () => {
    const [reply] = await ask("西安市信访局2022年召开了多少次听证评议会？", 4);
    expect(reply!.plain).toContain("没有");
    expect(buttons(reply!).map((b) => b.text)).toEqual(["👍 有用", "👎 不准确"]);
  });
});

describe("notices", () => {
  it.each([
    ["an emoji", "👍", "没有识别到文字"],
    ["a question too long", "信访".repeat(600), "问题太长"],
    ["thanks", "谢谢", "不客气"],
  ])("%s gets its notice without buttons", async (_name, text, says) => {
    const [reply, ...rest] = await ask(text, 5);
    expect(rest).toEqual([]);
    expect(reply!.plain).toContain(says);
    expect(reply!.replyMarkup).toBeUndefined();
  });

  it("gets no buttons in LLM mode either", async () => {
    const openai = new FakeOpenAI();
    await openai.start();
    const dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-reply-llm-"));
    try {
      const config = testConfig(dataDir, undefined, { OPENAI_API_KEY: "k", OPENAI_BASE_URL: openai.baseURL });
      const llmBot = createBot(testBotDeps(await testApp(config)), {
        token: TOKEN,
        apiRoot: telegram.apiRoot,
        botInfo: telegram.bot as never,
      });
      const from = telegram.messages.length;
      await llmBot.handleUpdate(textUpdate("谢谢", { userId: 7 }));
      const [reply] = telegram.messages.slice(from).filter((m) => m.chatId === 7);
      expect(reply!.plain).toContain("不客气");
      expect(buttons(reply!)).toEqual([]);
    } finally {
      await openai.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("a long answer with long passages", () => {
  const passage = (i: number) =>
    `第${i}段：信访事项应当自受理之日起60日内办结，情况复杂的可以适当延长&核实。\n`.repeat(120);
  const long: Answer = {
    question: "长回答",
    answer: "信访工作机构共化解信访积案52件。[1][2]\n".repeat(150),
    found: true,
    highlights: ["52件"],
    citations: [1, 2].map((n) => ({
      n,
      kind: "report" as const,
      title: "惠安县人民政府信访局2023年度法治政府建设工作年度报告",
      bureau: "惠安县人民政府信访局",
      year: 2023,
      section: "一、工作开展情况",
      source: "corpus/reports/惠安县人民政府信访局-2023.txt",
      quote: passage(n),
    })),
  };

  it("is split into valid messages, the answer whole and the quotes trimmed, with 📄 for the whole passage", async () => {
    // sendAnswer itself, over a bot of its own that answers every message with this answer.
    const sender = new Bot<Context>(TOKEN, { botInfo: telegram.bot as never, client: { apiRoot: telegram.apiRoot } });
    sender.on("message", (ctx) => sendAnswer(ctx, deps, long));
    const from = telegram.messages.length;
    await sender.handleUpdate(textUpdate("长回答", { userId: 6 }));
    const parts = telegram.messages.slice(from);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    const plain = parts.map((p) => p.plain).join("\n");
    expect(plain).toContain(long.answer.trim());
    expect(plain.match(/…/g)).toHaveLength(2);
    for (const n of [1, 2]) {
      const shown = new RegExp(`\\[${n}\\] [^\\n]+\\n((?:第${n}段[^\\n]*\\n?)+)`).exec(plain)![1]!;
      expect([...shown.trim()].length).toBeLessThanOrEqual(QUOTE_LIMIT);
      expect(shown.trim().endsWith("核实。…")).toBe(true);
    }
    expect(buttons(parts.at(-1)!).map((b) => b.text)).toEqual([
      "📋 复制引用",
      "📄 全文[1]",
      "📄 全文[2]",
      "👍 有用",
      "👎 不准确",
    ]);

    // 📄 shows the whole passage, in as many messages as it takes, each a valid quote.
    const full = telegram.messages.length;
    await bot.handleUpdate(callbackUpdate(buttons(parts.at(-1)!)[1]!.data, { userId: 6 }));
    const shown = telegram.messages.slice(full);
    expect(shown.length).toBeGreaterThan(1);
    for (const m of shown) {
      expect(m.text).toMatch(/<blockquote>[\s\S]*<\/blockquote>/);
      expect(parseTelegramHtml(m.text)).not.toHaveProperty("error");
    }
    expect(shown.map((m) => m.plain).join("\n")).toContain(passage(1).trim());
  });
});
