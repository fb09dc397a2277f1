/**
 * The query engine: the one path from a question to a cited answer. The question is checked, read
 * and searched once; a synthesizer (extractive, or a model with the extractive answer as its
 * fallback) turns the retrieval into the answer.
 */
import type { Catalog } from "../search/catalog.ts";
import type { ParsedQuery } from "../search/query.ts";
import type { HybridRetriever, Passage, Retrieval } from "../search/retriever.ts";
import { checkQuestion } from "./question-guard.ts";
import type { Answer, AnswerOptions, Answerer } from "./types.ts";

/** Turns a retrieval into an answer. */
export interface Synthesizer {
  /** `question` is what the answer object reports as asked; the retrieval carries the query. */
  synthesize(question: string, retrieval: Retrieval, options?: AnswerOptions): Promise<Answer>;
}

/** Guard, understanding, retrieval and synthesis over one loaded index. */
export class QueryEngine implements Answerer {
  constructor(
    private readonly retriever: HybridRetriever,
    private readonly synthesizer: Synthesizer,
    private readonly options: { maxQuestionChars: number },
  ) {}

  /** What the index holds: bureaus, years, regulations. */
  get catalog(): Catalog {
    return this.retriever.catalog;
  }

  /** A polite Chinese message when the text cannot be searched (empty, too long, no words). */
  check(text: string): string | undefined {
    return checkQuestion(text, this.options.maxQuestionChars);
  }

  /** Reads a question: scope, intent and search terms. */
  understand(text: string): ParsedQuery {
    return this.retriever.understand(text.trim());
  }

  /** Retrieval alone (the benchmark times it). */
  retrieve(query: ParsedQuery): Promise<Retrieval> {
    return this.retriever.search(query);
  }

  /** Answers a question already read (a conversation may have completed it from its context). */
  async answerQuery(query: ParsedQuery, options?: AnswerOptions): Promise<Answer> {
    return this.synthesizer.synthesize(query.original, await this.retriever.search(query), options);
  }

  /**
   * "还有呢": the question again, answered from the passages it finds that were not shown yet. What
   * is not answered from the passages (a report's own list, both laws side by side) comes out as
   * before: the caller sees nothing new in it.
   */
  async answerMore(query: ParsedQuery, shown: (p: Passage) => boolean, options?: AnswerOptions): Promise<Answer> {
    const retrieval = await this.retriever.search(query);
    const passages = retrieval.passages.filter((p) => !shown(p));
    return this.synthesizer.synthesize(query.original, { ...retrieval, passages }, options);
  }

  /** Answers a question on its own: checked, read, searched, synthesized. */
  async answer(question: string, options?: AnswerOptions): Promise<Answer> {
    const problem = this.check(question);
    if (problem) return { question, answer: problem, found: false, citations: [], notice: true };
    return this.answerQuery(this.understand(question), options);
  }
}
