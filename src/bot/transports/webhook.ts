/** Webhook mode: a node http server checking Telegram's secret token header. */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { webhookCallback, type Bot, type Context } from "grammy";
import type { Logger } from "pino";
import { registerCommands } from "../commands.ts";
import { ALLOWED_UPDATES, initWithRetry } from "./polling.ts";

/** Serves WEBHOOK_URL's path on `port` until a stop signal; registers the webhook with a secret. */
export async function runWebhook(
  bot: Bot<Context>,
  log: Logger,
  options: { url: string; port: number; secret?: string; apiRoot: string },
  stop: Promise<string>,
): Promise<void> {
  const secret = options.secret ?? randomBytes(32).toString("hex");
  const path = new URL(options.url).pathname;
  const handle = webhookCallback(bot, "http", {
    secretToken: secret,
    onTimeout: "return",
    timeoutMilliseconds: 50_000,
  });
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === path) return void handle(req, res);
    res.statusCode = 404;
    res.end();
  });
  if (!(await initWithRetry(bot, log, options.apiRoot, stop))) return log.info("stopped before start");
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  await bot.api.setWebhook(options.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  await registerCommands(bot, log);
  log.info({ username: bot.botInfo.username, mode: "webhook", port: options.port, path }, "bot started");
  const signal = await stop;
  log.info({ signal }, "stopping: finishing in-flight requests");
  await new Promise((resolve) => server.close(resolve));
  log.info("stopped");
}
