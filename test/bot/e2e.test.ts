/**
 * End to end: the real `npm start` process long-polling the local Bot API server of
 * test/support/fake-telegram.ts on 127.0.0.1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regulationsPresent, ROOT } from "../helpers.ts";
import { buttons, FakeTelegram, parseTelegramHtml } from "../support/fake-telegram.ts";

const TOKEN = "4242:e2e-test-token";
const ADMIN = 1;
const USER = 2;
const GROUP = -1001;
const STRANGER = 777;
const CONVERSATION_USER = 100;

/** A turn: what the user sends, and what the reply must (and must not) say. */
type Turn = { send: string; says: (string | RegExp)[]; not?: (string | RegExp)[] };

/**
 * Five conversations as users hold them: a year then a bureau changed in turn, a regulation
 * question between report questions, pronouns and 明年, an emoji and thanks in between, a typo and
 * /new. Every turn is checked.
 */
const CONVERSATIONS: { name: string; needsRegulations?: boolean; turns: Turn[] }[] = [
  {
    name: "the year, then the bureau, changed one at a time",
    turns: [
      { send: "西安市信访局2021年召开了多少次听证评议会？", says: ["12 次", "[1] 西安市信访局 · 2021年"] },
      {
        send: "那2022年呢？",
        says: ["按上文理解为：西安市信访局 2022年 召开了多少次听证评议会", "没有西安市信访局2022年的报告"],
      },
      { send: "沙坪坝呢？", says: ["按上文理解为：重庆市沙坪坝区信访办公室 召开了多少次听证评议会", "没有找到"] },
      { send: "西安市信访局邀请了多少法律专家和律师参与听证评议？", says: [/30 ?余人/], not: ["按上文理解为"] },
    ],
  },
  {
    name: "a regulation question between report questions starts afresh",
    needsRegulations: true,
    turns: [
      { send: "惠安县2023年办理了多少件信访事项？", says: ["6246件"] },
      { send: "信访事项多久要办结？", says: ["第三十四条", "60日"], not: ["按上文理解为", "惠安"] },
      { send: "那律师参与接访多少次？", says: ["按上文理解为：惠安县人民政府信访局 · 2023年", "12次"] },
    ],
  },
  {
    name: "pronouns and 明年 keep the bureau",
    turns: [
      { send: "阎良区信访局2022年召开了几次保密工作会议？", says: ["2次"] },
      { send: "他们还有哪些不足？", says: ["按上文理解为：阎良区信访局 · 2022年", "述法点评"] },
      { send: "那明年有什么打算？", says: ["按上文理解为：阎良区信访局 · 2023年", "加大学法力度"] },
    ],
  },
  {
    name: "an emoji or thanks is not a follow-up and loses nothing",
    turns: [
      { send: "平城区信访局2022年网上信访的情况如何？", says: ["主要渠道"] },
      { send: "👍", says: ["没有识别到文字"], not: ["[1]"] },
      { send: "那下一步工作打算呢？", says: ["按上文理解为：大同市平城区信访局", "来访必登"] },
      { send: "谢谢", says: ["不客气"], not: ["[1]"] },
    ],
  },
  {
    name: "an item of a list answer by its ordinal or a bare number, then more of the same",
    needsRegulations: true,
    turns: [
      { send: "信访人不得有哪些行为", says: ["第二十六条", "（六）其他扰乱公共秩序"] },
      {
        send: "第二点具体说说",
        says: ["按上文理解为：上一个回答的第2项", "不得有下列行为：\n（二）携带危险物品、管制器具"],
      },
      { send: "3", says: ["上一个回答的第3项", "（三）侮辱、殴打"], not: ["只支持中文"] },
      { send: "还有呢", says: ["更多内容", "[1] 《信访工作条例》"], not: ["第二十六条"] },
    ],
  },
  {
    name: "a typo is read by its sound, and /new forgets the context",
    turns: [
      { send: "严良信访局22年召开了几次保密工作会议？", says: ["“严良”理解为“阎良区信访局”", "2次"] },
      { send: "/new", says: ["已开始新话题"] },
      { send: "那党规党纪知识测试呢？", says: ["3次"], not: ["按上文理解为"] },
    ],
  },
];

