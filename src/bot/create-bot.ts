/** createBot(deps): one grammY Bot with every feature installed, in one place and one order. */
import type { Agent } from "node:http";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotError, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotDeps } from "./deps.ts";
import { UserError } from "../errors.ts";
import { accessControl } from "./features/access.ts";
import { adminOnly } from "./features/admin-only.ts";
import { adminFeature } from "./features/admin.ts";
import { feedbackAdminFeature } from "./features/feedback-admin.ts";
import { articleFeature } from "./features/article.ts";
import { askFeature } from "./features/ask.ts";
import { fallbackFeature } from "./features/fallback.ts";
import { helpFeature } from "./features/help.ts";
import { inlineFeature } from "./features/inline.ts";
import { reportsFeature } from "./features/reports.ts";
import { sourcesFeature } from "./features/sources.ts";
import { uploadFeature } from "./features/upload.ts";
import { quizFeature } from "./features/quiz.ts";
import { rateLimit } from "./features/rate-limit.ts";
import { retryPolicy, type RetryPolicyOptions } from "./retry.ts";
import type { UpdateTracker } from "./transports/lifecycle.ts";

/** How the Bot reaches the Bot API. */
interface BotTransportOptions {
  token: string;
  /** Default Telegram's; a self-hosted Bot API server or the tests' local one. */
  apiRoot?: string;
  /** A proxy agent for all Bot API traffic. */
  agent?: Agent;
  /** Known bot identity (console mode, tests): skips getMe. */
  botInfo?: UserFromGetMe;
  /** Counts the updates being handled, so a stop can wait for them. */
  tracker?: UpdateTracker;
  /** Overrides of the Bot API retry policy (tests: an instant clock). */
  retry?: Pick<RetryPolicyOptions, "sleep" | "maxBackoffMs">;
}

/** Builds the bot. Nothing is sent until a transport starts it. */
export function createBot(deps: BotDeps, options: BotTransportOptions): Bot<Context> {
  const bot = new Bot<Context>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      ...(options.agent ? { baseFetchConfig: { agent: options.agent, compress: true } } : {}),
      timeoutSeconds: 60,
    },
  });
  // Wait out 429s however long, retry network failures with a capped back-off (see retry.ts).
  bot.api.config.use(
    retryPolicy({ log: deps.log, apiRoot: options.apiRoot ?? "https://api.telegram.org", ...options.retry }),
  );

  // The one place errors become replies: a UserError carries its own Chinese text; anything else
  // gets a short apology, and the log gets the details. An error boundary rather than bot.catch
  // alone, so every transport (runner, webhook, console, handleUpdate) renders errors the same way.
  const renderError = async ({ error, ctx }: BotError<Context>) => {
    const userError = error instanceof UserError ? error : undefined;
    if (userError) deps.log.info({ err: userError.message, updateId: ctx.update.update_id }, "request refused");
    else deps.log.error({ err: error, updateId: ctx.update.update_id }, "handler failed");
    const text = userError?.reply ?? "抱歉，处理您的请求时出错了，请稍后再试。";
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => undefined);
    else if (ctx.chat) await ctx.reply(text).catch(() => undefined);
  };
  bot.catch(renderError);

  if (options.tracker) bot.use(options.tracker.middleware());
  // One update at a time per chat, so a follow-up is read after the question it follows.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  const features = bot.errorBoundary(renderError);
  // In this order: who may use the bot and how often, then the features, free text last.
  const installed = [
    accessControl,
    rateLimit,
    adminOnly,
    helpFeature,
    articleFeature,
    reportsFeature,
    adminFeature,
    feedbackAdminFeature,
    uploadFeature,
    quizFeature,
    sourcesFeature,
    inlineFeature,
    askFeature,
  ];
  for (const feature of installed) features.use(feature(deps));
  features.use(fallbackFeature());
  features.on("callback_query:data", (ctx) => ctx.answerCallbackQuery({ text: "这个按钮已失效，请重新操作。" }));
  return bot;
}
