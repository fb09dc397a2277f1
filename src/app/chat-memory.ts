/** What a conversation remembers of each chat (its ChatContext), for a while. */
import type { ChatContext } from "../search/followup.ts";
import { memoryState, type StateStore, type SyncStorageAdapter } from "./storage.ts";

/**
 * Where contexts are stored. A context holds parsed queries: bump the version when ChatContext or
 * ParsedQuery change shape, so contexts stored by an older version are ignored, not misread.
 */
const NAMESPACE = "chat-context/v1";

/** At most this many chats are remembered (the least recently asked are forgotten first). */
const MAX_CHATS = 10_000;

/** How the memory is built; every field has a default. */
export interface ChatMemoryOptions {
  /** How long a context lasts after the chat's last question; default 30 minutes. */
  ttlMs?: number;
  now?: () => number;
  /** Where contexts are kept; default in memory (lost on restart). */
  state?: StateStore;
}

/** Each chat's context: its last answered questions, as answered (completed when follow-ups). */
export class ChatMemory {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly chats: SyncStorageAdapter<{ context: ChatContext; at: number }>;

  constructor(options: ChatMemoryOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.now = options.now ?? Date.now;
    const state = options.state ?? memoryState(this.now);
    this.chats = state.adapter(NAMESPACE, { maxEntries: MAX_CHATS, maxAgeMs: this.ttlMs });
  }

  get(chatId: number): ChatContext | undefined {
    const entry = this.chats.read(String(chatId));
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.chats.delete(String(chatId));
      return undefined;
    }
    return entry.context;
  }

  set(chatId: number, context: ChatContext): void {
    this.chats.write(String(chatId), { context, at: this.now() });
  }

  clear(chatId: number): void {
    this.chats.delete(String(chatId));
  }
}
