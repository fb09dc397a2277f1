/**
 * The Bot API retry policy against the local Bot API server: long flood waits are waited out, and
 * an unreachable Bot API is retried with a capped back-off and one warning naming TELEGRAM_PROXY.
 * Waits go through an injected sleep, so minutes of back-off take milliseconds.
 */
import { createServer } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { buildTestApp, testBotDeps } from "../helpers.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:retry-test-token";
let deps: BotDeps;
let logLines: Record<string, unknown>[];
let cleanup: () => Promise<void>;
const servers: FakeTelegram[] = [];

beforeAll(async () => {
  const built = await buildTestApp();
  cleanup = built.cleanup;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  deps = testBotDeps(built.app, { log: pino({ level: "debug" }, sink) });
});
afterAll(() => cleanup());
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe("Bot API retry policy", () => {
  it("waits out a 429 longer than a minute and then delivers the answer", async () => {
    logLines = [];
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    servers.push(telegram);
    const waits: number[] = [];
    const bot = createBot(deps, {
      token: TOKEN,
      apiRoot: telegram.apiRoot,
      botInfo: telegram.bot as never,
      retry: { sleep: async (ms) => void waits.push(ms) },
    });
    telegram.failNext("sendMessage", 120);
    await bot.handleUpdate(textUpdate("/help", { userId: 5 }));
    const sends = telegram.calls.filter((c) => c.method === "sendMessage");
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
    expect(waits).toContain(120_000);
    expect(telegram.messages.at(-1)?.plain).toContain("信访问答助手");
  });

  it("retries an unreachable Bot API with a back-off capped at 30 s, warning once with the proxy hint", async () => {
    logLines = [];
    const port = await freePort();
    const telegram = new FakeTelegram(TOKEN);
    servers.push(telegram);
    const waits: number[] = [];
    const bot = createBot(deps, {
      token: TOKEN,
      apiRoot: `http://127.0.0.1:${port}`,
      retry: {
        // The Bot API comes back during the seventh wait.
        sleep: async (ms) => {
          waits.push(ms);
          if (waits.length === 7) await telegram.start(port);
        },
      },
    });
    await bot.init();
    expect(bot.botInfo.username).toBe(telegram.bot.username);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    const warnings = logLines.filter((l) => String(l["msg"]).includes("TELEGRAM_PROXY"));
    expect(warnings).toHaveLength(1);
    expect(logLines.some((l) => l["msg"] === "Bot API reachable again")).toBe(true);
    expect(JSON.stringify(logLines)).not.toContain(TOKEN);
  });
});
