/** The text a chunk is indexed under: its own words plus where it sits (bureau, year, headings). */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";

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
