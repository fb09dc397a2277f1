/** The answer contract shared by the CLI, the bot and the evaluation (see README: ask --json). */

/** One source an answer cites. */
export interface Citation {
  /** The [n] marker number, from 1, in rank order. */
  n: number;
  kind: "report" | "regulation";
  /** Report title, or the regulation's title. */
  title: string;
  bureau?: string;
  year?: number;
  /** 信访工作条例 or 信访条例. */
  regulation?: string;
  article?: number;
  /** Heading path (reports) or chapter (regulations). */
  section?: string;
  /** Source file path, relative to the project root. */
  source: string;
  /** Paged sources (PDF): the page the quote is on, from 1. */
  page?: number;
  /** The last page the quote runs onto, when it crosses a page break. */
  pageEnd?: number;
  /** The verbatim text the answer relies on. */
  quote: string;
}

/** An answer with its citations. */
export interface Answer {
  question: string;
  /** The answer text, with [n] markers; Chinese. */
  answer: string;
  /** False when the documents do not answer the question (the text then says why). */
  found: boolean;
  citations: Citation[];
  /** Figures, dates or names in the answer that answer the question (set in bold by the bot). */
  highlights?: string[];
  /** Set on a notice that is not an answer from the documents (a question that cannot be searched, small talk). */
  notice?: boolean;
}

/** Per-call options of an answerer. */
export interface AnswerOptions {
  /** Receives the growing draft while a model streams (LLM mode only; never validated yet). */
  onDraft?: (text: string) => void;
}

/** Anything that turns retrieved passages into an answer. */
export interface Answerer {
  answer(question: string, options?: AnswerOptions): Promise<Answer>;
}

/** The fields of the `ask --json` contract, in order, and nothing else. */
export function answerContract(a: Answer): Answer {
  return { question: a.question, answer: a.answer, found: a.found, citations: a.citations };
}
