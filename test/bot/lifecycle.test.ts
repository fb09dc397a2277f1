/**
 * Starting and stopping the real `npm start` process against the local Bot API server: a stop
 * finishes every question already received (and a restart repeats none), an unreachable Bot API is
 * reported within 10 s with the TELEGRAM_PROXY hint, and a second instance on the same token ends
 * with one clear, structured line.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBotProcess, freePort, type BotProcess } from "../support/bot-process.ts";
import { buttons, FakeTelegram, type BotMessage } from "../support/fake-telegram.ts";

const TOKEN = "4242:lifecycle-test-token";
const QUESTIONS = [
  "惠安县2023年办理了多少件信访事项？",
  "阎良区信访局2022年召开了几次保密工作会议？",
  "西安市信访局2021年召开了多少次听证评议会？",
  "平城区信访局2022年网上信访的情况如何？",
  "沙坪坝区信访办2021年工作中还有哪些不足？",
];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeTelegram(port = 0): Promise<FakeTelegram> {
  const telegram = new FakeTelegram(TOKEN);
  await telegram.start(port);
  cleanups.push(() => telegram.stop());
  return telegram;
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-lifecycle-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function start(env: Record<string, string>): BotProcess {
  const bot = startBotProcess({ TELEGRAM_BOT_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: "100", ...env });
  cleanups.push(() => bot.stop());
  return bot;
}

/** The last part of an answer carries the feedback buttons. */
const isAnswer = (m: BotMessage) => m.method === "sendMessage" && buttons(m).some((b) => b.data.startsWith("fb:"));

describe("stopping", () => {
  it("answers all 20 questions already received before exiting on SIGTERM, and repeats none on restart", async () => {
    const telegram = await fakeTelegram();
    const DATA_DIR = await dataDir();
    const env = { TELEGRAM_API_ROOT: telegram.apiRoot, DATA_DIR };
    const first = start(env);
    await telegram.waitForCall("getUpdates", 0, 90_000);

    telegram.slowDown("sendMessage", 1500);
    const users = [201, 202, 203, 204];
    for (const q of QUESTIONS) for (const userId of users) telegram.pushText(q, { userId });
    // Stop once the bot has received all 20 (Telegram now considers them delivered) and is answering.
    const calls = telegram.calls.length;
    await telegram.waitForCall("sendChatAction", calls);
    await new Promise((r) => setTimeout(r, 300));
    const stoppedAt = Date.now();
    expect(await first.stop()).toBe(0);
    const stopMs = Date.now() - stoppedAt;

    const answers = telegram.messages.filter(isAnswer);
    expect(answers).toHaveLength(20);
    for (const userId of users) expect(answers.filter((m) => m.chatId === userId)).toHaveLength(5);
    expect(stopMs).toBeGreaterThan(1500); // it really waited for the slow sends
    expect(first.logs().some((l) => l["msg"] === "stopped")).toBe(true);

    // A restart gets nothing old again: a new question in the same chat is the only one answered.
    telegram.slowDown("sendMessage", 0);
    const second = start(env);
    await telegram.waitForCall("getUpdates", telegram.calls.length, 90_000);
    telegram.pushText("惠安县开展上街咨询宣传活动多少次？", { userId: 201 });
    const reply = await telegram.waitForMessage((m) => isAnswer(m) && m.chatId === 201, telegram.messages.length);
    expect(reply.plain).toContain("48次");
    expect(telegram.messages.filter(isAnswer)).toHaveLength(21);
    expect(await second.stop()).toBe(0);
  }, 180_000);
});

describe("starting", () => {
  it("warns within 10 s, naming TELEGRAM_PROXY, while the Bot API is unreachable, then starts once it is back", async () => {
    const port = await freePort();
    const bot = start({ TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, DATA_DIR: await dataDir() });
    await expect.poll(() => bot.logs().some((l) => l["msg"] === "starting bot"), { timeout: 90_000 }).toBe(true);
    const startedAt = Date.now();
    await expect
      .poll(() => bot.logs().find((l) => String(l["msg"]).includes("TELEGRAM_PROXY")), { timeout: 10_000 })
      .toMatchObject({ level: 40 });
    expect(Date.now() - startedAt).toBeLessThan(10_000);

    // The Bot API comes back: the bot starts polling within the back-off cap.
    await new Promise((r) => setTimeout(r, 3000));
    const telegram = await fakeTelegram(port);
    await telegram.waitForCall("getUpdates", 0, 35_000);
    expect(bot.logs().some((l) => l["msg"] === "Bot API reachable again")).toBe(true);
    expect(bot.output()).not.toContain(TOKEN);
  }, 150_000);

  it("stops with one structured line and a clear message when another instance polls the same token", async () => {
    const telegram = await fakeTelegram();
    telegram.conflict = true;
    const bot = start({ TELEGRAM_API_ROOT: telegram.apiRoot, DATA_DIR: await dataDir() });
    expect(await bot.exit).toBe(1);
    const output = bot.output();
    expect(output).not.toContain("[grammY runner]");
    expect(output).not.toMatch(/^\s+at /m); // no stack trace
    const conflicts = bot.logs().filter((l) => l["level"] === 50);
    expect(conflicts).toHaveLength(1);
    expect(JSON.stringify(conflicts[0])).toContain("Conflict");
    expect(output).toContain("error: another bot instance is receiving this token's updates");
  }, 120_000);
});
