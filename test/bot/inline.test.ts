/**
 * Inline mode ("@bot 问题" in any chat) through the local Bot API server, which checks every
 * answerInlineQuery against Telegram's limits (test/support/fake-telegram.ts).
 */
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { inlineAnswerHtml } from "../../src/bot/features/inline.ts";
import { regulationsPresent } from "../helpers.ts";
import { parseTelegramHtml, type FakeTelegram } from "../support/fake-telegram.ts";
import { startFakeBot, type FakeBot } from "../support/fake-bot.ts";
import { FakeOpenAI } from "../support/fake-openai.ts";

const TOKEN = "4242:inline-test-token";
const USER = 41;
const STRANGER = 666;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let telegram: FakeTelegram;
let bot: Bot<Context>;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ telegram, bot, stop } = await startFakeBot(TOKEN, { allowedUserIds: [USER] }));
});
afterAll(() => stop());

/** Sends an inline query and returns what the bot answered, as Telegram accepted it. */
async function inline(
  query: string,
  userId = USER,
  to: Pick<FakeBot, "telegram" | "bot"> = { telegram, bot },
): Promise<{ results: Json[]; payload: Json }> {
  const calls = to.telegram.calls.length;
  await to.bot.handleUpdate(to.telegram.inlineQueryUpdate(query, userId) as Update);
  const call = to.telegram.calls.slice(calls).find((c) => c.method === "answerInlineQuery");
  expect(call?.status).toBe(200); // the fake refuses what Telegram would (400)
  return { results: call!.body["results"] as Json[], payload: call!.body };
}

/** The plain text a result inserts into the chat. */
const inserted = (result: Json) => {
  const parsed = parseTelegramHtml(String(result["input_message_content"]["message_text"]));
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.plain;
};

describe("inline answers", () => {
  it("a question gets one personal, briefly cached article holding the cited answer", async () => {
    const { results, payload } = await inline("惠安县2023年办理了多少件信访事项？");
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ type: "article", input_message_content: { parse_mode: "HTML" } });
    expect(results[0]!["title"]).toContain("惠安县人民政府信访局");
    const text = inserted(results[0]!);
    expect(text).toContain("惠安县2023年办理了多少件信访事项？");
    expect(text).toContain("6246件");
    expect(text).toContain("来源");
    expect(text).toContain("[1] 惠安县人民政府信访局 · 2023年");
    expect(payload["is_personal"]).toBe(true);
    expect(payload["cache_time"]).toBeLessThanOrEqual(60);
  });

  it.skipIf(!regulationsPresent)("@bot 第34条 inserts the article, cited", async () => {
    const { results } = await inline("第34条");
    expect(results).toHaveLength(1);
    expect(results[0]!["title"]).toContain("《信访工作条例》第三十四条");
    const text = inserted(results[0]!);
    expect(text).toContain("60日内办结");
    expect(text).toContain("[1] 《信访工作条例》第三十四条");
  });

  it("an empty query gets no results but a button to a private chat", async () => {
    const { results, payload } = await inline("");
    expect(results).toEqual([]);
    expect(payload["button"]).toMatchObject({ start_parameter: "inline" });
  });

  it("a query too short to search gets a polite hint, without searching", async () => {
    const { results } = await inline("信");
    expect(results).toHaveLength(1);
    expect(results[0]!["title"]).toBe("请继续输入问题");
    expect(inserted(results[0]!)).toContain(`@${telegram.bot.username} 第34条`);
  });

  it("a query that cannot be searched says why", async () => {
    const { results } = await inline("hello?");
    expect(results).toHaveLength(1);
    expect(results[0]!["title"]).toContain("只支持中文提问");
  });

  it("a user off the allowlist gets nothing", async () => {
    const { results } = await inline("信访事项多久要办结？", STRANGER);
    expect(results).toEqual([]);
  });
});

describe("inline answers in LLM mode", () => {
  let openai: FakeOpenAI;
  let llmBot: FakeBot;
  beforeAll(async () => {
    openai = new FakeOpenAI();
    await openai.start();
    llmBot = await startFakeBot(
      "4243:inline-llm-test-token",
      { allowedUserIds: [USER] },
      { OPENAI_API_KEY: "k", OPENAI_BASE_URL: openai.baseURL, OPENAI_MAX_RETRIES: "0" },
    );
  });
  afterAll(async () => {
    await llmBot.stop();
    await openai.stop();
  });

  it("every keystroke gets the extractive answer: the chat model is never asked", async () => {
    const question = "惠安县2023年办理了多少件信访事项？";
    for (let typed = 2; typed < [...question].length; typed += 4)
      await inline([...question].slice(0, typed).join(""), USER, llmBot);
    const { results } = await inline(question, USER, llmBot);
    expect(results).toHaveLength(1);
    expect(inserted(results[0]!)).toContain("6246件");
    expect(inserted(results[0]!)).toContain("[1] 惠安县人民政府信访局 · 2023年");
    expect(openai.chatRequests).toEqual([]);
    // The same question asked on its own goes to the model: LLM mode is on.
    await llmBot.deps.app.ask(question);
    expect(openai.chatRequests.length).toBeGreaterThan(0);
  });
});

describe("inlineAnswerHtml", () => {
  const answer: Answer = {
    question: "惠安县2023年的工作有哪些？",
    answer: `${"坚持依法行政，推进法治信访<依法>。".repeat(400)}[1]`,
    found: true,
    citations: [
      {
        n: 1,
        kind: "report",
        title: "惠安县人民政府信访局2023年度法治政府建设工作报告",
        bureau: "惠安县人民政府信访局",
        year: 2023,
        section: "一、工作开展情况",
        source: "corpus/reports/惠安县人民政府信访局-2023.txt",
        quote: "坚持依法行政",
      },
    ],
  };

  it("shortens a long answer to one message, keeping the question and the whole source list", () => {
    const parsed = parseTelegramHtml(inlineAnswerHtml(answer));
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.plain.length).toBeLessThanOrEqual(4096);
    expect(parsed.plain.length).toBeGreaterThan(3000);
    expect(parsed.plain).toContain("惠安县2023年的工作有哪些？");
    expect(parsed.plain).toContain("…\n\n来源\n[1] 惠安县人民政府信访局 · 2023年");
  });

  it("drops the quoted passages before shortening the answer, keeping every source's label", () => {
    const citations = Array.from({ length: 9 }, (_, i) => ({
      ...answer.citations[0]!,
      n: i + 1,
      section: `第${i + 1}节`,
      quote: "坚持依法行政，推进法治信访。".repeat(40),
    }));
    const html = inlineAnswerHtml({ ...answer, answer: "惠安县坚持依法行政。[1]", citations });
    const parsed = parseTelegramHtml(html);
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.plain.length).toBeLessThanOrEqual(4096);
    expect(parsed.plain).toContain("惠安县坚持依法行政。[1]");
    for (let n = 1; n <= 9; n++) expect(parsed.plain).toContain(`[${n}] 惠安县人民政府信访局 · 2023年 · 第${n}节`);
  });

  it("leaves a short answer whole", () => {
    const short = { ...answer, answer: "坚持依法行政。[1]" };
    expect(inlineAnswerHtml(short)).toContain("坚持依法行政。<b>[1]</b>");
  });
});
