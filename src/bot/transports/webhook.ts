/**
 * Webhook mode: a node http server on WEBHOOK_URL's path. Telegram's secret token header is
 * checked, bodies are bounded and validated, each update is acknowledged at once and handled in the
 * background (so a slow answer never makes Telegram send it again), and an update_id seen before is
 * acknowledged without being handled twice.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import { registerCommands } from "../commands.ts";
import { drain, initBot, type UpdateTracker } from "./lifecycle.ts";
import { ALLOWED_UPDATES } from "./polling.ts";

/** The largest request body accepted (Telegram's updates are a few kilobytes). */
const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** How many recent update_ids are remembered to recognise a redelivery. */
const SEEN_CAPACITY = 10_000;

/** What a request body turned out to be. */
type Body = { update: Update } | { status: 400 | 413; reason: string };

/** Reads a body of at most `maxBytes`; undefined when larger (the rest is then discarded unread). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
      req.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Too large: keep the connection readable so the client gets its 413, but stop keeping bytes.
      req.off("data", onData);
      req.resume();
      resolve(undefined);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Reads and validates a request body: an object with an integer update_id, within the limit. */
async function readUpdate(req: IncomingMessage, maxBytes: number): Promise<Body> {
  const bytes = await readBody(req, maxBytes);
  if (bytes === undefined) return { status: 413, reason: "body too large" };
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { status: 400, reason: bytes.length === 0 ? "empty body" : "malformed JSON" };
  }
  const id = (value as { update_id?: unknown } | null)?.update_id;
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Number.isSafeInteger(id)) {
    return { status: 400, reason: "not an update" };
  }
  return { update: value as Update };
}

function sameSecret(given: string | string[] | undefined, secret: Buffer): boolean {
  if (typeof given !== "string") return false;
  const bytes = Buffer.from(given);
  return bytes.length === secret.length && timingSafeEqual(bytes, secret);
}

function send(res: ServerResponse, status: number, close = false): void {
  if (close) res.setHeader("connection", "close");
  res.statusCode = status;
  res.end();
}

/** Serves WEBHOOK_URL's path on `port` until a stop signal; registers the webhook with a secret. */
export async function runWebhook(
  bot: Bot<Context>,
  options: {
    log: Logger;
    tracker: UpdateTracker;
    url: string;
    port: number;
    secret?: string;
    apiRoot: string;
    /** Their private chats get the admin commands in their menu. */
    adminUserIds?: readonly number[];
  },
  stop: Promise<string>,
): Promise<void> {
  const { log, tracker } = options;
  const secretText = options.secret ?? randomBytes(32).toString("hex");
  const secret = Buffer.from(secretText);
  const path = new URL(options.url).pathname;
  const seen = new Set<number>();
  let stopping = false;

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== path) return send(res, 404);
    if (req.method !== "POST") return send(res, 405);
    if (!sameSecret(req.headers["x-telegram-bot-api-secret-token"], secret)) return send(res, 401);
    // While stopping, Telegram is told to try again later (it redelivers to the next start).
    if (stopping) return send(res, 503, true);
    const body = await readUpdate(req, WEBHOOK_MAX_BODY_BYTES);
    if ("status" in body) {
      log.warn({ status: body.status, reason: body.reason }, "webhook request rejected");
      return send(res, body.status, body.status === 413);
    }
    const id = body.update.update_id;
    send(res, 200);
    if (seen.has(id)) return log.info({ updateId: id }, "webhook: update delivered again; ignored");
    seen.add(id);
    if (seen.size > SEEN_CAPACITY) seen.delete(seen.values().next().value!);
    await bot
      .handleUpdate(body.update)
      .catch((error: unknown) => log.error({ err: error, updateId: id }, "update failed"));
  };
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      log.warn({ err: error }, "webhook request failed");
      if (!res.headersSent) send(res, 400, true);
    });
  });

  if (!(await initBot(bot, log, options.apiRoot, stop))) return log.info("stopped before start");
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  await bot.api.setWebhook(options.url, { secret_token: secretText, allowed_updates: [...ALLOWED_UPDATES] });
  await registerCommands(bot, log, options.adminUserIds);
  log.info({ username: bot.botInfo.username, mode: "webhook", port: options.port, path }, "bot started");
  const signal = await stop;
  stopping = true;
  log.info({ signal, inFlight: tracker.active }, "stopping: finishing in-flight updates");
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await drain(tracker, log);
  server.closeAllConnections();
  await closed;
  log.info("stopped");
}