let telegram: FakeTelegram;
let child: ChildProcess;
let dataDir: string;
let exit: Promise<number | null>;
let logs = "";

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-e2e-"));
  child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATA_DIR: dataDir,
      ALLOWED_USER_IDS: [ADMIN, USER, ...CONVERSATIONS.map((_c, i) => CONVERSATION_USER + i)].join(","),
      ALLOWED_CHAT_IDS: String(GROUP),
      ADMIN_USER_IDS: String(ADMIN),
      RATE_LIMIT_PER_MINUTE: "100",
      DOWNLOAD_TIMEOUT_MS: "1000",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (logs += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (logs += d.toString()));
  exit = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  await telegram.waitForCall("getUpdates", 0, 90_000);
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await telegram.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("conversations through the Telegram transport", () => {
  CONVERSATIONS.forEach((conversation, i) => {
    it.skipIf(conversation.needsRegulations && !regulationsPresent)(conversation.name, async () => {
      const userId = CONVERSATION_USER + i;
      for (const turn of conversation.turns) {
        const from = telegram.messages.length;
        telegram.pushText(turn.send, { userId });
        const reply = await telegram.waitForMessage((m) => m.chatId === userId, from);
        for (const expected of turn.says) {
          if (typeof expected === "string") expect(reply.plain, turn.send).toContain(expected);
          else expect(reply.plain, turn.send).toMatch(expected);
        }
        for (const unexpected of turn.not ?? []) {
          if (typeof unexpected === "string") expect(reply.plain, turn.send).not.toContain(unexpected);
          else expect(reply.plain, turn.send).not.toMatch(unexpected);
        }
      }
    });
  });
});

