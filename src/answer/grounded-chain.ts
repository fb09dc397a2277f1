/**
 * LLM mode as one LangChain runnable: prompt -> chat model -> validation, with `.withFallbacks` to
 * the extractive answer. The extractive answer is computed first (it decides whether a model is
 * asked at all, and it is what any failure shows):
 *
 *   extractive answer ─┬─ not found / exact article / status / reports held ──────> extractive
 *                      └─ GROUNDED_PROMPT -> model -> text ─> validate ──────────────> cited answer
 *                           │ (model error, timeout: fallback)   │ (rejected: fallback)
 *                           └─> extractive + "unavailable" note  └─> extractive + "rejected" note
 *
 * Drafts stream through a DraftStream callback handler given at invocation (model-callbacks.ts).
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { StringOutputParser } from "@langchain/core/output_parsers";
import {
  RunnableBranch,
  RunnableLambda,
  RunnablePassthrough,
  RunnableSequence,
  type Runnable,
} from "@langchain/core/runnables";
import type { Logger } from "pino";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { citationFor } from "./citations.ts";
import type { Synthesizer } from "./engine.ts";
import { ModelFailureLog } from "./model-callbacks.ts";
import { buildPrompt, GROUNDED_PROMPT, promptPassages } from "./prompt.ts";
import type { Answer } from "./types.ts";
import { validateDraft } from "./validate.ts";

/** Notes shown (briefly) when the model's answer is not used. */
export const FALLBACK_NOTES = {
  unavailable: "（语言模型暂时不可用，以下为原文摘录。）",
  rejected: "（模型生成的回答未通过核对，以下为原文摘录。）",
} as const;

/** What the chain answers from: the question as reported, and the retrieval made for it. */
export type GroundedInput = {
  question: string;
  retrieval: Retrieval;
};

/** The input with what the chain adds before the model: the extractive answer and the passages shown. */
type Grounding = GroundedInput & {
  extractive: Answer;
  passages: Passage[];
};

/** A model's draft that failed the mechanical checks (validate.ts). */
export class DraftRejectedError extends Error {
  override name = "DraftRejectedError";
  constructor(readonly reason: string) {
    super(`model answer rejected: ${reason}`);
  }
}

/** What the chain is built from. */
export interface GroundedChainOptions {
  model: BaseChatModel;
  /** Writes the extractive answer: the fallback, and the judge of whether a model is asked. */
  extractive: Synthesizer;
  log: Logger;
  /** Passages given to the model. */
  maxPassages: number;
  /** Timeout of the prompt and model call, in milliseconds (on top of the client's own). */
  timeoutMs: number;
}

/** The LLM-mode answer chain: `{ question, retrieval }` in, a cited Answer out; it never throws for a model failure. */
export function groundedAnswerChain(options: GroundedChainOptions): Runnable<GroundedInput, Answer> {
  const { log } = options;

  const ground = RunnableLambda.from(async (input: GroundedInput): Promise<Grounding> => ({
    ...input,
    extractive: await options.extractive.synthesize(input.question, input.retrieval),
    passages: promptPassages(input.retrieval, options.maxPassages),
  })).withConfig({ runName: "Ground" });

  // prompt -> ChatOpenAI -> text, bounded by the timeout (the fallbacks outside run without it).
  const generate = RunnableSequence.from([
    RunnableLambda.from((g: Grounding) =>
      buildPrompt(g.retrieval.query.text, g.passages, { byBureau: g.retrieval.query.intent.compare }),
    ),
    GROUNDED_PROMPT,
    options.model,
    new StringOutputParser(),
  ]).withConfig({ runName: "Generate", timeout: options.timeoutMs, callbacks: [new ModelFailureLog(log)] });

  // The draft's markers must point at passages given, and its numbers be in the passages cited.
  const validate = RunnableLambda.from(({ draft, ...g }: Grounding & { draft: string }): Answer => {
    const verdict = validateDraft(
      draft,
      g.passages.map((p) => p.chunk.text),
    );
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, "model answer rejected; extractive answer shown");
      throw new DraftRejectedError(verdict.reason);
    }
    if (verdict.dropped.length) log.info({ dropped: verdict.dropped }, "dropped citation markers outside the passages");
    const citations = verdict.cited.map((n, i) => {
      const p = g.passages[n - 1]!;
      return citationFor(i + 1, p.chunk, p.doc, p.chunk.text);
    });
    return { question: g.question, answer: verdict.text, found: true, citations };
  }).withConfig({ runName: "Validate" });

  const extractiveWith = (note: string) =>
    RunnableLambda.from((g: Grounding): Answer => ({
      ...g.extractive,
      answer: `${note}\n${g.extractive.answer}`,
    })).withConfig({ runName: "ExtractiveFallback" });

  const grounded = RunnableSequence.from([
    RunnablePassthrough.assign({ draft: generate }),
    validate.withFallbacks([extractiveWith(FALLBACK_NOTES.rejected)]),
  ]).withFallbacks([extractiveWith(FALLBACK_NOTES.unavailable)]);

  // Below the threshold, out of scope, or an exact article / status lookup: no model call.
  const modelUnneeded = (g: Grounding) =>
    !g.extractive.found || !!g.retrieval.direct || !!g.retrieval.status || !!g.retrieval.inventory;
  return RunnableSequence.from([
    ground,
    RunnableBranch.from<Grounding, Answer>([[modelUnneeded, (g: Grounding) => g.extractive], grounded]),
  ]).withConfig({ runName: "GroundedAnswer" });
}
