/** What a conversation remembers of each chat (its ChatContext), for a while. */
import type { ChatContext } from "../search/followup.ts";

/** Each chat's context: its last answered questions, as answered (completed when follow-ups). */
export class ChatMemory {
  private readonly chats = new Map<number, { context: ChatContext; at: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(chatId: number): ChatContext | undefined {
    const entry = this.chats.get(chatId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.chats.delete(chatId);
      return undefined;
    }
    return entry.context;
  }

  set(chatId: number, context: ChatContext): void {
    this.chats.set(chatId, { context, at: this.now() });
  }

  clear(chatId: number): void {
    this.chats.delete(chatId);
  }
}
