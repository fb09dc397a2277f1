/** The text a chunk is indexed under: its own words plus where it sits (bureau, year, headings). */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { normalizeForMatch } from "../text/script.ts";

/**
 * Prefixes a chunk with its document's identity and its heading path, so "惠安 2023 律师" finds a
 * passage whose own sentences name neither the bureau nor the year.
 */
export function indexText(chunk: Chunk, meta: DocumentMeta): string {
  return `${indexContext(chunk, meta)}\n${chunk.text}`;
}

/** The part of indexText that is not the chunk's own text: document identity and headings. */
export function indexContext(chunk: Chunk, meta: DocumentMeta): string {
  const where =
    meta.kind === "report"
      ? `${meta.bureau} ${meta.aliases.join(" ")} ${meta.year}年 ${meta.title}`
      : `《${meta.title}》 ${chunk.chapter ?? ""}`;
  return `${where}\n${chunk.headingPath.join(" ")}`;
}

// Depends only on the chunk: computed once per loaded index (keyed weakly by the chunk object, so a
// swapped-out index's entries go with it), not for every sentence of every answer.
const contextCache = new WeakMap<Chunk, string>();

/** indexContext(chunk, meta), normalised for matching; memoised per chunk. */
export function normalizedContext(chunk: Chunk, meta: DocumentMeta): string {
  let context = contextCache.get(chunk);
  if (context === undefined) contextCache.set(chunk, (context = normalizeForMatch(indexContext(chunk, meta))));
  return context;
}
