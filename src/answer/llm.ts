/**
 * LLM mode: retrieval first, then a model writes the answer from the numbered passages, then the
 * draft is checked mechanically. Anything that fails (no relevant passage, a model error or
 * timeout, a refusal, an unsupported number, no valid citation) yields the extractive answer. The
 * work is one LangChain runnable (grounded-chain.ts); this is the synthesizer the engine calls.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Runnable } from "@langchain/core/runnables";
import type { Logger } from "pino";
import type { Retrieval } from "../search/retriever.ts";
import type { Synthesizer } from "./engine.ts";
import { groundedAnswerChain, type GroundedInput } from "./grounded-chain.ts";
import { DraftStream } from "./model-callbacks.ts";
import { promptPassages } from "./prompt.ts";
import type { Answer, AnswerOptions } from "./types.ts";

export { FALLBACK_NOTES } from "./grounded-chain.ts";

/** Tuning of the LLM answerer. */
export interface LlmOptions {
  /** Passages given to the model. */
  maxPassages: number;
  /** Per-call timeout in milliseconds (on top of the client's own). */
  timeoutMs: number;
}

/** Passages a model is given by default: enough for a figure and its context, or six reports. */
export const DEFAULT_LLM_PASSAGES = 6;

/** LLM mode's synthesizer: a grounded, validated draft, or the extractive answer. */
export class LlmSynthesizer implements Synthesizer {
  /** The answer chain: prompt -> chat model -> validation, falling back to the extractive answer. */
  readonly chain: Runnable<GroundedInput, Answer>;

  constructor(
    /** The chat model (also used by quiz mode for proposed questions). */
    readonly model: BaseChatModel,
    fallback: Synthesizer,
    log: Logger,
    private readonly options: LlmOptions,
  ) {
    this.chain = groundedAnswerChain({ model, extractive: fallback, log, ...options });
  }

  /** Runs the chain; with `onDraft`, the model streams and each draft is shown (markers kept to the passages). */
  synthesize(question: string, retrieval: Retrieval, options: AnswerOptions = {}): Promise<Answer> {
    const { onDraft } = options;
    const callbacks = onDraft
      ? [new DraftStream(onDraft, promptPassages(retrieval, this.options.maxPassages).length)]
      : [];
    return this.chain.invoke({ question, retrieval }, { callbacks });
  }
}
