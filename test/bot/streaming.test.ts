/**
 * Streaming in LLM mode through a real HTTP Bot API (test/support/fake-telegram.ts) and the local
 * OpenAI-compatible server: message drafts in private chats, edits in groups and where drafts fail.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GrammyError } from "grammy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { DraftSupport } from "../../src/bot/streaming.ts";
import { testApp, testBotDeps, testConfig } from "../helpers.ts";
import { faithful, FakeOpenAI } from "../support/fake-openai.ts";
import { buttons, FakeTelegram } from "../support/fake-telegram.ts";
import { TEST_BOT, textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:streaming-test";
const INTERVAL = 250;
const QUESTION = "惠安县律师参与县主要领导接访共计多少次？";
let openai: FakeOpenAI;
let dataDir: string;
let deps: BotDeps;
let telegram: FakeTelegram;

beforeAll(async () => {
  openai = new FakeOpenAI();
  await openai.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-streaming-"));
  const config = testConfig(dataDir, undefined, {
    OPENAI_API_KEY: "k",
    OPENAI_BASE_URL: openai.baseURL,
    OPENAI_MAX_RETRIES: "0",
  });
  deps = testBotDeps(await testApp(config), { streamIntervalMs: INTERVAL });
});
afterAll(async () => {
  await openai.stop();
  await rm(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
});
afterEach(() => telegram.stop());

/** A bot (fresh, so it remembers nothing about drafts) talking to the local Bot API server. */
const newBot = () => createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot, botInfo: TEST_BOT });

/** A long faithful answer streamed slowly (many pieces over about 1.5 s), with one marker outside the passages. */
let said = "";
const slowFaithful = (req: Parameters<typeof faithful>[0]) => {
  const { content } = faithful(req) as { content: string };
  said = content;
  return { content: `${content.replace("[1]", "[1][9]")}${content}${content}`, pieceDelayMs: 40 };
};

const callsOf = (method: string) => telegram.calls.filter((c) => c.method === method);

describe("streaming replies in a private chat", () => {
  it("grows as throttled message drafts, then one message with sources and buttons; nothing is edited", async () => {
    openai.respond = slowFaithful;
    const stamps: number[] = [];
    const bot = newBot();
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (method === "sendMessageDraft") stamps.push(Date.now());
      return prev(method, payload, signal);
    });
    await bot.handleUpdate(textUpdate(QUESTION, { userId: 41 }));

    const drafts = telegram.drafts.filter((d) => d.chatId === 41);
    expect(drafts.length).toBeGreaterThanOrEqual(3);
    expect(callsOf("sendMessageDraft").every((c) => c.status === 200)).toBe(true);
    for (const d of drafts) {
      expect(d.payload["parse_mode"]).toBeUndefined();
      expect(d.text).not.toContain("[9]"); // not even in a draft
      expect(d.draftId).toBe(drafts[0]!.draftId); // one draft, animated as it grows
    }
    for (let i = 1; i < drafts.length; i++) expect(drafts[i]!.text.length).toBeGreaterThan(drafts[i - 1]!.text.length);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(INTERVAL - 15);

    expect(callsOf("editMessageText")).toHaveLength(0);
    const sent = telegram.messages.filter((m) => m.chatId === 41);
    expect(sent).toHaveLength(1);
    const [final] = sent;
    expect(final!.payload["parse_mode"]).toBe("HTML");
    expect(final!.text).toContain(said.replace("[1]", "<b>[1]</b>"));
    expect(final!.plain).toContain("[1] 惠安县人民政府信访局 · 2023年");
    expect(buttons(final!).some((b) => b.data.startsWith("fb:"))).toBe(true);
    // The final message came after the last draft, which it replaced.
    const order = telegram.calls.map((c) => c.method);
    expect(order.lastIndexOf("sendMessageDraft")).toBeLessThan(order.lastIndexOf("sendMessage"));
    expect(telegram.visibleDraft(41)).toBeUndefined();
  });

  it("a rejected draft was only ever a draft: no message shows the unsupported number", async () => {
    openai.respond = () => ({ content: "今年以来律师参与县主要领导接访共计15次[1]，".repeat(3), pieceDelayMs: 40 });
    await newBot().handleUpdate(textUpdate(QUESTION, { userId: 42 }));
    expect(telegram.drafts.some((d) => d.text.includes("15次"))).toBe(true); // it was streamed
    const sent = telegram.messages.filter((m) => m.chatId === 42);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.plain).not.toContain("15次");
    expect(sent[0]!.plain).toContain("未通过核对");
    expect(sent[0]!.plain).toContain("12次");
    expect(telegram.visibleDraft(42)).toBeUndefined();
  });

  it("falls back to edits when the Bot API server has no sendMessageDraft, and stops trying it", async () => {
    telegram.removeMethod("sendMessageDraft");
    openai.respond = slowFaithful;
    const bot = newBot();
    await bot.handleUpdate(textUpdate(QUESTION, { userId: 43 }));
    expect(callsOf("sendMessageDraft").map((c) => c.status)).toEqual([404]);
    const writes = telegram.messages.filter((m) => m.chatId === 43);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect(writes[0]!.method).toBe("sendMessage");
    expect(writes[0]!.payload["parse_mode"]).toBeUndefined();
    const final = writes.at(-1)!;
    expect(final.method).toBe("editMessageText");
    expect(final.messageId).toBe(writes[0]!.messageId);
    expect(final.text).toContain(said.replace("[1]", "<b>[1]</b>"));

    // The next answer, in another private chat too, goes straight to edits.
    await bot.handleUpdate(textUpdate(QUESTION, { userId: 44 }));
    expect(callsOf("sendMessageDraft")).toHaveLength(1);
    expect(telegram.messages.filter((m) => m.chatId === 44 && m.method === "editMessageText").length).toBeGreaterThan(
      0,
    );
  });
});

