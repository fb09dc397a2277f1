import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Bot, Context } from "grammy";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { callbackBytes } from "../../src/bot/html.ts";
import { buildTestApp, regulationsPresent, testBotDeps } from "../helpers.ts";
import {
  buttonData,
  callbackUpdate,
  recordApi,
  stickerUpdate,
  TEST_BOT,
  textUpdate,
  type ApiCall,
} from "../support/recording-api.ts";

const ADMIN = 7;
const STRANGER = 666;
let deps: BotDeps;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const built = await buildTestApp();
  cleanup = built.cleanup;
  deps = testBotDeps(built.app, {
    access: { allowedUserIds: [1, 2, 3, 4], allowedChatIds: [-100], adminUserIds: [ADMIN], rateLimitPerMinute: 5 },
  });
});
afterAll(() => cleanup());

let bot: Bot<Context>;
let calls: ApiCall[];
beforeEach(() => {
  bot = createBot(deps, { token: "test", botInfo: TEST_BOT });
  calls = recordApi(bot);
});

const sent = () => calls.filter((c) => c.method === "sendMessage");
const texts = () => sent().map((c) => String(c.payload["text"]));

describe("questions", () => {
  it("answers in HTML with markers, a source list and buttons within 64 bytes", async () => {
    await bot.handleUpdate(textUpdate("惠安县律师参与县主要领导接访共计多少次？"));
    expect(calls.some((c) => c.method === "sendChatAction")).toBe(true);
    const reply = sent().at(-1)!;
    expect(reply.payload["parse_mode"]).toBe("HTML");
    expect(String(reply.payload["text"])).toContain("12次");
    expect(String(reply.payload["text"])).toContain("[1] 惠安县人民政府信访局 · 2023年");
    const data = buttonData(reply).filter((d) => d !== ""); // the copy button has none
    expect(data.filter((d) => d.startsWith("fb:"))).toHaveLength(2);
    for (const d of data) expect(callbackBytes(d)).toBeLessThanOrEqual(64);
  });

  it("the source's passage is quoted under the answer; 👍 is stored with question and citations", async () => {
    await bot.handleUpdate(textUpdate("阎良区信访局2022年召开了几次保密工作会议？", { userId: 2 }));
    const data = buttonData(sent().at(-1));
    expect(texts().at(-1)).toMatch(/<blockquote expandable>(?:(?!<\/blockquote>).)*保密工作会议<b>2次<\/b>/s);
    await bot.handleUpdate(
      callbackUpdate(
        data.find((d) => d.endsWith(":u"))!,
        { userId: 2 },
      ),
    );
    const stored = (await deps.app.feedback.all()).at(-1)!;
    expect(stored).toMatchObject({ userId: 2, vote: "up", question: "阎良区信访局2022年召开了几次保密工作会议？" });
    expect(stored.citations[0]).toMatchObject({ bureau: "阎良区信访局", year: 2022 });
    expect(calls.filter((c) => c.method === "answerCallbackQuery").length).toBe(1);
  });

  it("an answer's buttons work only in the chat it was sent to (ids are random and chat-bound)", async () => {
    await bot.handleUpdate(textUpdate("惠安县开展上街咨询宣传活动多少次？", { userId: 2 }));
    const data = buttonData(sent().at(-1));
    const down = data.find((d) => d.endsWith(":d"))!;
    expect(down).toMatch(/^fb:[\w-]{8}:d$/);
    const votes = (await deps.app.feedback.all()).length;
    // The same buttons pressed in another chat (copied, forwarded or guessed) find nothing.
    await bot.handleUpdate(callbackUpdate(down, { userId: 3, chatId: 3 }));
    expect(calls.at(-1)).toMatchObject({ method: "answerCallbackQuery" });
    expect(String(calls.at(-1)!.payload["text"])).toContain("已过期");
    expect((await deps.app.feedback.all()).length).toBe(votes);
  });

  it("a follow-up keeps the bureau and year; /new clears them", async () => {
    await bot.handleUpdate(textUpdate("惠安县2023年办理了多少件信访事项？", { userId: 3 }));
    await bot.handleUpdate(textUpdate("那律师参与接访多少次？", { userId: 3 }));
    expect(texts().at(-1)).toContain("按上文理解为：惠安县人民政府信访局 · 2023年");
    expect(texts().at(-1)).toContain("12次");
    await bot.handleUpdate(textUpdate("/new", { userId: 3 }));
    await bot.handleUpdate(textUpdate("那律师参与接访多少次？", { userId: 3 }));
    expect(texts().at(-1)).not.toContain("按上文理解为");
  });

  it("a question with its own scope is not rewritten", async () => {
    await bot.handleUpdate(textUpdate("惠安县2023年办理了多少件信访事项？", { userId: 4 }));
    await bot.handleUpdate(textUpdate("信访事项多久要办结？", { userId: 4 }));
    expect(texts().at(-1)).not.toContain("按上文理解为");
  });

  it("a long question gets a clear message; a sticker gets a hint", async () => {
    await bot.handleUpdate(textUpdate("信访".repeat(600), { userId: 1 }));
    expect(texts().at(-1)).toContain("问题太长");
    await bot.handleUpdate(stickerUpdate(1));
    expect(texts().at(-1)).toContain("只能回答文字问题");
  });
});

