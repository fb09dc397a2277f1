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
  return `${whereLine(chunk, meta)}\n${chunk.headingPath.join(" ")}`;
}

/** The first line of indexContext: the document (and a law's chapter). */
function whereLine(chunk: Chunk, meta: DocumentMeta): string {
  return meta.kind === "report"
    ? `${meta.bureau} ${meta.aliases.join(" ")} ${meta.year}年 ${meta.title}`
    : `《${meta.title}》 ${chunk.chapter ?? ""}`;
}

/**
 * The normalised parts of contexts, memoised by what they depend on: a document's line (with the
 * chapter, for a law) and a heading path (an array a loaded index shares among its chunks), so a
 * chunk's context costs two lookups, not a conversion of its whole text. Keyed weakly: a swapped-out
 * index's entries go with it. No conversion spans a line break, so the joined parts are exactly
 * the normalised whole.
 */
const whereCache = new WeakMap<DocumentMeta, Map<string, string>>();
const headingsCache = new WeakMap<string[], string>();

/** indexContext(chunk, meta), normalised for matching. */
export function normalizedContext(chunk: Chunk, meta: DocumentMeta): string {
  let byChapter = whereCache.get(meta);
  if (!byChapter) whereCache.set(meta, (byChapter = new Map()));
  const chapter = chunk.chapter ?? "";
  let where = byChapter.get(chapter);
  if (where === undefined) byChapter.set(chapter, (where = normalizeForMatch(whereLine(chunk, meta))));
  let headings = headingsCache.get(chunk.headingPath);
  if (headings === undefined)
    headingsCache.set(chunk.headingPath, (headings = normalizeForMatch(chunk.headingPath.join(" "))));
  return `${where}\n${headings}`;
}
