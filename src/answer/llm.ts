/**
 * LLM mode: retrieval first, then a model writes the answer from the numbered passages, then the
 * draft is checked mechanically. Anything that fails (no relevant passage, a model error or
 * timeout, a refusal, an unsupported number, no valid citation) yields the extractive answer.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Logger } from "pino";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { citationFor } from "./citations.ts";
import type { Synthesizer } from "./engine.ts";
import { buildPrompt } from "./prompt.ts";
import type { Answer, AnswerOptions } from "./types.ts";
import { stripInvalidMarkers, validateDraft } from "./validate.ts";

/** Tuning of the LLM answerer. */
export interface LlmOptions {
  /** Passages given to the model. */
  maxPassages: number;
  /** Per-call timeout in milliseconds (on top of the client's own). */
  timeoutMs: number;
}

/** Passages a model is given by default: enough for a figure and its context, or six reports. */
export const DEFAULT_LLM_PASSAGES = 6;

/** Notes shown (briefly) when the model's answer is not used. */
export const FALLBACK_NOTES = {
  unavailable: "（语言模型暂时不可用，以下为原文摘录。）",
  rejected: "（模型生成的回答未通过核对，以下为原文摘录。）",
} as const;

/** Text of a chat model's output message (string or content parts). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content.map((p) => (typeof p === "string" ? p : ((p as { text?: string }).text ?? ""))).join("");
  return "";
}

/** LLM mode's synthesizer: a grounded, validated draft, or the extractive answer. */
export class LlmSynthesizer implements Synthesizer {
  constructor(
    /** The chat model (also used by quiz mode for proposed questions). */
    readonly model: BaseChatModel,
    private readonly fallback: Synthesizer,
    private readonly log: Logger,
    private readonly options: LlmOptions,
  ) {}

  async synthesize(question: string, retrieval: Retrieval, options: AnswerOptions = {}): Promise<Answer> {
    const fallback = await this.fallback.synthesize(question, retrieval);
    // Below the threshold, out of scope, or an exact article / status lookup: no model call.
    if (!fallback.found || retrieval.direct || retrieval.status) return fallback;

    const passages = this.promptPassages(retrieval);
    const { system, user } = buildPrompt(retrieval.query.text, passages, { byBureau: retrieval.query.intent.compare });
    let draft: string;
    try {
      const onDraft = options.onDraft;
      // Drafts are shown unvalidated while streaming, but never with a marker outside the passages.
      draft = await this.generate(
        [new SystemMessage(system), new HumanMessage(user)],
        onDraft && ((text) => onDraft(stripInvalidMarkers(text, passages.length))),
      );
    } catch (error) {
      this.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "model call failed; extractive answer shown",
      );
      return { ...fallback, answer: `${FALLBACK_NOTES.unavailable}\n${fallback.answer}` };
    }
    const verdict = validateDraft(
      draft,
      passages.map((p) => p.chunk.text),
    );
    if (!verdict.ok) {
      this.log.warn({ reason: verdict.reason }, "model answer rejected; extractive answer shown");
      return { ...fallback, answer: `${FALLBACK_NOTES.rejected}\n${fallback.answer}` };
    }
    if (verdict.dropped.length)
      this.log.info({ dropped: verdict.dropped }, "dropped citation markers outside the passages");
    const citations = verdict.cited.map((n, i) => {
      const p = passages[n - 1]!;
      return citationFor(i + 1, p.chunk, p.doc, p.chunk.text);
    });
    return { question, answer: verdict.text, found: true, citations };
  }

  /** The passages given to the model: the best ones, and for cross-report questions every report's best. */
  private promptPassages(retrieval: Retrieval): Passage[] {
    const { maxPassages } = this.options;
    if (!retrieval.query.intent.compare) return retrieval.passages.slice(0, maxPassages);
    const firstOfDoc = retrieval.passages.filter((p, i, all) => all.findIndex((q) => q.doc.id === p.doc.id) === i);
    const rest = retrieval.passages.filter((p) => !firstOfDoc.includes(p));
    return [...firstOfDoc, ...rest].slice(0, maxPassages);
  }

  /** One model call, streamed when someone is watching the draft; bounded by the timeout. */
  private async generate(
    messages: (SystemMessage | HumanMessage)[],
    onDraft?: (text: string) => void,
  ): Promise<string> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    if (!onDraft) return textOf((await this.model.invoke(messages, { signal })).content);
    let text = "";
    for await (const chunk of await this.model.stream(messages, { signal })) {
      text += textOf(chunk.content);
      onDraft(text);
    }
    return text;
  }
}
