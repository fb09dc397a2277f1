/** Structured logging (pino) to stderr, so stdout stays free for answers and JSON. */
import { pino, type Logger } from "pino";

/** A logger writing JSON lines to stderr. Never log tokens, keys or whole user messages. */
export function createLogger(level: string = "info"): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ["token", "apiKey", "*.token", "*.apiKey", "headers.authorization"], censor: "[redacted]" },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
