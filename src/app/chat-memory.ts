/** What a conversation remembers of each chat (its ChatContext), for a while. */
import type { ChatContext } from "../search/followup.ts";
import { memoryState, type StateStore, type SyncStorageAdapter } from "./storage.ts";

/**
 * Where contexts are stored. A context holds parsed queries: bump the version when ChatContext or
 * ParsedQuery change shape, so contexts stored by an older version are ignored, not misread.
 */
const NAMESPACE = "chat-context/v2";

/** At most this many chats are remembered (the least recently asked are forgotten first). */
const MAX_CHATS = 10_000;

/** How the memory is built; every field has a default. */
interface ChatMemoryOptions {
  /** How long a context lasts after the chat's last question; default 30 minutes. */
  ttlMs?: number;
  /** The clock of the default in-memory state (a given `state` keeps its own). */
  now?: () => number;
  /** Where contexts are kept; default in memory (lost on restart). */
  state?: StateStore;
}

/** Each chat's context: its last answered questions, as answered (completed when follow-ups). */
export class ChatMemory {
  /** Each entry expires `ttlMs` after its write: the store forgets it, nothing here keeps time. */
  private readonly chats: SyncStorageAdapter<ChatContext>;

  constructor(options: ChatMemoryOptions = {}) {
    const state = options.state ?? memoryState(options.now ?? Date.now);
    this.chats = state.adapter(NAMESPACE, { maxEntries: MAX_CHATS, maxAgeMs: options.ttlMs ?? 30 * 60_000 });
  }

  get(chatId: number): ChatContext | undefined {
    return this.chats.read(String(chatId));
  }

  set(chatId: number, context: ChatContext): void {
    this.chats.write(String(chatId), context);
  }

  clear(chatId: number): void {
    this.chats.delete(String(chatId));
  }
}
