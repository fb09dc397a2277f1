/** The text a chunk is indexed under: its own words plus where it sits (bureau, year, headings). */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { lexicalTerms } from "../text/tokenize.ts";

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

// Term sets depend only on the chunk: computed once per loaded index (keyed weakly by the chunk
// object, so a swapped-out index's entries go with it), not on every query.
const indexTerms = new WeakMap<Chunk, Set<string>>();
const contextTermCache = new WeakMap<Chunk, string[]>();

/** The lexical terms of indexText(chunk, meta), as a set; memoised per chunk. */
export function indexTermSet(chunk: Chunk, meta: DocumentMeta): Set<string> {
  let terms = indexTerms.get(chunk);
  if (!terms) indexTerms.set(chunk, (terms = new Set(lexicalTerms(indexText(chunk, meta)))));
  return terms;
}

/** The lexical terms of indexContext(chunk, meta); memoised per chunk. */
export function contextTerms(chunk: Chunk, meta: DocumentMeta): string[] {
  let terms = contextTermCache.get(chunk);
  if (!terms) contextTermCache.set(chunk, (terms = lexicalTerms(indexContext(chunk, meta))));
  return terms;
}
