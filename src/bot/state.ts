/** The bot's in-memory state: recent answers (for source buttons) and each chat's question scope. */
import type { Answer } from "../answer/types.ts";
import type { QueryScope } from "../search/followup.ts";

/** Keeps the last `capacity` answers under short ids, so buttons can refer to them in 64 bytes. */
export class AnswerCache {
  private readonly entries = new Map<string, Answer>();
  private next = 0;

  constructor(private readonly capacity = 1000) {}

  /** Stores an answer and returns its id (base 36, a few characters). */
  put(answer: Answer): string {
    const id = (this.next++).toString(36);
    this.entries.set(id, answer);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  get(id: string): Answer | undefined {
    return this.entries.get(id);
  }
}

/** Each chat's last explicit scope (bureau, year, regulation), forgotten after `ttlMs`. */
export class ChatScopes {
  private readonly scopes = new Map<number, { scope: QueryScope; at: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(chatId: number): QueryScope | undefined {
    const entry = this.scopes.get(chatId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.scopes.delete(chatId);
      return undefined;
    }
    return entry.scope;
  }

  set(chatId: number, scope: QueryScope): void {
    this.scopes.set(chatId, { scope, at: this.now() });
  }

  clear(chatId: number): void {
    this.scopes.delete(chatId);
  }
}

/** One question and its answer, for rewriting follow-ups in LLM mode. */
export interface Turn {
  question: string;
  answer: string;
}

/** Each chat's last few turns, forgotten after `ttlMs`. */
export class ChatHistory {
  private readonly turns = new Map<number, { turns: Turn[]; at: number }>();

  constructor(
    private readonly size = 3,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(chatId: number): Turn[] {
    const entry = this.turns.get(chatId);
    if (!entry || this.now() - entry.at > this.ttlMs) return [];
    return entry.turns;
  }

  add(chatId: number, turn: Turn): void {
    this.turns.set(chatId, { turns: [...this.get(chatId), turn].slice(-this.size), at: this.now() });
  }

  clear(chatId: number): void {
    this.turns.delete(chatId);
  }
}
