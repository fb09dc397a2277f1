/**
 * npm start: builds the application (createApp, refreshing the index first when needed), puts the
 * Telegram bot in front of it, and runs it over the configured transport: long polling or webhook
 * with TELEGRAM_BOT_TOKEN, console mode without.
 */
import { parseArgs } from "node:util";
import { createApp } from "./app/create-app.ts";
import { AnswerCache } from "./bot/answer-cache.ts";
import { createFileFetcher } from "./bot/file-fetcher.ts";
import { createBot } from "./bot/create-bot.ts";
import type { BotDeps } from "./bot/deps.ts";
import { createProxyAgent, redactProxy } from "./bot/proxy.ts";
import { CONSOLE_BOT, CONSOLE_USER, runConsole } from "./bot/transports/console.ts";
import { UpdateTracker } from "./bot/transports/lifecycle.ts";
import { runPolling } from "./bot/transports/polling.ts";
import { runWebhook } from "./bot/transports/webhook.ts";
import { runCli } from "./cli/run.ts";
import { loadConfig } from "./config.ts";

const HELP = `xinfang-qa: a Telegram bot answering questions about petition bureaus' annual reports and the
信访工作条例, with citations.

Usage: npm start             run the bot
       npm start -- --help   this text

Transport, from the environment (.env is read; see .env.example):
  TELEGRAM_BOT_TOKEN unset   console mode: questions from stdin (typed or piped), answers on stdout
  TELEGRAM_BOT_TOKEN set     long polling (or webhook mode when WEBHOOK_URL is set)
  TELEGRAM_API_ROOT          Bot API root (default https://api.telegram.org)
  TELEGRAM_PROXY             http(s):// or socks5:// proxy for all Bot API traffic

The index is built or refreshed before the first answer when it is missing or stale.`;

/** Resolves with the signal's name on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => resolve(s));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig();
  const { telegram } = config;
  const consoleMode = telegram.token === undefined;
  const stop = stopSignal();
  const app = await createApp(config, {
    defaultLogLevel: consoleMode ? "warn" : "info",
    onProgress: (line) => process.stderr.write(`[index] ${line}\n`),
    persistState: true,
  });
  const { log } = app;
  const agent = telegram.proxy ? createProxyAgent(telegram.proxy) : undefined;
  const deps: BotDeps = {
    app,
    log,
    // The console's only user is the local operator: open access, admin commands allowed.
    access: consoleMode
      ? {
          allowedUserIds: [],
          allowedChatIds: [],
          adminUserIds: [CONSOLE_USER.id],
          rateLimitPerMinute: telegram.rateLimitPerMinute,
        }
      : {
          allowedUserIds: telegram.allowedUserIds,
          allowedChatIds: telegram.allowedChatIds,
          adminUserIds: telegram.adminUserIds,
          rateLimitPerMinute: telegram.rateLimitPerMinute,
        },
    answers: new AnswerCache(app.state),
    streamIntervalMs: telegram.streamEditIntervalMs,
    uploads: {
      maxBytes: config.maxUploadBytes,
      // Admins' uploads are fetched from the Bot API like everything else (console mode has none).
      ...(telegram.token
        ? {
            fetchFile: createFileFetcher({
              apiRoot: telegram.apiRoot,
              token: telegram.token,
              timeoutMs: 60_000,
              ...(agent ? { agent } : {}),
            }),
          }
        : {}),
    },
    now: Date.now,
  };

  if (consoleMode) {
    const bot = createBot(deps, { token: "console", botInfo: CONSOLE_BOT });
    await runConsole(bot, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
    await app.state.close();
    return 0;
  }
  const tracker = new UpdateTracker();
  const bot = createBot(deps, {
    token: telegram.token!,
    apiRoot: telegram.apiRoot,
    tracker,
    ...(agent ? { agent } : {}),
  });
  log.info(
    {
      apiRoot: telegram.apiRoot,
      proxy: telegram.proxy ? redactProxy(telegram.proxy) : undefined,
      documents: app.stats().documents,
    },
    "starting bot",
  );
  const { adminUserIds } = telegram;
  try {
    if (telegram.webhook)
      await runWebhook(bot, { log, tracker, ...telegram.webhook, apiRoot: telegram.apiRoot, adminUserIds }, stop);
    else await runPolling(bot, { log, apiRoot: telegram.apiRoot, tracker, adminUserIds }, stop);
  } finally {
    // The state is written behind the answers: what was answered before the stop is written now.
    await app.state.close();
  }
  return 0;
}

runCli(main);
