/** Long polling with @grammyjs/runner, stopped gracefully on SIGINT/SIGTERM. */
import { run } from "@grammyjs/runner";
import { GrammyError, type Bot, type Context } from "grammy";
import type { Logger } from "pino";
import { registerCommands } from "../commands.ts";

/** The update types the bot handles. */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "poll_answer"] as const;

/**
 * Calls getMe until it works (Telegram may be blocked: the message says what to do). Returns false
 * when a stop signal arrives first.
 */
export async function initWithRetry(
  bot: Bot<Context>,
  log: Logger,
  apiRoot: string,
  stop: Promise<string>,
  attempts = 6,
): Promise<boolean> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  for (let i = 1; ; i++) {
    try {
      // getMe itself may be retrying (auto-retry): a stop signal does not wait for it.
      const outcome = await Promise.race([
        bot.init().then(() => "ready" as const),
        stop.then(() => "stopped" as const),
      ]);
      return outcome === "ready";
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 401) {
        throw new Error(
          "TELEGRAM_BOT_TOKEN was rejected by the Bot API (401 Unauthorized): check the token with @BotFather",
          { cause: error },
        );
      }
      if (i >= attempts) {
        throw new Error(
          `cannot reach the Bot API at ${apiRoot} after ${attempts} attempts; if Telegram is blocked here, set TELEGRAM_PROXY`,
          { cause: error },
        );
      }
      const wait = Math.min(30, 2 ** (i - 1));
      log.warn(
        { attempt: i, apiRoot, err: error instanceof Error ? error.message : String(error) },
        `Bot API unreachable; retrying in ${wait}s`,
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stop, new Promise((r) => (timer = setTimeout(r, wait * 1000)))]);
      clearTimeout(timer);
      if (stopped) return false;
    }
  }
}

/** Runs until a stop signal, then lets in-flight answers finish. */
export async function runPolling(
  bot: Bot<Context>,
  log: Logger,
  apiRoot: string,
  stop: Promise<string>,
): Promise<void> {
  if (!(await initWithRetry(bot, log, apiRoot, stop))) return log.info("stopped before start");
  await bot.api.deleteWebhook().catch((error: unknown) => log.warn({ err: error }, "deleteWebhook failed"));
  await registerCommands(bot, log);
  const handle = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  log.info({ username: bot.botInfo.username, mode: "polling" }, "bot started");
  const signal = await Promise.race([
    stop,
    handle.task()?.then(() => "runner stopped") ?? Promise.resolve("runner stopped"),
  ]);
  log.info({ signal }, "stopping: finishing in-flight updates");
  if (handle.isRunning()) await handle.stop();
  log.info("stopped");
}
