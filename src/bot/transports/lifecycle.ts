/**
 * What every network transport shares: starting (getMe, with a hint when Telegram is out of reach)
 * and stopping without losing work (the updates being handled are finished, within a bound).
 */
import { GrammyError, type Bot, type Context, type MiddlewareFn } from "grammy";
import type { Logger } from "pino";

/** How long a stop waits for the updates being handled before giving up on them. */
const DRAIN_TIMEOUT_MS = 60_000;

/** How long getMe may take before the log says Telegram may be blocked. */
const SLOW_START_WARNING_MS = 10_000;

/** Counts the updates being handled and remembers the newest one seen. */
export class UpdateTracker {
  private running = 0;
  private newest = 0;
  private waiters: (() => void)[] = [];

  /** Install first, so it wraps everything the update goes through. */
  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      this.running++;
      this.newest = Math.max(this.newest, ctx.update.update_id);
      try {
        await next();
      } finally {
        this.running--;
        if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
      }
    };
  }

  /** Updates being handled now. */
  get active(): number {
    return this.running;
  }

  /** The highest update_id seen (0 before the first). */
  get newestUpdateId(): number {
    return this.newest;
  }

  /** Resolves true once nothing is being handled, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }
}

/**
 * Calls getMe (the retry policy keeps trying through network failures). Returns false when a stop
 * signal comes first. Warns once if Telegram has not answered within 10 s: blocked networks often
 * swallow packets rather than refuse them, so no error may ever arrive on its own.
 */
export async function initBot(
  bot: Bot<Context>,
  log: Logger,
  apiRoot: string,
  stop: Promise<string>,
): Promise<boolean> {
  const slow = setTimeout(
    () =>
      log.warn(
        { apiRoot, waitedMs: SLOW_START_WARNING_MS },
        "no answer from the Bot API yet; still trying. If Telegram is blocked on this network, set TELEGRAM_PROXY",
      ),
    SLOW_START_WARNING_MS,
  );
  try {
    const outcome = await Promise.race([bot.init().then(() => "ready" as const), stop.then(() => "stopped" as const)]);
    return outcome === "ready";
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new Error(
        "TELEGRAM_BOT_TOKEN was rejected by the Bot API (401 Unauthorized): check the token with @BotFather",
        { cause: error },
      );
    }
    throw error;
  } finally {
    clearTimeout(slow);
  }
}

/** Waits (bounded) for the updates being handled, logging what could not be finished. */
export async function drain(tracker: UpdateTracker, log: Logger, pending: () => number = () => 0): Promise<boolean> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  // The runner may still hold fetched updates that have not entered the bot yet: poll both counts.
  while (tracker.active > 0 || pending() > 0) {
    const left = deadline - Date.now();
    if (left <= 0) {
      log.warn({ unfinished: tracker.active + pending(), timeoutMs: DRAIN_TIMEOUT_MS }, "stop: gave up waiting");
      return false;
    }
    if (tracker.active > 0) await tracker.idle(Math.min(left, 1000));
    else await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
