/** Structured logging (pino) to stderr, so stdout stays free for answers and JSON. */
import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Errors as pino serializes them, without a Bot API call's `payload` (a GrammyError carries the
 * whole request: the text of a user's question or of the answer sent). What failed stays: the
 * method, error_code, description, message and stack.
 */
function errWithoutPayload(error: unknown): unknown {
  const serialized: unknown = pino.stdSerializers.err(error as Error);
  // Anything but an error comes back as it was given: the caller's object, left untouched.
  if (serialized === error || serialized === null || typeof serialized !== "object") return serialized;
  return Object.fromEntries(Object.entries(serialized).filter(([key]) => key !== "payload"));
}

/**
 * A logger writing JSON lines to stderr (or `destination`: tests). Never log tokens, keys or whole
 * user messages.
 */
export function createLogger(
  level: string = "info",
  destination: DestinationStream = pino.destination({ fd: 2, sync: true }),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ["token", "apiKey", "*.token", "*.apiKey", "headers.authorization"], censor: "[redacted]" },
      serializers: { err: errWithoutPayload },
    },
    destination,
  );
}
