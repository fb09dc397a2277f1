/** Building citations from passages and formatting them for people. */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { toChineseNumeral } from "../text/numerals.ts";
import type { Citation } from "./types.ts";

/** The citation of a quote taken from a chunk. */
export function citationFor(n: number, chunk: Chunk, doc: DocumentMeta, quote: string): Citation {
  if (doc.kind === "report") {
    return {
      n,
      kind: "report",
      title: doc.title,
      bureau: doc.bureau,
      year: doc.year,
      ...(chunk.headingPath.length > 0 ? { section: chunk.headingPath.join(" > ") } : {}),
      source: doc.source,
      quote,
    };
  }
  return {
    n,
    kind: "regulation",
    title: doc.title,
    regulation: doc.title,
    ...(chunk.article !== undefined ? { article: chunk.article } : {}),
    ...(chunk.chapter ? { section: chunk.chapter } : {}),
    source: doc.source,
    quote,
  };
}

/** "惠安县人民政府信访局 · 2023年 · 一、… > （二）…" or "《信访工作条例》第三十六条（第四章 …）". */
export function citationLabel(c: Citation): string {
  if (c.kind === "report") {
    return [c.bureau, c.year !== undefined ? `${c.year}年` : undefined, c.section ?? "报告正文开头"]
      .filter(Boolean)
      .join(" · ");
  }
  const article = c.article !== undefined ? `第${toChineseNumeral(c.article)}条` : "";
  return `《${c.regulation ?? c.title}》${article}${c.section ? `（${c.section}）` : ""}`;
}

/** The plain-text source list printed under an answer. */
export function formatSources(citations: Citation[]): string {
  if (citations.length === 0) return "";
  return ["来源：", ...citations.map((c) => `[${c.n}] ${citationLabel(c)}\n    ${c.source}`)].join("\n");
}

/**
 * The citation as one would write it in a document: "《信访工作条例》第三十四条", or
 * "惠安县人民政府信访局《2023年度法治政府建设工作年度报告》一、… > （二）…" (the bureau not repeated in the title).
 */
export function citationReference(c: Citation): string {
  if (c.kind === "regulation") {
    const article = c.article !== undefined ? `第${toChineseNumeral(c.article)}条` : (c.section ?? "");
    return `《${c.regulation ?? c.title}》${article}`;
  }
  const bureau = c.bureau ?? "";
  const title =
    bureau && c.title.startsWith(bureau) && c.title.length > bureau.length ? c.title.slice(bureau.length) : c.title;
  return `${bureau}《${title}》${c.section ?? ""}`;
}
