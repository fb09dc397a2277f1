/** The bot in LLM mode: streamed replies through the local OpenAI-compatible server. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { testApp, testBotDeps, testConfig } from "../helpers.ts";
import { faithful, FakeOpenAI } from "../support/fake-openai.ts";
import { buttonData, recordApi, TEST_BOT, textUpdate } from "../support/recording-api.ts";

const INTERVAL = 250;
let server: FakeOpenAI;
let dataDir: string;
let deps: BotDeps;

beforeAll(async () => {
  server = new FakeOpenAI();
  await server.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-llm-bot-"));
  const config = testConfig(dataDir, undefined, {
    OPENAI_API_KEY: "k",
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_MAX_RETRIES: "0",
  });
  deps = testBotDeps(await testApp(config), { streamIntervalMs: INTERVAL });
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A long faithful answer streamed slowly (many tokens over about 1.5 s); remembers what it said. */
let said = "";
const slowFaithful = (req: Parameters<typeof faithful>[0]) => {
  const { content } = faithful(req) as { content: string };
  said = content;
  return { content: `${content.replace("[1]", "[1][9]")}${content}${content}`, pieceDelayMs: 40 };
};

/** A question addressed to the bot in a group, where replies stream by edits (private chats use drafts: streaming.test.ts). */
const inGroup = (text: string, userId: number) =>
  textUpdate(`@${TEST_BOT.username} ${text}`, { userId, chatType: "group", chatId: -userId });

describe("streaming replies (LLM mode)", () => {
  it("in a group, grows by throttled plain-text edits, then one formatted edit with sources and buttons", async () => {
    server.respond = slowFaithful;
    const bot = createBot(deps, { token: "t", botInfo: TEST_BOT });
    const calls = recordApi(bot);
    const stamps: number[] = [];
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (method === "sendMessage" || method === "editMessageText") stamps.push(Date.now());
      return prev(method, payload, signal);
    });
    await bot.handleUpdate(inGroup("惠安县律师参与县主要领导接访共计多少次？", 31));

    const writes = calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText");
    const drafts = writes.slice(0, -1);
    const final = writes.at(-1)!;
    expect(drafts.length).toBeGreaterThanOrEqual(3);
    for (const d of drafts) expect(d.payload["parse_mode"]).toBeUndefined();
    for (const w of writes) expect(String(w.payload["text"])).not.toContain("[9]"); // not even in a draft
    // At most one draft write per interval (a few ms of timer slack allowed).
    for (let i = 1; i < drafts.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(INTERVAL - 15);
    expect(final.method).toBe("editMessageText");
    expect(final.payload["parse_mode"]).toBe("HTML");
    expect(String(final.payload["text"])).toContain(said.replace("[1]", "<b>[1]</b>"));
    expect(String(final.payload["text"])).toContain("[1] 惠安县人民政府信访局 · 2023年");
    expect(buttonData(final).some((d) => d.startsWith("fb:"))).toBe(true);
  });

  it("replaces a rejected draft; the unsupported number is not left visible", async () => {
    server.respond = () => ({ content: "今年以来律师参与县主要领导接访共计15次[1]，".repeat(3), pieceDelayMs: 40 });
    const bot = createBot(deps, { token: "t", botInfo: TEST_BOT });
    const calls = recordApi(bot);
    await bot.handleUpdate(inGroup("惠安县律师参与县主要领导接访共计多少次？", 32));
    const writes = calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText");
    expect(writes.slice(0, -1).some((c) => String(c.payload["text"]).includes("15次"))).toBe(true); // it was streamed
    const final = writes.at(-1)!;
    expect(final.method).toBe("editMessageText");
    expect(final.payload["message_id"]).toBe(writes[0]!.method === "sendMessage" ? 1001 : undefined);
    expect(String(final.payload["text"])).not.toContain("15次");
    expect(String(final.payload["text"])).toContain("未通过核对");
    expect(String(final.payload["text"])).toContain("12次");
  });

  it("quiz mode: a model-proposed question is used when its answer is in the cited passage, dropped otherwise", async () => {
    server.respond = (req) => {
      if (!req.system.includes("出单选题")) return faithful(req);
      const first = /\[1\] 出处：[^\n]*\n([^\n]*)/.exec(req.user)![1]!.replace(/^第[^条]+条\s*/, "");
      const answer = first.slice(0, 8);
      return {
        content: JSON.stringify([
          {
            question: "下列哪一句出自所给材料？",
            options: ["完全虚构的一句话", answer, "另一句无关的话", "第三句无关的话"],
            answer: 1,
            passage: 1,
          },
          { question: "编造的题目？", options: ["不在材料里的答案", "甲", "乙"], answer: 0, passage: 1 },
        ]),
      };
    };
    const bot = createBot(deps, { token: "t", botInfo: TEST_BOT });
    const calls = recordApi(bot);
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== "sendPoll") return prev(method, payload, signal);
      await prev(method, payload, signal);
      return {
        ok: true,
        result: { message_id: 1, date: 0, chat: { id: 34, type: "private" }, poll: { id: `p${calls.length}` } },
      } as never;
    });
    await bot.handleUpdate(textUpdate("/quiz 6", { userId: 34 }));
    const polls = calls.filter((c) => c.method === "sendPoll");
    expect(polls).toHaveLength(6);
    expect(polls.filter((p) => p.payload["question"] === "下列哪一句出自所给材料？")).toHaveLength(1);
    expect(polls.some((p) => p.payload["question"] === "编造的题目？")).toBe(false);
  });

  it("completes a follow-up from the chat's context as offline mode does, and asks the model that", async () => {
    server.respond = faithful;
    const bot = createBot(deps, { token: "t", botInfo: TEST_BOT });
    const calls = recordApi(bot);
    await bot.handleUpdate(textUpdate("惠安县2023年律师参与接访多少次？", { userId: 33 }));
    const before = server.chatRequests.length;
    await bot.handleUpdate(textUpdate("那上街咨询宣传活动开展了多少次？", { userId: 33 }));
    // One model call for the answer; no separate rewriting call.
    expect(server.chatRequests.length - before).toBe(1);
    expect(server.chatRequests.at(-1)!.user).toMatch(/问题：惠安县人民政府信访局 2023年 .*上街咨询宣传活动/);
    const final = calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").at(-1)!;
    expect(String(final.payload["text"])).toContain("按上文理解为：惠安县人民政府信访局 · 2023年");
    expect(server.chatRequests.at(-1)!.user).toMatch(/\[1\] 出处：惠安县人民政府信访局 2023年报告/);
  });
});
