/** What a conversation remembers of each chat (its ChatContext and what it was shown), for a while. */
import type { ListItem } from "../answer/list-items.ts";
import type { Citation } from "../answer/types.ts";
import type { ChatContext } from "../search/followup.ts";
import { memoryState, type StateStore, type SyncStorageAdapter } from "./storage.ts";

/**
 * Where contexts are stored. A context holds parsed queries: bump the version when ChatContext or
 * ParsedQuery change shape, so contexts stored by an older version are ignored, not misread.
 */
const NAMESPACE = "chat-context/v3";

/** At most this many chats are remembered (the least recently asked are forgotten first). */
const MAX_CHATS = 10_000;

/** What the chat was shown of its last question: "第二点具体说说" and "还有呢" read it. */
export interface ShownAnswer {
  /** The items of the last answer, when it was a list. */
  items: ListItem[];
  /** Every source shown for the last question, its "还有呢" answers' too. */
  citations: Citation[];
}

/** A chat's context, and what its last answer showed. */
export interface ChatState extends ChatContext {
  shown?: ShownAnswer;
}

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
  private readonly chats: SyncStorageAdapter<ChatState>;

  constructor(options: ChatMemoryOptions = {}) {
    const state = options.state ?? memoryState(options.now ?? Date.now);
    this.chats = state.adapter(NAMESPACE, { maxEntries: MAX_CHATS, maxAgeMs: options.ttlMs ?? 30 * 60_000 });
  }

  get(chatId: number): ChatState | undefined {
    return this.chats.read(String(chatId));
  }

  set(chatId: number, context: ChatState): void {
    this.chats.write(String(chatId), context);
  }

  clear(chatId: number): void {
    this.chats.delete(String(chatId));
  }
}
