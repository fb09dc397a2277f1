/** What the bot's features are given: the QA service, state, storage, settings and a logger. */
import type { Logger } from "pino";
import type { TelegramConfig } from "../config.ts";
import type { QaService } from "../qa.ts";
import type { QuizStore } from "../quiz/store.ts";
import type { FeedbackStore } from "./feedback-store.ts";
import type { FileFetcher } from "./file-fetcher.ts";
import type { AnswerCache, ChatHistory, ChatScopes } from "./state.ts";

export interface BotDeps {
  qa: QaService;
  log: Logger;
  access: Pick<TelegramConfig, "allowedUserIds" | "allowedChatIds" | "adminUserIds" | "rateLimitPerMinute">;
  feedback: FeedbackStore;
  answers: AnswerCache;
  scopes: ChatScopes;
  /** Recent turns per chat, for rewriting follow-ups in LLM mode. */
  history: ChatHistory;
  /** Minimum time between two edits of a streaming reply (LLM mode). */
  streamIntervalMs: number;
  /** Where admins' uploads go and withdrawn reports are kept; no fetchFile: uploads unavailable. */
  reports: { dir: string; removedDir: string; maxUploadBytes: number; fetchFile?: FileFetcher };
  /** Quiz polls and scores. */
  quiz: { store: QuizStore; modelTimeoutMs: number };
  now: () => number;
}

/** True when the user is an admin (ADMIN_USER_IDS). */
export function isAdmin(deps: BotDeps, userId: number | undefined): boolean {
  return userId !== undefined && deps.access.adminUserIds.includes(userId);
}
