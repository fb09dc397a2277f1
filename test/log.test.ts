/** The logger: JSON lines, and no user text from a failed Bot API call's payload. */
import { GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../src/bot/create-bot.ts";
import { createLogger } from "../src/log.ts";
import { buildTestApp, testBotDeps } from "./helpers.ts";
import { FakeTelegram } from "./support/fake-telegram.ts";
import { textUpdate } from "./support/recording-api.ts";

/** A logger at `level` whose lines are kept, parsed. */
function capturingLogger(level = "info") {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe("createLogger", () => {
  it("logs a GrammyError's method, code, description, message and stack, but not its payload", () => {
    const { log, lines } = capturingLogger();
    const secret = "我想反映邻居的噪音问题，电话13800000000";
    const error = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 400, description: "Bad Request: message is too long" },
      "sendMessage",
      { chat_id: 5, text: secret, parse_mode: "HTML" },
    );
    log.error({ err: error, updateId: 7 }, "handler failed");
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toContain("13800000000");
    expect(lines[0]!["err"]).toMatchObject({
      type: "GrammyError",
      method: "sendMessage",
      error_code: 400,
      description: "Bad Request: message is too long",
      message: "Call to 'sendMessage' failed! (400: Bad Request: message is too long)",
      stack: expect.stringContaining("GrammyError"),
    });
    expect(lines[0]!["err"]).not.toHaveProperty("payload");
    expect(lines[0]!["updateId"]).toBe(7);
  });

  it("leaves other values under `err` as they are (messages, plain objects)", () => {
    const { log, lines } = capturingLogger();
    const detail = { payload: "kept", code: 1 };
    log.warn({ err: "ENOSPC" }, "a");
    log.warn({ err: detail }, "b");
    expect(lines.map((l) => l["err"])).toEqual(["ENOSPC", { payload: "kept", code: 1 }]);
    expect(detail).toEqual({ payload: "kept", code: 1 });
  });
});

describe("the bot's error log", () => {
  const TOKEN = "4242:log-test-token";
  let telegram: FakeTelegram;
  let cleanup: () => Promise<void>;
  const { log, lines } = capturingLogger();
  let bot: ReturnType<typeof createBot>;

  beforeAll(async () => {
    telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    const built = await buildTestApp();
    cleanup = built.cleanup;
    bot = createBot(testBotDeps(built.app, { log }), { token: TOKEN, apiRoot: telegram.apiRoot });
    await bot.init();
  });
  afterAll(async () => {
    await telegram.stop();
    await cleanup();
  });

  it("records a refused answer by method and code, without the answer's text", async () => {
    telegram.removeMethod("sendMessage"); // every reply fails with 404
    await bot.handleUpdate(textUpdate("惠安县2023年办理了多少件信访事项？", { userId: 3 }) as Update);
    const failed = lines.find((l) => l["msg"] === "handler failed");
    expect(failed?.["err"]).toMatchObject({ type: "GrammyError", method: "sendMessage", error_code: 404 });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain("6246");
    expect(logged).not.toContain("惠安县人民政府信访局");
    expect(logged).not.toContain('"payload"');
  });
});
