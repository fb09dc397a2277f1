/**
 * Text from a report file, whatever its format: .txt/.md (UTF-8, UTF-16 or GB18030, detected from
 * the bytes), .docx (paragraphs and tables), .doc and .doc-compatible .wps, .pdf (the text layer,
 * scanned pages by OCR; pdf.ts), .html (the article body without navigation, scripts and footers),
 * .png/.jpg images by OCR (image.ts). Unreadable files throw UnreadableFileError with a reason a
 * user can act on. The parsers (cheerio, mammoth, word-extractor, pdfjs) are imported by the first
 * file that needs them, so starting with a built index never pays for them.
 */
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import { errorMessage } from "../errors.ts";
import { decodeText } from "./decode.ts";
import { htmlTableLines, isDataTable } from "./html-tables.ts";
import { readImage } from "./image.ts";
import type { OcrEngine } from "./ocr.ts";
import { readPdf } from "./pdf.ts";
import { UnreadableFileError } from "./unreadable.ts";
import { isOleFile, wordDocText } from "./word-doc.ts";

export { UnreadableFileError, type UnreadableReason } from "./unreadable.ts";

/** The extensions read as reports. */
export const SUPPORTED_EXTENSIONS = [
  ".txt",
  ".md",
  ".docx",
  ".doc",
  ".wps",
  ".pdf",
  ".html",
  ".htm",
  ".png",
  ".jpg",
  ".jpeg",
] as const;

/** A file's text, the format read and, for a PDF, where each page starts. */
export interface ExtractedText {
  text: string;
  format: string;
  /** Paged formats (PDF): the offsets in `text` where pages 1, 2, … start. */
  pageStarts?: number[];
}

/** How scanned pages and images are read. */
export interface ExtractOptions {
  /**
   * Reads scanned PDF pages and images; without one they are refused as "ocr-unavailable" (the
   * application passes one engine, cached, for all files: createApp).
   */
  ocr?: OcrEngine;
  /** Progress lines for long reads (OCR, page by page) and a line for each page that cannot be read. */
  onProgress?: (line: string) => void;
}

/** Extracts plain text, one paragraph a line. */
export async function extractText(
  fileName: string,
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<ExtractedText> {
  const ext = path.extname(fileName).toLowerCase();
  if (bytes.length === 0) throw new UnreadableFileError("the file is empty", "empty");
  const ocrOptions = { name: path.basename(fileName), ocr: options.ocr, onProgress: options.onProgress };
  let text: string;
  let pageStarts: number[] | undefined;
  switch (ext) {
    case ".txt":
    case ".md":
      text = decodeText(bytes).text;
      break;
    case ".docx":
      // An old .doc renamed to .docx is still a .doc.
      text = isOleFile(bytes) ? await wordBinaryText(".doc", bytes) : await docxText(bytes);
      break;
    case ".doc":
    case ".wps":
      text = await wordBinaryText(ext, bytes);
      break;
    case ".pdf":
      ({ text, pageStarts } = await readPdf(bytes, ocrOptions));
      break;
    case ".png":
    case ".jpg":
    case ".jpeg":
      text = await readImage(bytes, ocrOptions);
      break;
    case ".html":
    case ".htm":
      text = await htmlText(decodeHtml(bytes));
      break;
    default:
      throw new UnreadableFileError(
        `unsupported file type "${ext || "(none)"}"; supported: ${SUPPORTED_EXTENSIONS.join(" ")}`,
        "unsupported-type",
      );
  }
  if (text.replace(/\s/g, "").length === 0) throw new UnreadableFileError("no text in the file", "no-text");
  return { text, format: ext.slice(1), ...(pageStarts ? { pageStarts } : {}) };
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw new UnreadableFileError(`not a readable .docx file (${firstLine(error)})`, "bad-docx", { cause: error });
  }
  const cheerio = await import("cheerio");
  return blocksOf(cheerio.load(html), "body");
}

/** The first line of an error's message (parsers put a stack of details below it). */
function firstLine(error: unknown): string {
  return errorMessage(error).split("\n")[0]!;
}

/**
 * A Word 97–2003 file (.doc), or a WPS Office file saved in that format (.wps, an OLE compound
 * file like .doc). A .doc that is really a .docx or a web page (both common renamings) is read as
 * one; any other .wps is refused with its own reason.
 */
