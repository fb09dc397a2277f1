/** What the bot's features are given: the application, Telegram-side state, settings and a logger. */
import type { Logger } from "pino";
import type { App } from "../app/create-app.ts";
import type { FileFetcher } from "./file-fetcher.ts";
import type { AnswerCache } from "./answer-cache.ts";
import type { IntervalTimer } from "./typing.ts";

/** Who may use the bot and how often (no token: features never see it). */
export interface AccessPolicy {
  /** Both empty: open to everyone. */
  allowedUserIds: number[];
  allowedChatIds: number[];
  /** May use admin commands, and always the bot. */
  adminUserIds: number[];
  rateLimitPerMinute: number;
}

export interface BotDeps {
  app: App;
  log: Logger;
  access: AccessPolicy;
  /** Answers shown in chats, for their source and feedback buttons. */
  answers: AnswerCache;
  /** Minimum time between two edits of a streaming reply (LLM mode). */
  streamIntervalMs: number;
  /** Admins' report files: the size limit, and how to download them (none: uploads unavailable). */
  uploads: { maxBytes: number; fetchFile?: FileFetcher };
  now: () => number;
  /** Repeats "typing…" while answering; default Node's timers (tests advance their own). */
  timer?: IntervalTimer;
}

/** True when the user is an admin (ADMIN_USER_IDS). */
export function isAdmin(deps: BotDeps, userId: number | undefined): boolean {
  return userId !== undefined && deps.access.adminUserIds.includes(userId);
}
