/**
 * npm start: the composition root. Builds the QA service (refreshing the index first when needed),
 * the bot with its state and storage, and runs it over the configured transport: long polling or
 * webhook with TELEGRAM_BOT_TOKEN, console mode without.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { FeedbackStore } from "./bot/feedback-store.ts";
import { createFileFetcher } from "./bot/file-fetcher.ts";
import { createBot } from "./bot/create-bot.ts";
import type { BotDeps } from "./bot/deps.ts";
import { createProxyAgent, redactProxy } from "./bot/proxy.ts";
import { AnswerCache, ChatHistory, ChatScopes } from "./bot/state.ts";
import { CONSOLE_BOT, CONSOLE_USER, runConsole } from "./bot/transports/console.ts";
import { runPolling } from "./bot/transports/polling.ts";
import { runWebhook } from "./bot/transports/webhook.ts";
import { runCli } from "./cli/run.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { QaService } from "./qa.ts";
import { QuizStore } from "./quiz/store.ts";

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
  const log = createLogger(config.logLevel ?? (consoleMode ? "warn" : "info"));
  const stop = stopSignal();

  const qa = await QaService.start(config, { log, onProgress: (line) => process.stderr.write(`[index] ${line}\n`) });
  const agent = telegram.proxy ? createProxyAgent(telegram.proxy) : undefined;
  // Admins' uploads are fetched from the Bot API like everything else (console mode has none).
  const fetchFile = telegram.token
    ? createFileFetcher({
        apiRoot: telegram.apiRoot,
        token: telegram.token,
        timeoutMs: 60_000,
        ...(agent ? { agent } : {}),
      })
    : undefined;
  const deps: BotDeps = {
    qa,
    log,
    // The console's only user is the local operator: open access, admin commands allowed.
    access: consoleMode
      ? { ...telegram, allowedUserIds: [], allowedChatIds: [], adminUserIds: [CONSOLE_USER.id] }
      : telegram,
    feedback: new FeedbackStore(config.dataDir),
    answers: new AnswerCache(),
    scopes: new ChatScopes(),
    history: new ChatHistory(),
    streamIntervalMs: config.llm?.streamEditIntervalMs ?? 1_000,
    reports: {
      dir: path.join(config.corpusDir, "reports"),
      removedDir: path.join(config.dataDir, "removed"),
      maxUploadBytes: config.maxUploadBytes,
      ...(fetchFile ? { fetchFile } : {}),
    },
    quiz: { store: await QuizStore.open(config.dataDir), modelTimeoutMs: config.openai.timeoutMs },
    now: Date.now,
  };

  if (consoleMode) {
    const bot = createBot(deps, { token: "console", botInfo: CONSOLE_BOT });
    await runConsole(bot, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
    return 0;
  }
  const bot = createBot(deps, { token: telegram.token!, apiRoot: telegram.apiRoot, ...(agent ? { agent } : {}) });
  log.info(
    {
      apiRoot: telegram.apiRoot,
      proxy: telegram.proxy ? redactProxy(telegram.proxy) : undefined,
      documents: qa.current.index.manifest.documents,
    },
    "starting bot",
  );
  if (telegram.webhook) await runWebhook(bot, log, { ...telegram.webhook, apiRoot: telegram.apiRoot }, stop);
  else await runPolling(bot, log, telegram.apiRoot, stop);
  return 0;
}

runCli(main);
