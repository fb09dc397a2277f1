/** Webhook mode and the proxy, with the real `npm start` process and servers on 127.0.0.1. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, startBotProcess, type BotProcess } from "../support/bot-process.ts";
import { ConnectProxy } from "../support/connect-proxy.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const TOKEN = "4242:transport-test-token";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts `npm start` with the given environment; stopped and cleaned up after the test. */
async function startBot(env: Record<string, string>): Promise<BotProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-transport-"));
  const bot = startBotProcess({ DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: TOKEN, LOG_LEVEL: "warn", ...env });
  cleanups.push(async () => {
    await bot.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return bot;
}

describe("webhook mode", () => {
  it("registers the webhook with a secret, refuses requests without it, answers with it", async () => {
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    cleanups.push(() => telegram.stop());
    const port = await freePort();
    const secret = "e2e-webhook-secret";
    const { stop } = await startBot({
      TELEGRAM_API_ROOT: telegram.apiRoot,
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
      WEBHOOK_PORT: String(port),
      WEBHOOK_SECRET: secret,
    });
    const setWebhook = await telegram.waitForCall("setWebhook", 0, 90_000);
    expect(setWebhook.body).toMatchObject({ url: `http://127.0.0.1:${port}/telegram/hook`, secret_token: secret });

    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 5, type: "private", first_name: "x" },
        from: { id: 5, is_bot: false, first_name: "x" },
        text: "/start",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/telegram/hook`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(update),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect(telegram.messages).toHaveLength(0);
    expect((await post({ "x-telegram-bot-api-secret-token": secret })).status).toBe(200);
    const reply = await telegram.waitForMessage((m) => m.chatId === 5);
    expect(reply.plain).toContain("信访问答助手");
    expect((await fetch(`http://127.0.0.1:${port}/other`, { method: "POST" })).status).toBe(404);

    expect(await stop()).toBe(0);
  });

  it("survives malformed, empty, non-object and oversized bodies, and answers a redelivered update once", async () => {
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    cleanups.push(() => telegram.stop());
    const port = await freePort();
    const secret = "e2e-webhook-secret";
    const bot = await startBot({
      TELEGRAM_API_ROOT: telegram.apiRoot,
      WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      WEBHOOK_PORT: String(port),
      WEBHOOK_SECRET: secret,
    });
    await telegram.waitForCall("setWebhook", 0, 90_000);
    const post = (body: string | Buffer, url = `http://127.0.0.1:${port}/hook`) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body,
      }).then((r) => r.status);

    expect(await post("{not json")).toBe(400);
    expect(await post("")).toBe(400);
    for (const body of ["[]", "42", "null", '"text"', '{"message":{}}', '{"update_id":"1"}']) {
      expect(await post(body), body).toBe(400);
    }
    // Above the 1 MiB limit: refused before it is kept in memory.
    const huge = Buffer.alloc(2 * 1024 * 1024, "a");
    expect(await post(huge)).toBe(413);

    // Still alive; the same update delivered twice (Telegram retrying) is answered once, and a query
    // string on the path is the same path.
    const update = (id: number, text: string) =>
      JSON.stringify({
        update_id: id,
        message: {
          message_id: id,
          date: 0,
          chat: { id: 6, type: "private", first_name: "x" },
          from: { id: 6, is_bot: false, first_name: "x" },
          text,
          entities: [{ type: "bot_command", offset: 0, length: text.length }],
        },
      });
    expect(await post(update(10, "/help"))).toBe(200);
    expect(await post(update(10, "/help"), `http://127.0.0.1:${port}/hook?attempt=2`)).toBe(200);
    expect(await post(update(11, "/start"), `http://127.0.0.1:${port}/hook?x=1`)).toBe(200);
    await telegram.waitForMessage((m) => m.chatId === 6 && m.plain.includes("信访问答助手"), 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(telegram.messages.filter((m) => m.chatId === 6)).toHaveLength(2);
    expect(bot.output()).not.toContain("aaaaaaaa"); // the body is never dumped to the log
    expect(await bot.stop()).toBe(0);
  });
});

describe("TELEGRAM_PROXY", () => {
  it("sends all Bot API traffic through the proxy", async () => {
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    cleanups.push(() => telegram.stop());
    const proxy = new ConnectProxy();
    await proxy.start();
    cleanups.push(() => proxy.stop());
    await startBot({ TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_PROXY: proxy.url });
    await telegram.waitForCall("getUpdates", 0, 90_000);
    telegram.pushText("/help", { userId: 3 });
    await telegram.waitForMessage((m) => m.chatId === 3);
    const target = new URL(telegram.apiRoot).host;
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([target]));
  });
});
