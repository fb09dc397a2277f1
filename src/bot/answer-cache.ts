/**
 * Recent answers under short random ids, so the buttons under an answer can refer to it in 64
 * bytes. An id is bound to the chat its answer was sent to: a button copied into another chat (or
 * guessed) finds nothing.
 */
import { randomBytes } from "node:crypto";
import type { Answer } from "../answer/types.ts";

/** Keeps the last `capacity` answers. */
export class AnswerCache {
  private readonly entries = new Map<string, { chatId: number; answer: Answer }>();

  constructor(private readonly capacity = 1000) {}

  /** Stores an answer sent to a chat and returns its id (8 URL-safe characters). */
  put(chatId: number, answer: Answer): string {
    const id = randomBytes(6).toString("base64url");
    this.entries.set(id, { chatId, answer });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  /** The answer with this id, if it was sent to this chat. */
  get(chatId: number, id: string): Answer | undefined {
    const entry = this.entries.get(id);
    return entry?.chatId === chatId ? entry.answer : undefined;
  }
}