describe("streaming replies in a group", () => {
  it("grows by plain-text edits, then one formatted edit; no drafts", async () => {
    openai.respond = slowFaithful;
    const update = textUpdate(`@${TEST_BOT.username} ${QUESTION}`, { userId: 45, chatType: "group", chatId: -100 });
    await newBot().handleUpdate(update);
    expect(callsOf("sendMessageDraft")).toHaveLength(0);
    const writes = telegram.messages.filter((m) => m.chatId === -100);
    expect(writes.length).toBeGreaterThanOrEqual(3);
    expect(writes[0]!.method).toBe("sendMessage");
    for (const w of writes.slice(0, -1)) {
      expect(w.payload["parse_mode"]).toBeUndefined();
      expect(w.text).not.toContain("[9]");
    }
    const final = writes.at(-1)!;
    expect(final.method).toBe("editMessageText");
    expect(final.messageId).toBe(writes[0]!.messageId);
    expect(final.payload["parse_mode"]).toBe("HTML");
    expect(final.text).toContain(said.replace("[1]", "<b>[1]</b>"));
    expect(buttons(final).some((b) => b.data.startsWith("fb:"))).toBe(true);
  });
});

describe("the local Bot API server's message drafts", () => {
  it("accepts drafts in private chats only, with a non-zero integer draft_id and at most 4096 characters", async () => {
    const api = newBot().api;
    const refusal = (call: Promise<unknown>) =>
      call.then(
        () => "accepted",
        (e: GrammyError) => e.error_code,
      );
    expect(await api.sendMessageDraft(41, 7, "草稿")).toBe(true);
    expect(telegram.visibleDraft(41)).toMatchObject({ draftId: 7, text: "草稿" });
    expect(await refusal(api.sendMessageDraft(-100, 7, "草稿"))).toBe(400);
    expect(await refusal(api.sendMessageDraft(41, 0, "草稿"))).toBe(400);
    expect(await refusal(api.sendMessageDraft(41, 1.5, "草稿"))).toBe(400);
    expect(await refusal(api.sendMessageDraft(41, 7, "字".repeat(4097)))).toBe(400);
    expect(await refusal(api.sendMessageDraft(41, 7, "字".repeat(4096)))).toBe("accepted");
    await api.sendMessage(41, "最终回答");
    expect(telegram.visibleDraft(41)).toBeUndefined();
  });
});

describe("DraftSupport", () => {
  const refusal = (code: number) =>
    new GrammyError(
      "Call to 'sendMessageDraft' failed!",
      { ok: false, error_code: code, description: "x" },
      "sendMessageDraft",
      {},
    );

  it("stops drafts in the chat that refused one (400), and everywhere when the server lacks the method (404)", () => {
    const support = new DraftSupport();
    support.failed(1, refusal(400));
    expect([support.usable(1), support.usable(2)]).toEqual([false, true]);
    support.failed(2, refusal(404));
    expect([support.usable(2), support.usable(3)]).toEqual([false, false]);
  });
});