describe("groups", () => {
  it("ignores chatter, answers @mentions and replies to the bot", async () => {
    await bot.handleUpdate(textUpdate("今天开会吗", { userId: 9, chatId: -100, chatType: "supergroup" }));
    expect(sent()).toHaveLength(0);
    await bot.handleUpdate(
      textUpdate(`@${TEST_BOT.username} 惠安县开展上街咨询宣传活动多少次？`, {
        userId: 9,
        chatId: -100,
        chatType: "supergroup",
      }),
    );
    // Needs no regulation text: the suite passes on a fresh clone without network.
    expect(texts().at(-1)).toContain("<b>48次</b>");
    expect(sent().at(-1)!.payload["reply_parameters"]).toBeDefined();
    await bot.handleUpdate(
      textUpdate("沙坪坝区化解率达到多少？", { userId: 9, chatId: -100, chatType: "supergroup", replyToBot: true }),
    );
    expect(texts().at(-1)).toContain("90.14%");
  });
});

describe("access", () => {
  it("tells a refused user their id, for messages and buttons alike", async () => {
    await bot.handleUpdate(textUpdate("信访事项多久要办结？", { userId: STRANGER }));
    expect(texts().at(-1)).toContain(`您的用户ID是 ${STRANGER}`);
    await bot.handleUpdate(callbackUpdate("rl", { userId: STRANGER }));
    expect(calls.at(-1)).toMatchObject({ method: "answerCallbackQuery", payload: { show_alert: true } });
    expect(String(calls.at(-1)!.payload["text"])).toContain(String(STRANGER));
  });

  it("admin commands are refused to others and work for admins", async () => {
    await bot.handleUpdate(textUpdate("/stats", { userId: 1 }));
    expect(texts().at(-1)).toContain("仅限管理员");
    await bot.handleUpdate(textUpdate("/stats", { userId: ADMIN }));
    expect(texts().at(-1)).toMatch(/文档：7 份|文档：5 份/);
    expect(texts().at(-1)).toContain("已回答问题");
  });

  it("/reindex rebuilds in the background and reports when the new index is in use", async () => {
    const before = deps.app.engine();
    await bot.handleUpdate(textUpdate("/reindex", { userId: ADMIN }));
    expect(texts().at(-1)).toContain("开始重建索引");
    await expect.poll(() => texts().at(-1), { timeout: 30_000 }).toMatch(/索引已更新：\d+ 份文档/);
    expect(deps.app.engine()).not.toBe(before);
    // Answers keep working from the new index.
    await bot.handleUpdate(textUpdate("惠安县开展上街咨询宣传活动多少次？", { userId: 1 }));
    expect(texts().at(-1)).toContain("48次");
  });

  it("rate-limits a user politely", async () => {
    for (let i = 0; i < 7; i++) await bot.handleUpdate(textUpdate("/help", { userId: 4 }));
    expect(texts().some((t) => t.includes("发送得太快"))).toBe(true);
  });
});

describe("/article and /reports", () => {
  it.skipIf(!regulationsPresent)(
    "/article: the in-force law by default, the 2005 one on request, invalid input explained",
    async () => {
      await bot.handleUpdate(textUpdate("/article 34", { userId: 1 }));
      expect(texts().at(-1)).toContain("《信访工作条例》第三十四条");
      await bot.handleUpdate(textUpdate("/article 信访条例 33", { userId: 1 }));
      expect(texts().at(-1)).toContain("已被《信访工作条例》取代");
      // The law's everyday names: 旧条例, 05版条例, 新条例, 条例.
      await bot.handleUpdate(textUpdate("/article 旧条例 20", { userId: 3 }));
      expect(texts().at(-1)).toContain("《信访条例》第二十条");
      await bot.handleUpdate(textUpdate("/article 05版条例 第三十三条", { userId: 3 }));
      expect(texts().at(-1)).toContain("《信访条例》第三十三条");
      await bot.handleUpdate(textUpdate("/article 新条例 20", { userId: 3 }));
      expect(texts().at(-1)).toContain("《信访工作条例》第二十条");
      await bot.handleUpdate(textUpdate("/article 惠安 20", { userId: 3 }));
      expect(texts().at(-1)).toContain("用法");
      await bot.handleUpdate(textUpdate("/article 99", { userId: 1 }));
      expect(texts().at(-1)).toContain("没有第99条");
      await bot.handleUpdate(textUpdate("/article abc", { userId: 1 }));
      expect(texts().at(-1)).toContain("用法");
    },
  );

  it("/reports -> a report's outline -> a section, by editing the message", async () => {
    await bot.handleUpdate(textUpdate("/reports", { userId: 2 }));
    const list = buttonData(sent().at(-1));
    expect(list).toHaveLength(5);
    const huian = sent().at(-1)!.payload["reply_markup"] as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    const huianData = huian.inline_keyboard.flat().find((b) => b.text.startsWith("惠安"))!.callback_data;
    await bot.handleUpdate(callbackUpdate(huianData, { userId: 2 }));
    const outline = calls.filter((c) => c.method === "editMessageText").at(-1)!;
    expect(String(outline.payload["text"])).toContain("惠安县人民政府信访局2023年度法治政府建设工作年度报告");
    const sectionData = buttonData(outline).find((d) => d.startsWith("s:"))!;
    await bot.handleUpdate(callbackUpdate(sectionData, { userId: 2 }));
    const section = calls.filter((c) => c.method === "editMessageText").at(-1)!;
    expect(String(section.payload["text"]).length).toBeLessThanOrEqual(4096);
    expect(buttonData(section)).toContain(huianData); // back to the outline
    for (const d of [...list, ...buttonData(outline), ...buttonData(section)])
      expect(callbackBytes(d)).toBeLessThanOrEqual(64);
  });
});
