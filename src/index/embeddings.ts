/** Choice of embeddings provider from Config, behind LangChain's Embeddings interface. */
import type { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.ts";
import { LocalHashEmbeddings } from "./local-embeddings.ts";

/** An embedder plus what identifies its vectors (recorded in the index manifest). */
export interface EmbeddingsProvider {
  embeddings: Embeddings;
  provider: "local" | "openai";
  model: string;
}

/** Builds the configured embeddings provider. */
export function createEmbeddings(config: Config): EmbeddingsProvider {
  if (config.embeddings.provider === "local") {
    const local = new LocalHashEmbeddings();
    return { embeddings: local, provider: "local", model: `${local.model}-${local.dimensions}` };
  }
  const embeddings = new OpenAIEmbeddings({
    model: config.embeddings.model,
    apiKey: config.openai.apiKey,
    timeout: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
    batchSize: 64,
    configuration: config.openai.baseURL ? { baseURL: config.openai.baseURL } : {},
  });
  return { embeddings, provider: "openai", model: config.embeddings.model };
}
