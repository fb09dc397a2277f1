/**
 * How Bot API calls survive a bad network and Telegram's flood control, as one API transformer:
 * - 429 Too Many Requests: wait `retry_after`, however long, then send again (an answer is late,
 *   never lost);
 * - network failures (unreachable, reset, timed out): retry with a back-off capped at
 *   `maxBackoffMs`, warning once per outage with the TELEGRAM_PROXY hint, and saying when the
 *   Bot API is back;
 * - 5xx: a few retries with the same back-off, then the error is the caller's;
 * - anything else (400, 401, 403, 409): returned at once.
 * A call made with an abort signal stops retrying when the signal fires (the runner's getUpdates).
 */
import { HttpError, type Transformer } from "grammy";
import type { Logger } from "pino";

/** How the Bot API retry policy waits and reports. */
export interface RetryPolicyOptions {
  log: Logger;
  /** For the log lines only. */
  apiRoot: string;
  /** Longest wait between two attempts after a network failure or a 5xx (default 30 s). */
  maxBackoffMs?: number;
  /** Retries of a 5xx answer before giving up (default 3). */
  serverErrorRetries?: number;
  /** Injected for tests: waits `ms`, rejecting when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Back-off after the n-th consecutive failure (1, 2, 4, … seconds, capped). */
function backoffMs(failures: number, maxMs: number): number {
  return Math.min(maxMs, 1000 * 2 ** Math.max(0, failures - 1));
}

/** The transformer; install it with `bot.api.config.use(retryPolicy(...))`. */
export function retryPolicy(options: RetryPolicyOptions): Transformer {
  const { log, apiRoot, maxBackoffMs = 30_000, serverErrorRetries = 3, now = Date.now } = options;
  const wait = options.sleep ?? sleep;
  // One outage at a time, shared by all calls: warned about once, and its end is logged.
  let outageSince: number | undefined;

  return async (prev, method, payload, signal) => {
    let networkFailures = 0;
    let serverErrors = 0;
    for (;;) {
      let delay: number;
      try {
        const response = await prev(method, payload, signal);
        if (outageSince !== undefined) {
          log.info({ apiRoot, downForMs: now() - outageSince }, "Bot API reachable again");
          outageSince = undefined;
        }
        if (response.ok) return response;
        const retryAfter = response.parameters?.retry_after;
        if (response.error_code === 429 && retryAfter !== undefined) {
          log.warn({ method, retryAfter }, "Bot API flood control: waiting before sending again");
          delay = retryAfter * 1000;
        } else if (response.error_code >= 500 && serverErrors < serverErrorRetries) {
          delay = backoffMs(++serverErrors, maxBackoffMs);
          log.warn({ method, status: response.error_code, retryInMs: delay }, "Bot API server error; retrying");
        } else {
          return response;
        }
      } catch (error) {
        if (signal?.aborted || !(error instanceof HttpError)) throw error;
        delay = backoffMs(++networkFailures, maxBackoffMs);
        const err = error.message;
        if (outageSince === undefined) {
          outageSince = now();
          log.warn(
            { apiRoot, method, err, retryInMs: delay, maxBackoffMs },
            "Bot API unreachable; retrying with back-off. If Telegram is blocked on this network, set TELEGRAM_PROXY",
          );
        } else {
          log.debug({ method, err, retryInMs: delay }, "Bot API still unreachable");
        }
      }
      // grammY types the signal with the abort-controller shim's AbortSignal; at run time it is Node's.
      await wait(delay, signal as AbortSignal | undefined);
    }
  };
}
