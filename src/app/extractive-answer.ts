/**
 * The extractive answer to a question, whatever the engine's mode: quoted from the documents, no
 * chat model called. For what is asked at every keystroke (inline queries), where a model's cost
 * and latency would be paid for answers nobody reads.
 */
import type { QueryEngine } from "../answer/engine.ts";
import { DEFAULT_EXTRACTIVE_OPTIONS, ExtractiveSynthesizer } from "../answer/extractive.ts";
import type { Answer } from "../answer/types.ts";

/** Checks, reads and searches `question` with `engine`, then quotes the passages found (as offline mode does). */
export async function extractiveAnswer(engine: QueryEngine, question: string): Promise<Answer> {
  const problem = engine.check(question);
  if (problem) return { question, answer: problem, found: false, citations: [], notice: true };
  const query = engine.understand(question);
  // The same synthesizer the pipeline builds (and LLM mode falls back to); it holds no state.
  const extractive = new ExtractiveSynthesizer(engine.catalog, DEFAULT_EXTRACTIVE_OPTIONS);
  return extractive.synthesize(query.original, await engine.retrieve(query));
}
