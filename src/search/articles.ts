/** Looking up a regulation article by number: shared by the retriever and the bot's /article. */
import type { Chunk, RegulationMeta } from "../corpus/types.ts";
import type { Catalog } from "./catalog.ts";

/** The article found, or a message (Chinese) saying why there is none. */
export type ArticleLookup = { chunk: Chunk; regulation: RegulationMeta } | { message: string };

/**
 * Finds article `n` of the regulation titled `title`, or of the one in force when no title is
 * given. A number outside the regulation says how many articles it has.
 */
export function lookupArticle(catalog: Catalog, chunks: Chunk[], n: number, title?: string): ArticleLookup {
  const regulation = title
    ? catalog.regulations.find((r) => r.title === title)
    : (catalog.regulations.find((r) => r.status === "in_force") ?? catalog.regulations[0]);
  if (!regulation) {
    return { message: title ? `现有文档中没有《${title}》的全文。` : "现有文档中没有可查询的条例全文。" };
  }
  const articles = articlesOf(chunks, regulation.id);
  const chunk = articles.find((c) => c.article === n);
  if (!chunk) {
    return {
      message: `《${regulation.title}》共${articles.length}条，没有第${n}条。请输入1到${articles.length}之间的条文序号。`,
    };
  }
  return { chunk, regulation };
}

/** A regulation's article chunks, in the order of the text. */
export function articlesOf(chunks: Chunk[], regulationId: string): Chunk[] {
  return chunks.filter((c) => c.docId === regulationId && c.article !== undefined);
}
