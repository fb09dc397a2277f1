/** A bot built on the real corpus and pointed at a local Bot API server, for handler-level tests. */
import type { Bot, Context } from "grammy";
import { createBot } from "../../src/bot/create-bot.ts";
import type { AccessPolicy, BotDeps } from "../../src/bot/deps.ts";
import { buildTestApp, testBotDeps } from "../helpers.ts";
import { FakeTelegram } from "./fake-telegram.ts";

/** The bot, its server and its deps; `stop` shuts both down and removes the data dir. */
export interface FakeBot {
  telegram: FakeTelegram;
  bot: Bot<Context>;
  deps: BotDeps;
  stop: () => Promise<void>;
}

/**
 * Starts a FakeTelegram for `token` and a bot (getMe done) with the given access policy; `env`
 * adds settings to the test config (OPENAI_* for LLM mode).
 */
export async function startFakeBot(
  token: string,
  access: Partial<AccessPolicy> = {},
  env: Record<string, string> = {},
): Promise<FakeBot> {
  const telegram = new FakeTelegram(token);
  await telegram.start();
  const built = await buildTestApp(env);
  const deps = testBotDeps(built.app, {
    access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: 100, ...access },
  });
  const bot = createBot(deps, { token, apiRoot: telegram.apiRoot });
  await bot.init();
  return {
    telegram,
    bot,
    deps,
    stop: async () => {
      await telegram.stop();
      await built.cleanup();
    },
  };
}
