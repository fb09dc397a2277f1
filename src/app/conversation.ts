/**
 * Conversations: each chat's messages, read once, completed from the chat's previous question when
 * they are follow-ups (search/followup.ts decides), and answered by the current engine. Offline and
 * LLM mode take the same decision.
 */
import type { Answer, AnswerOptions } from "../answer/types.ts";
import { nextContext, resolveFollowUp } from "../search/followup.ts";
import type { ChatMemory } from "./chat-memory.ts";
import type { Pipeline } from "./pipeline.ts";
import type { UnansweredLog } from "./unanswered.ts";

/** An answer, with how a follow-up was understood. */
interface ConversationReply {
  /** `question` is the message as sent. */
  answer: Answer;
  /** The standalone question answered, when the message was completed from its context. */
  understoodAs?: string;
  /** A short note for the user about the context assumed ("按上文理解为：…"). */
  note?: string;
}

/** Thanks, greetings and acknowledgements: a friendly word, and the context stays as it was. */
const SMALL_TALK =
  /^(好的?|好吧|谢谢(你|您)?|多谢|感谢|辛苦了?|收到|明白了?|知道了|了解了?|你好|您好|嗯+|哦+|ok|okay|好滴)[!！。.~～]*$/i;

/** Asks questions within a chat's context. */
export class Conversation {
  private answered = 0;

  constructor(
    private readonly pipeline: () => Pipeline,
    private readonly memory: ChatMemory,
    /**
     * Where questions the documents could not answer are recorded, for admins (/feedback). Not
     * awaited: `add` must not reject (UnansweredLog logs a failed write and goes on).
     */
    private readonly unanswered?: Pick<UnansweredLog, "add">,
  ) {}

  /** Questions answered since start (for /stats). */
  get questionsAnswered(): number {
    return this.answered;
  }

  /** Answers a message of a chat, as a follow-up of the chat's previous question when it is one. */
  async ask(chatId: number, text: string, options: AnswerOptions = {}): Promise<ConversationReply> {
    const reply = (answer: string): ConversationReply => ({
      answer: { question: text, answer, found: false, citations: [], notice: true },
    });
    const { engine } = this.pipeline();
    const problem = engine.check(text);
    if (problem) return reply(problem);
    if (SMALL_TALK.test(text.trim()))
      return reply("不客气。还有关于信访工作报告或《信访工作条例》的问题，请直接问我。");

    const message = engine.understand(text);
    const context = this.memory.get(chatId);
    const followUp = resolveFollowUp(message, context, engine.catalog);
    let query = followUp.kind === "fresh" ? message : followUp.query;
    let answer = await engine.answerQuery(query, options);
    if (!answer.found && followUp.kind === "maybe") {
      // Not in the previous scope: perhaps it was a new question after all.
      const alone = await engine.answerQuery(message, options);
      if (alone.found) {
        query = message;
        answer = alone;
      }
    }
    this.answered++;
    this.memory.set(chatId, nextContext(context, query));
    const followed = followUp.kind !== "fresh" && query !== message;
    // The reply does not wait for the disk; readers of the log (UnansweredLog.all) wait for queued writes.
    if (!answer.found)
      void this.unanswered?.add({ chatId, question: text, ...(followed ? { understoodAs: query.text } : {}) });
    return {
      answer: { ...answer, question: text },
      ...(followed ? { understoodAs: query.text, note: followUp.note } : {}),
    };
  }

  /** Forgets a chat's context (/new). */
  forget(chatId: number): void {
    this.memory.clear(chatId);
  }
}
