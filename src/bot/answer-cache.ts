/**
 * Recent answers under short random ids, so the buttons under an answer can refer to it in 64
 * bytes. An id is bound to the chat its answer was sent to: a button copied into another chat (or
 * guessed) finds nothing. Kept in the application's state, so buttons work after a restart.
 */
import { randomBytes } from "node:crypto";
import type { Answer } from "../answer/types.ts";
import { memoryState, type StateLimits, type StateStore, type SyncStorageAdapter } from "../app/storage.ts";

/** How many answers are kept, and how long: the last 5,000, for at most 30 days. */
const ANSWER_LIMITS: StateLimits = { maxEntries: 5000, maxAgeMs: 30 * 24 * 3600_000 };

/** Answers by chat and id. */
export class AnswerCache {
  private readonly answers: SyncStorageAdapter<Answer>;

  /** Without a state store, answers are kept in memory only. */
  constructor(state: StateStore = memoryState(), limits: StateLimits = ANSWER_LIMITS) {
    this.answers = state.adapter("answers", limits);
  }

  /** Stores an answer sent to a chat and returns its id (8 URL-safe characters). */
  put(chatId: number, answer: Answer): string {
    const id = randomBytes(6).toString("base64url");
    this.answers.write(`${chatId}:${id}`, answer);
    return id;
  }

  /** The answer with this id, if it was sent to this chat. */
  get(chatId: number, id: string): Answer | undefined {
    // The chat is part of the key: the same id asked from another chat is another key.
    return this.answers.read(`${chatId}:${id}`);
  }
}
