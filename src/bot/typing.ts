/**
 * "typing…" for as long as an answer takes: Telegram hides a chat action after 5 seconds (or when
 * the bot's next message arrives), so it is sent again every few seconds until the work is done.
 */
import type { Context } from "grammy";
import type { Logger } from "pino";

/** How often the action is sent again: just before Telegram's 5 s fade. */
const TYPING_REPEAT_MS = 4500;

/** A repeating timer (tests inject one they advance by hand). */
export interface IntervalTimer {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Node's own timers. */
const systemTimer: IntervalTimer = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Runs `work` while the chat shows "typing…": sent at once, then every TYPING_REPEAT_MS until
 * `work` settles, answered or failed. A send still under way (retried through an outage) is not
 * doubled, and is abandoned when the work ends; a failed send is logged and the next tick tries again.
 */
export async function whileTyping<T>(
  ctx: Context,
  options: { log: Logger; timer?: IntervalTimer },
  work: () => Promise<T>,
): Promise<T> {
  const timer = options.timer ?? systemTimer;
  const done = new AbortController();
  let sending = false;
  const send = () => {
    if (sending || done.signal.aborted) return;
    sending = true;
    // (grammY types signals with its abort-controller shim; Node's AbortSignal is what it uses.)
    ctx
      .replyWithChatAction("typing", {}, done.signal as Parameters<Context["replyWithChatAction"]>[2])
      .catch((error: unknown) => {
        if (!done.signal.aborted) options.log.debug({ err: error }, "sendChatAction failed");
      })
      .finally(() => (sending = false));
  };
  send();
  const handle = timer.setInterval(send, TYPING_REPEAT_MS);
  try {
    return await work();
  } finally {
    timer.clearInterval(handle);
    done.abort();
  }
}
