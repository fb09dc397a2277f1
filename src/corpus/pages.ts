/**
 * Pages of a paged source (PDF): which page an offset of the cleaned text lies on, carried from
 * the extracted text through cleaning into chunks, so citations can name the page.
 */
import type { Chunk, PageSpan } from "./types.ts";
import type { LineSource } from "./clean.ts";

/** The page at an offset: the last span starting at or before it (the first span's page before that). */
export function pageAt(spans: readonly PageSpan[], offset: number): number | undefined {
  let page = spans[0]?.page;
  for (const span of spans) {
    if (span.start > offset) break;
    page = span.page;
  }
  return page;
}

/** Offsets where each line of a text starts, split as cleanReport splits (\r\n, \r or \n). */
function lineStarts(raw: string): number[] {
  const starts = [0];
  for (const m of raw.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * The page table of a cleaned text: `pageStarts` are the offsets in the raw text where pages 1, 2, …
 * start; `sources` tell, for each cleaned line, which raw lines it was made of (cleanReport), and
 * `offsets` where each cleaned line starts in the cleaned text. Spans are in text order, one per
 * change of page.
 */
export function pageTable(
  raw: string,
  pageStarts: readonly number[],
  sources: readonly (readonly LineSource[])[],
  offsets: readonly number[],
): PageSpan[] {
  const starts = lineStarts(raw);
  let page = 0;
  const pageOfLine = starts.map((start) => {
    while (page < pageStarts.length && pageStarts[page]! <= start) page++;
    return Math.max(page, 1);
  });
  const spans: PageSpan[] = [];
  sources.forEach((pieces, i) => {
    for (const piece of pieces) {
      const p = pageOfLine[piece.line] ?? 1;
      if (spans.at(-1)?.page !== p) spans.push({ page: p, start: offsets[i]! + piece.at });
    }
  });
  return spans;
}

/**
 * A chunk with the page it starts on and, when it runs onto later pages, the page it ends on and
 * where in its text each later page starts (so a quote inside it can be given its own page).
 */
export function withPages(chunk: Chunk, spans: readonly PageSpan[]): Chunk {
  const page = pageAt(spans, chunk.start);
  if (page === undefined) return chunk;
  const inside = spans
    .filter((s) => s.start > chunk.start && s.start < chunk.end)
    .map((s) => ({ page: s.page, start: s.start - chunk.start }));
  const last = inside.at(-1)?.page;
  return last !== undefined && last !== page
    ? { ...chunk, page, pageEnd: last, pageSpans: [{ page, start: 0 }, ...inside] }
    : { ...chunk, page };
}

/** The pages a passage of a chunk's text lies on ([start, end) offsets into `chunk.text`). */
export function pagesOfRange(chunk: Chunk, start: number, end: number): { page?: number; pageEnd?: number } {
  if (chunk.page === undefined) return {};
  if (!chunk.pageSpans) return { page: chunk.page };
  const first = pageAt(chunk.pageSpans, start)!;
  const last = pageAt(chunk.pageSpans, Math.max(start, end - 1))!;
  return last !== first ? { page: first, pageEnd: last } : { page: first };
}

const PAGE_NUMBER = /^(?:[-—–－―\s]*\d{1,3}[-—–－―\s]*|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})$/;

/** A line that is only a page number: "- 2 -", "—3—", "4", "第5页 共12页", "6/12". */
export function isPageNumberLine(line: string): boolean {
  return PAGE_NUMBER.test(line.trim());
}

/** One page's lines without a page number printed as its first or last line. */
export function dropPageNumbers(lines: string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from]!.trim() === "") from++;
  while (to > from && lines[to - 1]!.trim() === "") to--;
  if (to > from && isPageNumberLine(lines[to - 1]!)) to--;
  if (to > from && isPageNumberLine(lines[from]!)) from++;
  return lines.slice(from, to);
}
