/** Choice of embeddings provider, behind LangChain's Embeddings interface. */
import type { Embeddings } from "@langchain/core/embeddings";
import { LocalHashEmbeddings } from "./local-embeddings.ts";

/** An embedder plus what identifies its vectors (recorded in the index manifest). */
export interface EmbeddingsProvider {
  embeddings: Embeddings;
  provider: "local" | "openai";
  model: string;
}

/** Which embedder to build: the offline local one, or an OpenAI-compatible endpoint's model. */
export type EmbeddingsOptions =
  | { provider: "local" }
  | { provider: "openai"; model: string; apiKey: string; baseURL?: string; timeoutMs: number; maxRetries: number };

/**
 * Builds the embeddings provider. The OpenAI client is imported only when it is used: its modules
 * take about a second to load, which an offline start would spend for nothing.
 */
export async function createEmbeddings(options: EmbeddingsOptions): Promise<EmbeddingsProvider> {
  if (options.provider === "local") {
    const local = new LocalHashEmbeddings();
    return { embeddings: local, provider: "local", model: `${local.model}-${local.dimensions}` };
  }
  const { OpenAIEmbeddings } = await import("@langchain/openai");
  const embeddings = new OpenAIEmbeddings({
    model: options.model,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    batchSize: 64,
    configuration: options.baseURL ? { baseURL: options.baseURL } : {},
  });
  return { embeddings, provider: "openai", model: options.model };
}
