/**
 * LangChain callback handlers of LLM mode: one shows the growing draft while the model streams,
 * the other logs why a model call failed (the fallback that follows cannot see the error).
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Logger } from "pino";
import { stripInvalidMarkers } from "./validate.ts";

/**
 * Passes the growing draft to `onDraft`, never with a marker outside the `passages` given. Its
 * presence makes a chat model stream even when the chain is invoked rather than streamed, so a
 * call nobody watches stays a plain request. One per answer: it accumulates the draft.
 */
export class DraftStream extends BaseCallbackHandler {
  name = "DraftStream";
  /** Asks chat models to stream their tokens through handleLLMNewToken. */
  readonly lc_prefer_streaming = true;
  private draft = "";

  constructor(
    private readonly onDraft: (text: string) => void,
    private readonly passages: number,
  ) {
    // Awaited, so every draft is shown before the chain returns its answer.
    super({ _awaitHandler: true });
  }

  override handleLLMNewToken(token: string): void {
    if (!token) return;
    this.draft += token;
    this.onDraft(stripInvalidMarkers(this.draft, this.passages));
  }
}

/** Logs a failed model call (HTTP error, timeout, rate limit) with its cause. */
export class ModelFailureLog extends BaseCallbackHandler {
  name = "ModelFailureLog";

  constructor(private readonly log: Logger) {
    super({ _awaitHandler: true });
  }

  override handleLLMError(error: unknown): void {
    this.log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "model call failed; extractive answer shown",
    );
  }
}
