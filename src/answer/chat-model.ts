/** The chat model of LLM mode: LangChain's ChatOpenAI against any OpenAI-compatible endpoint. */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../config.ts";

/** Builds the configured chat model, or undefined when LLM mode is off (no OPENAI_API_KEY). */
export function createChatModel(config: Config): BaseChatModel | undefined {
  if (!config.llm || !config.openai.apiKey) return undefined;
  return new ChatOpenAI({
    model: config.llm.model,
    apiKey: config.openai.apiKey,
    temperature: 0,
    timeout: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
    // Chat completions: what OpenAI, Ollama, vLLM and LM Studio all serve.
    useResponsesApi: false,
    configuration: config.openai.baseURL ? { baseURL: config.openai.baseURL } : {},
  });
}
