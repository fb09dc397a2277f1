/** Building citations from passages and formatting them for people. */
import { pagesOfRange } from "../corpus/pages.ts";
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { toChineseNumeral } from "../text/numerals.ts";
import type { Citation } from "./types.ts";

/**
 * The pages a quote from a chunk of a paged source (PDF) lies on: its parts (between "…") found in
 * the chunk's text, else the chunk's own pages; {} for other sources.
 */
export function quotePages(chunk: Chunk, quote: string): { page?: number; pageEnd?: number } {
  if (chunk.page === undefined) return {};
  const found = quote
    .split(/…+/)
    .filter(Boolean)
    .map((part) => ({ at: chunk.text.indexOf(part), length: part.length }))
    .filter((p) => p.at >= 0);
  if (found.length === 0) {
    return chunk.pageEnd !== undefined ? { page: chunk.page, pageEnd: chunk.pageEnd } : { page: chunk.page };
  }
  const start = Math.min(...found.map((p) => p.at));
  const end = Math.max(...found.map((p) => p.at + p.length));
  return pagesOfRange(chunk, start, end);
}

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
      ...quotePages(chunk, quote),
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

/** "第2页", "第2–3页", or "" when the page is not known. */
export function pageLabel(c: Pick<Citation, "page" | "pageEnd">): string {
  if (c.page === undefined) return "";
  return c.pageEnd !== undefined && c.pageEnd !== c.page ? `第${c.page}–${c.pageEnd}页` : `第${c.page}页`;
}

/**
 * "惠安县人民政府信访局 · 2023年 · 一、… > （二）…" (with " · 第2页" for a PDF), or
 * "《信访工作条例》第三十六条（第四章 …）".
 */
export function citationLabel(c: Citation): string {
  if (c.kind === "report") {
    return [c.bureau, c.year !== undefined ? `${c.year}年` : undefined, c.section ?? "报告正文开头", pageLabel(c)]
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
 * "惠安县人民政府信访局《2023年度法治政府建设工作年度报告》一、… > （二）…" (the bureau not repeated in the title;
 * "，第2页" after it for a PDF).
 */
export function citationReference(c: Citation): string {
  if (c.kind === "regulation") {
    const article = c.article !== undefined ? `第${toChineseNumeral(c.article)}条` : (c.section ?? "");
    return `《${c.regulation ?? c.title}》${article}`;
  }
  const bureau = c.bureau ?? "";
  const title =
    bureau && c.title.startsWith(bureau) && c.title.length > bureau.length ? c.title.slice(bureau.length) : c.title;
  const page = pageLabel(c);
  return `${bureau}《${title}》${c.section ?? ""}${page ? `，${page}` : ""}`;
}