async function wordBinaryText(ext: ".doc" | ".wps", bytes: Uint8Array): Promise<string> {
  const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1");
  if (ext === ".doc" && head.startsWith("PK\u0003\u0004")) return docxText(bytes);
  if (ext === ".doc" && /^(\ufeff|\xef\xbb\xbf)?\s*<(!doctype html|html)/i.test(head)) return htmlText(decodeHtml(bytes));
  const wps = ext === ".wps";
  if (!isOleFile(bytes)) {
    throw wps
      ? new UnreadableFileError("unsupported WPS format: not a .doc-compatible (OLE) file; save it as .docx or .doc", "unsupported-wps")
      : new UnreadableFileError("not a Word 97–2003 .doc file (no OLE signature)", "bad-doc");
  }
  try {
    return await wordDocText(bytes);
  } catch (error) {
    const why = firstLine(error);
    throw wps
      ? new UnreadableFileError(`unsupported WPS format: an OLE file but not a Word document (${why})`, "unsupported-wps", { cause: error })
      : new UnreadableFileError(`not a readable .doc file (${why})`, "bad-doc", { cause: error });
  }
}

/**
 * Paragraph-like blocks as lines; a data table becomes its caption and one line per row with its
 * headers (html-tables.ts), while a layout table's cells are read as blocks.
 */
function blocksOf($: CheerioAPI, root: string): string {
  const lines: string[] = [];
  const dataTables = new Set($(root).find("table").filter((_, t) => isDataTable($, $(t))).toArray());
  $(root)
    .find("h1,h2,h3,h4,h5,h6,p,li,table,td,th,pre,blockquote,div")
    .each((_, el) => {
      const node = $(el);
      if (node.parents("table").toArray().some((t) => dataTables.has(t))) return; // the table speaks
      if (el.tagName === "table") {
        if (dataTables.has(el)) lines.push(...htmlTableLines($, node));
        return;
      }
      if (/^(div|td|th)$/.test(el.tagName) && node.find("h1,h2,h3,h4,h5,h6,p,li,div,table").length > 0) return; // a container
      if (el.tagName === "p" && node.parents("li").length > 0) return;
      const text = node.text().replace(/[ \t\r\n]+/g, " ").trim();
      if (text) lines.push(text);
    });
  return lines.join("\n");
}

/** Decodes an HTML page: its declared charset when there is one, else detected like a text file. */
function decodeHtml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  const declared = /<meta[^>]+charset=["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(gb2312|gbk|gb18030)$/.test(declared)) return new TextDecoder("gb18030").decode(bytes);
  return decodeText(bytes).text;
}

const CHROME = "script,style,noscript,iframe,nav,header,footer,aside,form,button,select,svg";
const CHROME_NAMES = /(^|[-_\s])(nav|menu|header|footer|breadcrumb|crumb|share|related|sidebar|toolbar|copyright|links?)([-_\s]|$)/i;

/**
 * The article body of a government web page: navigation, scripts, headers, footers and
 * "related" boxes removed, then the element holding the most paragraph text. The page's <h1> (or
 * <title>) leads, so the report's title is the first line.
 */
export async function htmlText(html: string): Promise<string> {
  const cheerio = await import("cheerio");
  const $ = cheerio.load(html);
  $(CHROME).remove();
  $("[class],[id]").each((_, el) => {
    const names = `${$(el).attr("class") ?? ""} ${$(el).attr("id") ?? ""}`;
    if (CHROME_NAMES.test(names) && $(el).text().length < 2000) $(el).remove();
  });
  let best = $("body");
  let bestScore = 0;
  $("article,main,section,div,td").each((_, el) => {
    const score = $(el).children("p").text().replace(/\s/g, "").length;
    if (score > bestScore) {
      bestScore = score;
      best = $(el);
    }
  });
  const title = $("h1").first().text().trim() || $("title").text().trim();
  best.attr("data-xinfang-main", "1");
  const main = blocksOf($, bestScore > 0 ? "[data-xinfang-main]" : "body");
  // The title leads (once), so the cleaner finds it as the report's title.
  return [title, main.startsWith(title) ? main.slice(title.length).trimStart() : main].filter(Boolean).join("\n");
}
