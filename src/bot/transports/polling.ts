/** Long polling with @grammyjs/runner, stopped gracefully on SIGINT/SIGTERM. */
import { run } from "@grammyjs/runner";
import { GrammyError, type Bot, type Context } from "grammy";
import type { Logger } from "pino";
import { registerCommands } from "../commands.ts";
import { drain, initBot, type UpdateTracker } from "./lifecycle.ts";

/** The update types the bot handles. */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "poll_answer", "poll"] as const;

/** Another getUpdates or a webhook holds the token: polling cannot go on. */
class ConflictError extends Error {
  constructor(description: string, options?: ErrorOptions) {
    super(
      `another bot instance is receiving this token's updates (${description}); stop it, or delete its webhook, and start again`,
      options,
    );
    this.name = "ConflictError";
  }
}

/** Why polling ends. */
interface Outcome {
  reason: string;
  error?: unknown;
}

/**
 * Runs until a stop signal, then finishes the updates already received (at most DRAIN_TIMEOUT_MS)
 * and confirms them to Telegram, so a restart neither loses nor repeats them. Throws ConflictError
 * (after the same drain) when another instance polls with the same token.
 */
export async function runPolling(
  bot: Bot<Context>,
  options: { log: Logger; apiRoot: string; tracker: UpdateTracker; adminUserIds?: readonly number[] },
  stop: Promise<string>,
): Promise<void> {
  const { log, apiRoot, tracker } = options;
  if (!(await initBot(bot, log, apiRoot, stop))) return log.info("stopped before start");
  await bot.api.deleteWebhook().catch((error: unknown) => log.warn({ err: error }, "deleteWebhook failed"));
  await registerCommands(bot, log, options.adminUserIds);
  // silent: fetch errors reach us below as one structured line, never as the runner's console text.
  const handle = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
  log.info({ username: bot.botInfo.username, mode: "polling" }, "bot started");
  const runnerEnd = (handle.task() ?? Promise.resolve()).then(
    (): Outcome => ({ reason: "runner stopped" }),
    (error: unknown): Outcome => ({ reason: "runner failed", error }),
  );
  const outcome = await Promise.race([stop.then((signal): Outcome => ({ reason: signal })), runnerEnd]);
  const conflict = outcome.error instanceof GrammyError && outcome.error.error_code === 409;
  if (conflict) log.error({ err: (outcome.error as GrammyError).description }, "another instance polls this token");
  else if (outcome.error) log.error({ err: outcome.error }, "polling failed");
  log.info(
    { reason: outcome.reason, inFlight: tracker.active + handle.size() },
    "stopping: finishing in-flight updates",
  );
  if (handle.isRunning()) await handle.stop();
  const finished = await drain(tracker, log, () => handle.size());
  // The runner confirms a batch by asking for the next one; the last batch may be unconfirmed.
  if (finished && !conflict && tracker.newestUpdateId > 0) {
    // (grammY types signals with its abort-controller shim; Node's AbortSignal is what it uses.)
    const signal = AbortSignal.timeout(5000) as Parameters<typeof bot.api.getUpdates>[1];
    await bot.api
      .getUpdates({ offset: tracker.newestUpdateId + 1, limit: 1, timeout: 0 }, signal)
      .catch((error: unknown) => log.warn({ err: error }, "could not confirm the last updates"));
  }
  log.info("stopped");
  if (conflict) throw new ConflictError((outcome.error as GrammyError).description, { cause: outcome.error });
  if (outcome.error) throw outcome.error;
}
