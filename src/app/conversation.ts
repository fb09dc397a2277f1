/**
 * Conversations: each chat's questions, read once, completed from the chat's context when they are
 * follow-ups, and answered by the current engine. Offline and LLM mode take the same decision.
 */
import type { Answer, AnswerOptions } from "../answer/types.ts";
import { describeScope, lacksScope, looksLikeFollowUp, scopeOf, withScope } from "../search/followup.ts";
import type { ChatMemory } from "./chat-memory.ts";
import type { Pipeline } from "./pipeline.ts";

/** An answer, with how a follow-up was understood. */
export interface ConversationReply {
  /** `question` is the message as sent. */
  answer: Answer;
  /** The standalone question answered, when the message was completed from its context. */
  understoodAs?: string;
  /** A short note for the user about the context assumed ("按上文理解为：…"). */
  note?: string;
}

/** Asks questions within a chat's context. */
export class Conversation {
  private answered = 0;

  constructor(
    private readonly pipeline: () => Pipeline,
    private readonly memory: ChatMemory,
  ) {}

  /** Questions answered since start (for /stats). */
  get questionsAnswered(): number {
    return this.answered;
  }

  /** Answers a message of a chat, as a follow-up of the chat's previous question when it is one. */
  async ask(chatId: number, text: string, options: AnswerOptions = {}): Promise<ConversationReply> {
    const { engine } = this.pipeline();
    const problem = engine.check(text);
    if (problem) return { answer: { question: text, answer: problem, found: false, citations: [] } };

    const parsed = engine.understand(text);
    const previous = this.memory.get(chatId);
    const canCarry = previous !== undefined && lacksScope(parsed);
    const completed = canCarry ? withScope(parsed, previous) : undefined;
    let query = completed && looksLikeFollowUp(text) ? completed : parsed;
    let answer = await engine.answerQuery(query, options);
    if (!answer.found && completed && query === parsed) {
      // Not found on its own: perhaps it was a follow-up after all.
      const retry = await engine.answerQuery(completed, options);
      if (retry.found) {
        query = completed;
        answer = retry;
      }
    }
    this.answered++;
    const scope = scopeOf(query);
    if (scope) this.memory.set(chatId, scope);
    const followed = query !== parsed && previous !== undefined;
    return {
      answer: { ...answer, question: text },
      ...(followed ? { understoodAs: query.text, note: `（按上文理解为：${describeScope(previous)}）` } : {}),
    };
  }

  /** Forgets a chat's context (/new). */
  forget(chatId: number): void {
    this.memory.clear(chatId);
  }
}
