/** The project's named errors: each carries context and a cause, never a secret. */

/** Configuration that cannot work; the message says which variable and what to do. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A download that failed: network, HTTP status, timeout or checksum. */
export class DownloadError extends Error {
  override name = "DownloadError";
  constructor(
    message: string,
    readonly url: string,
    readonly reason: "network" | "http" | "timeout" | "checksum",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A saved index that cannot be read or built. */
export class IndexError extends Error {
  override name = "IndexError";
}

/**
 * A request the application cannot carry out for a reason the user can act on. `reply` is the
 * Chinese text shown to the user (rendered once, by the bot's error handler); the message is for
 * logs.
 */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    readonly reply: string,
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? reply, options);
  }
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