describe("the bot against a local Bot API server", () => {
  it("registers Chinese commands, admin ones only in the admins' chats, and answers /start", async () => {
    expect(telegram.commands.map((c) => c["command"])).toEqual(
      expect.arrayContaining(["start", "help", "reports", "article"]),
    );
    expect(telegram.commands.map((c) => c["command"])).not.toContain("reindex");
    expect(telegram.commandsFor({ type: "chat", chat_id: ADMIN }).map((c) => c["command"])).toEqual(
      expect.arrayContaining(["start", "article", "stats", "reindex"]),
    );
    expect(telegram.commands.every((c) => /[\u4e00-\u9fff]/.test(String(c["description"])))).toBe(true);
    const from = telegram.messages.length;
    telegram.pushText("/start", { userId: USER });
    const reply = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(reply.plain).toContain("信访问答助手");
  });

  it("answers a question with a cited answer, then a follow-up in context", async () => {
    let from = telegram.messages.length;
    telegram.pushText("惠安县2023年办理了多少件信访事项？", { userId: USER });
    const answer = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(answer.plain).toContain("6246件");
    expect(answer.plain).toContain("[1] 惠安县人民政府信访局 · 2023年");
    expect(answer.text).toContain("<blockquote expandable>");
    expect(buttons(answer)[0]!.copy).toMatch(/^惠安县人民政府信访局《2023年度法治政府建设工作年度报告》/);

    from = telegram.messages.length;
    telegram.pushText("那律师参与县主要领导接访共计多少次？", { userId: USER });
    const followUp = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(followUp.plain).toContain("12次");
    expect(followUp.plain).toContain("按上文理解为：惠安县人民政府信访局 · 2023年");
    expect(followUp.text).toMatch(/<blockquote expandable>[^<]*律师参与县主要领导接访共计<b>12次<\/b>/);
  });

  it("navigates /reports by editing one message; an identical edit is not an error", async () => {
    let from = telegram.messages.length;
    telegram.pushText("/reports", { userId: USER });
    const list = await telegram.waitForMessage((m) => m.chatId === USER, from);
    const report = buttons(list).find((b) => b.text.startsWith("阎良"))!;

    from = telegram.messages.length;
    telegram.pushCallback(list, report.data, USER);
    const outline = await telegram.waitForMessage((m) => m.method === "editMessageText", from);
    expect(outline.plain).toContain("阎良区信访局2022年法治政府建设情况报告");
    const section = buttons(outline).find((b) => b.text.includes("二、贯彻"))!;

    from = telegram.messages.length;
    telegram.pushCallback(outline, section.data, USER);
    const page = await telegram.waitForMessage((m) => m.method === "editMessageText", from);
    expect(page.plain).toContain("二、贯彻“八五”普法规划，加强宣传培训");
    expect(page.plain.length).toBeLessThanOrEqual(4096);

    const calls = telegram.calls.length;
    telegram.pushCallback(page, section.data, USER); // the same page again: Telegram says "not modified"
    await telegram.waitForCall("answerCallbackQuery", calls);
    await new Promise((r) => setTimeout(r, 300));
    const notModified = telegram.calls.slice(calls).find((c) => c.method === "editMessageText");
    expect(notModified?.status).toBe(400);
    expect(telegram.messages.slice(from).some((m) => m.plain.includes("出错"))).toBe(false);
  });

  it.skipIf(!regulationsPresent)("/article 17 shows the article with its chapter", async () => {
    const from = telegram.messages.length;
    telegram.pushText("/article 17", { userId: USER });
    const reply = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(reply.plain).toContain("《信访工作条例》第十七条（第三章 信访事项的提出和受理）");
    expect(reply.plain).toContain("信息网络");
  });

  it("in a group, answers a mention and ignores chatter", async () => {
    const from = telegram.messages.length;
    telegram.pushText("大家下午好", { userId: 55, chatId: GROUP, chatType: "supergroup" });
    telegram.pushText("@xinfang_e2e_bot 沙坪坝区中联办交办“治重化积”案件化解率是多少？", {
      userId: 55,
      chatId: GROUP,
      chatType: "supergroup",
    });
    const reply = await telegram.waitForMessage((m) => m.chatId === GROUP, from);
    expect(reply.plain).toContain("100%");
    expect(telegram.messages.slice(from).filter((m) => m.chatId === GROUP)).toHaveLength(1);
  });

  it("tells an unauthorised user their id", async () => {
    const from = telegram.messages.length;
    telegram.pushText("信访事项多久要办结？", { userId: STRANGER });
    const reply = await telegram.waitForMessage((m) => m.chatId === STRANGER, from);
    expect(reply.plain).toContain(`您的用户ID是 ${STRANGER}`);
  });

  it("survives a 429 by waiting retry_after and sending again", async () => {
    const from = telegram.messages.length;
    const calls = telegram.calls.length;
    telegram.failNext("sendMessage", 1);
    telegram.pushText("阎良区信访局法治工作领导小组的副组长是谁？", { userId: USER });
    const reply = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(reply.plain).toContain("王新鹏");
    const sends = telegram.calls.slice(calls).filter((c) => c.method === "sendMessage");
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers an inline query with the cited answer", async () => {
    const calls = telegram.calls.length;
    telegram.pushInlineQuery("惠安县2023年办理了多少件信访事项？", USER);
    const answer = await telegram.waitForCall("answerInlineQuery", calls);
    expect(answer.status).toBe(200);
    const [result] = answer.body["results"] as Record<string, Record<string, string>>[];
    expect(result!["input_message_content"]!["message_text"]).toContain("6246件");
  });

  it("every message it sent was valid Telegram HTML within the limits", () => {
    for (const m of telegram.messages) {
      if (m.payload["parse_mode"] === "HTML") expect(parseTelegramHtml(m.text)).not.toHaveProperty("error");
      expect(m.plain.length).toBeLessThanOrEqual(4096);
    }
    expect(telegram.calls.filter((c) => c.status === 400 && c.method === "sendMessage")).toEqual([]);
  });

  it("finishes an in-flight answer on SIGTERM, then exits 0", async () => {
    const from = telegram.messages.length;
    const calls = telegram.calls.length;
    telegram.pushText("西安市信访局邀请了多少法律专家和律师参与听证评议？", { userId: USER });
    await telegram.waitForCall("sendChatAction", calls); // the update is being handled
    child.kill("SIGTERM");
    const reply = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(reply.plain).toMatch(/30 ?余人/);
    expect(await exit).toBe(0);
    expect(logs).toContain("stopped");
    expect(logs).not.toContain(TOKEN);
  });
});
