/** What a conversation remembers of each chat: the scope of its last question, for a while. */
import type { QueryScope } from "../search/followup.ts";

/** Each chat's last scope (bureau, year, regulation), forgotten after `ttlMs`. */
export class ChatMemory {
  private readonly chats = new Map<number, { scope: QueryScope; at: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(chatId: number): QueryScope | undefined {
    const entry = this.chats.get(chatId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.chats.delete(chatId);
      return undefined;
    }
    return entry.scope;
  }

  set(chatId: number, scope: QueryScope): void {
    this.chats.set(chatId, { scope, at: this.now() });
  }

  clear(chatId: number): void {
    this.chats.delete(chatId);
  }
}
