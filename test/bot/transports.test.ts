/** Webhook mode and the proxy, with the real `npm start` process and servers on 127.0.0.1. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";
import { ConnectProxy } from "../support/connect-proxy.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const TOKEN = "4242:transport-test-token";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts `npm start` with the given environment; stopped and cleaned up after the test. */
async function startBot(env: Record<string, string>): Promise<{ child: ChildProcess; exit: Promise<number | null> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-transport-"));
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: TOKEN,
      DOWNLOAD_TIMEOUT_MS: "1000",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exit;
    }
    await rm(dataDir, { recursive: true, force: true });
  });
  return { child, exit };
}

describe("webhook mode", () => {
  it("registers the webhook with a secret, refuses requests without it, answers with it", async () => {
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    cleanups.push(() => telegram.stop());
    const port = await freePort();
    const secret = "e2e-webhook-secret";
    const { child, exit } = await startBot({
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

    child.kill("SIGTERM");
    expect(await exit).toBe(0);
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
