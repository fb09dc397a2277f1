/**
 * Commands: menus per scope, suggestions for mistyped commands, and /help listing what a user may
 * use, through the local Bot API server (test/support/fake-telegram.ts).
 */
import { Bot, type Context } from "grammy";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_COMMANDS,
  COMMANDS,
  commandsFor,
  editDistance,
  nearestCommand,
  registerCommands,
} from "../../src/bot/commands.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import { startFakeBot } from "../support/fake-bot.ts";
import { textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:commands-test-token";
const USER = 21;
const ADMIN = 7;
const OTHER_ADMIN = 8;

let telegram: FakeTelegram;
let bot: Bot<Context>;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ telegram, bot, stop } = await startFakeBot(TOKEN, { adminUserIds: [ADMIN, OTHER_ADMIN] }));
});
afterAll(() => stop());

/** The text of the bot's reply to a message from a user. */
async function replyTo(text: string, userId: number): Promise<string> {
  const from = telegram.messages.length;
  await bot.handleUpdate(textUpdate(text, { userId }));
  const replies = telegram.messages.slice(from).filter((m) => m.chatId === userId);
  expect(replies).toHaveLength(1);
  return replies[0]!.plain;
}

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions, and a swap of neighbours as one", () => {
    expect(editDistance("artcle", "article")).toBe(1);
    expect(editDistance("aritcle", "article")).toBe(1);
    expect(editDistance("stats", "start")).toBe(2);
    expect(editDistance("", "new")).toBe(3);
  });
});

describe("nearestCommand", () => {
  const everyone = commandsFor(false).map((c) => c.command);
  const all = commandsFor(true).map((c) => c.command);

  it("finds the command a typo, a prefix or an extension meant", () => {
    expect(nearestCommand("artcle", everyone)).toBe("article");
    expect(nearestCommand("Artical", everyone)).toBe("article");
    expect(nearestCommand("hlep", everyone)).toBe("help");
    expect(nearestCommand("rep", everyone)).toBe("reports");
    expect(nearestCommand("articles", everyone)).toBe("article");
    expect(nearestCommand("scroe", everyone)).toBe("score");
  });

  it("suggests nothing when no command is close", () => {
    expect(nearestCommand("weather", everyone)).toBeUndefined();
    expect(nearestCommand("x", everyone)).toBeUndefined();
    expect(nearestCommand("", everyone)).toBeUndefined();
  });

  it("suggests admin commands only from a list that holds them", () => {
    expect(nearestCommand("reindx", everyone)).toBeUndefined();
    expect(nearestCommand("reindx", all)).toBe("reindex");
  });
});

describe("command menus by scope", () => {
  it("publish everyone's commands by default and all commands in each admin's chat", async () => {
    await registerCommands(bot, pino({ level: "silent" }), [ADMIN, OTHER_ADMIN]);
    const names = (scope: { type: string; chat_id?: number }) => telegram.commandsFor(scope).map((c) => c["command"]);
    expect(names({ type: "default" })).toEqual(COMMANDS.filter((c) => !c.admin).map((c) => c.command));
    for (const admin of ADMIN_COMMANDS) expect(names({ type: "default" })).not.toContain(admin);
    for (const chatId of [ADMIN, OTHER_ADMIN]) {
      expect(names({ type: "chat", chat_id: chatId })).toEqual(COMMANDS.map((c) => c.command));
    }
    expect(names({ type: "chat", chat_id: USER })).toEqual([]);
    const descriptions = [...telegram.commandsByScope.values()].flat().map((c) => String(c["description"]));
    expect(descriptions.every((d) => /[\u4e00-\u9fff]/.test(d))).toBe(true);
  });

  it("a menu Telegram refuses is logged and the others are still published", async () => {
    const warnings: Record<string, unknown>[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    telegram.commandsByScope.clear();
    telegram.failNext("setMyCommands", 0); // the default scope's call gets a 429 …
    const plain = new Bot(TOKEN, { botInfo: bot.botInfo, client: { apiRoot: telegram.apiRoot } }); // … without retries
    await registerCommands(plain, log, [ADMIN]);
    expect(warnings.some((w) => String(w["msg"]).includes("setMyCommands failed"))).toBe(true);
    expect(telegram.commandsFor({ type: "chat", chat_id: ADMIN }).length).toBe(COMMANDS.length);
  });
});

describe("mistyped commands", () => {
  it("suggest the nearest command, with what it does", async () => {
    const reply = await replyTo("/artcle 34", USER);
    expect(reply).toContain("您是否想用 /article？");
    expect(reply).toContain("查询条例条文");
  });

  it("get the general answer when nothing is close", async () => {
    expect(await replyTo("/weather", USER)).toBe("没有这个命令。发送 /help 查看可用命令和示例问题。");
  });

  it("suggest admin commands to admins only", async () => {
    expect(await replyTo("/reindx", ADMIN)).toContain("您是否想用 /reindex？");
    const user = await replyTo("/reindx", USER);
    expect(user).not.toContain("reindex");
    expect(user).toContain("发送 /help");
  });
});

describe("/help", () => {
  it("lists every command a user may use, and no admin command", async () => {
    const help = await replyTo("/help", USER);
    for (const c of commandsFor(false)) expect(help).toContain(`/${c.command}`);
    for (const admin of ADMIN_COMMANDS) expect(help).not.toContain(`/${admin}`);
  });

  it("lists the admin commands too for an admin", async () => {
    const help = await replyTo("/help", ADMIN);
    for (const c of commandsFor(true)) expect(help).toContain(`/${c.command}`);
    expect(help).toContain("管理员命令");
  });
});
