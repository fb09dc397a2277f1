/** The chat model of LLM mode: LangChain's ChatOpenAI against any OpenAI-compatible endpoint. */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

/** What the chat model needs: the endpoint, the model and the call limits. */
export interface ChatModelOptions {
  model: string;
  apiKey: string;
  /** Any OpenAI-compatible `/v1`; OpenAI's own when unset. */
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Builds the chat model; the OpenAI client is imported only then (see createEmbeddings). */
export async function createChatModel(options: ChatModelOptions): Promise<BaseChatModel> {
  const { ChatOpenAI } = await import("@langchain/openai");
  return new ChatOpenAI({
    model: options.model,
    apiKey: options.apiKey,
    temperature: 0,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    // Chat completions: what OpenAI, Ollama, vLLM and LM Studio all serve.
    useResponsesApi: false,
    configuration: options.baseURL ? { baseURL: options.baseURL } : {},
  });
}
