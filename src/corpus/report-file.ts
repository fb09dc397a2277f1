/** One report file -> its cleaned text, metadata and chunks: what ingest and uploads share. */
import { chunkParagraphs, DEFAULT_CHUNK_OPTIONS, layoutLines, outlineParagraphs, type ChunkOptions } from "./chunk.ts";
import { cleanReport } from "./clean.ts";
import { extractText, UnreadableFileError, type ExtractOptions } from "./extract.ts";
import { pageTable, withPages } from "./pages.ts";
import { extractReportMeta, type BureauInfo } from "./report-meta.ts";
import type { Chunk, PageSpan, ReportMeta } from "./types.ts";

/** A report read from its bytes. */
export interface ReadReport {
  meta: ReportMeta;
  /** The cleaned full text the chunks' offsets refer to. */
  text: string;
  /** Paged formats (PDF): where each page starts in `text`. */
  pages?: PageSpan[];
  chunks: Chunk[];
  /** The format read ("txt", "docx", …). */
  format: string;
}

/**
 * Reads a report: extract the text, clean it, read its metadata, chunk it. `id` is the document id
 * (the file name with its extension), `source` the path shown in citations; `ocr` and `onProgress`
 * are for scanned PDFs and images (extractText). Chunks of a PDF carry their pages. Throws
 * UnreadableFileError with a reason when the file cannot be used.
 */
export async function readReport(
  id: string,
  source: string,
  bytes: Uint8Array,
  options: { bureaus?: Record<string, BureauInfo>; chunkOptions?: ChunkOptions } & ExtractOptions = {},
): Promise<ReadReport> {
  const { text: raw, format, pageStarts } = await extractText(id, bytes, options);
  const cleaned = cleanReport(raw);
  const meta = extractReportMeta(cleaned, id, source, options.bureaus);
  const { text, offsets } = layoutLines(cleaned.lines);
  const chunks = chunkParagraphs(
    id,
    text,
    outlineParagraphs(cleaned.lines, offsets),
    options.chunkOptions ?? DEFAULT_CHUNK_OPTIONS,
  );
  if (chunks.length === 0) throw new UnreadableFileError("no text left after cleaning", "no-text");
  if (!pageStarts) return { meta, text, chunks, format };
  const pages = pageTable(raw, pageStarts, cleaned.sources, offsets);
  return { meta, text, pages, chunks: chunks.map((c) => withPages(c, pages)), format };
}
