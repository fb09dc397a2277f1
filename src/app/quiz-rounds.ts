/**
 * Quiz rounds for trainers: questions generated from the documents (with model-proposed ones in LLM
 * mode), the polls sent, answers scored per user per chat, and leaderboards. The store is opened on
 * first use, so the command-line tools never touch it.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Logger } from "pino";
import { citationLabel } from "../answer/citations.ts";
import { generateQuiz } from "../quiz/generate.ts";
import { modelQuestions } from "../quiz/model-questions.ts";
import { QuizStore, type PollClosed, type RoundResult, type ScoreRow, type TopicScore } from "../quiz/store.ts";
import type { QuizQuestion } from "../quiz/types.ts";
import type { Pipeline } from "./pipeline.ts";

/** Quiz generation, scoring and results. */
export class QuizRounds {
  private store: Promise<QuizStore> | undefined;

  constructor(
    private readonly pipeline: () => Pipeline,
    private readonly options: {
      dataDir: string;
      log: Logger;
      now: () => number;
      /** LLM mode: the model that proposes some of a round's questions. */
      model?: BaseChatModel;
      modelTimeoutMs: number;
    },
  ) {}

  /** `count` questions generated offline for a seed (same seed, same questions); throws UserError for an unknown topic. */
  generate(request: { count: number; seed: string; topic?: string }): QuizQuestion[] {
    return generateQuiz(this.pipeline().index, request);
  }

  /**
   * A round: generated questions, of which up to a third are replaced in LLM mode by questions the
   * model proposes about the same passages (each held to the same checks, or dropped). Any model
   * failure leaves the round as generated. Every question's options come shuffled by the seed
   * (generateQuiz, modelQuestions), and what is sent is recorded as correct.
   */
  async round(request: { count: number; seed: string; topic?: string }): Promise<QuizQuestion[]> {
    const questions = this.generate(request);
    const { model, modelTimeoutMs, log } = this.options;
    const want = Math.floor(questions.length / 3);
    if (!model || want === 0) return questions;
    const { index } = this.pipeline();
    const passages = questions.slice(0, want).flatMap((q) => {
      const chunk = index.chunks.find(
        (c) => c.text === q.citation.quote && index.docById.get(c.docId)?.source === q.citation.source,
      );
      return chunk ? [{ chunk, doc: index.docById.get(chunk.docId)! }] : [];
    });
    try {
      const proposed = await modelQuestions(model, passages, want, modelTimeoutMs, request.seed);
      return [...proposed, ...questions.slice(proposed.length)];
    } catch (error) {
      log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "model quiz questions failed; generated ones used",
      );
      return questions;
    }
  }

  /** Records a poll sent to a chat as part of a round (`openPeriod`: its time limit in seconds, if any). */
  async recordPoll(poll: {
    pollId: string;
    chatId: number;
    roundId: string;
    question: QuizQuestion;
    openPeriod?: number;
  }): Promise<void> {
    const store = await this.open();
    await store.addPoll({ ...poll, source: citationLabel(poll.question.citation), now: new Date(this.options.now()) });
  }

  /** Keeps the questions of a timed round not sent yet; each is handed out when the poll before it closes. */
  async queue(args: { roundId: string; chatId: number; openPeriod: number; questions: QuizQuestion[] }): Promise<void> {
    if (args.questions.length > 0) await (await this.open()).queue(args);
  }

  /**
   * A poll of ours closed: the round's next question to send, or a timed round's standings after its
   * last poll. Undefined for a poll that is not ours or was already reported closed.
   */
  async pollClosed(pollId: string): Promise<PollClosed | undefined> {
    return (await this.open()).closePoll(pollId);
  }

  /** The chat a poll was sent to, if it is one of ours. */
  async chatOfPoll(pollId: string): Promise<number | undefined> {
    return (await this.open()).chatOf(pollId);
  }

  /**
   * Scores a poll answer (the first one counts). Returns the poll's chat and, when this answer
   * completes the user's round, the round's result; undefined for a poll that is not ours.
   */
  async answer(args: {
    pollId: string;
    userId: number;
    name: string;
    optionIds: number[];
  }): Promise<{ chatId: number; round?: RoundResult } | undefined> {
    const store = await this.open();
    const chatId = store.chatOf(args.pollId);
    if (chatId === undefined) return undefined;
    const result = await store.addAnswer({ ...args, now: new Date(this.options.now()) });
    return result ? { chatId, ...(result.round ? { round: result.round } : {}) } : { chatId };
  }

  /** The chat's leaderboard, best first. */
  async leaderboard(chatId: number): Promise<ScoreRow[]> {
    return (await this.open()).leaderboard(chatId);
  }

  /** A user's accuracy in a chat, by topic. */
  async byTopic(chatId: number, userId: number): Promise<TopicScore[]> {
    return (await this.open()).byTopic(chatId, userId);
  }

  /** Forgets a chat's answers; returns how many were removed. */
  async reset(chatId: number): Promise<number> {
    return (await this.open()).reset(chatId);
  }

  private open(): Promise<QuizStore> {
    this.store ??= QuizStore.open(this.options.dataDir, { log: this.options.log, now: this.options.now });
    return this.store;
  }
}
