/**
 * Text from a report file, whatever its format: .txt/.md (UTF-8, UTF-16 or GB18030, detected from
 * the bytes), .docx (paragraphs and tables), .pdf with a text layer, .html (the article body
 * without navigation, scripts and footers). Unreadable files throw UnreadableFileError with a
 * reason a user can act on.
 */
import path from "node:path";
import * as cheerio from "cheerio";
import mammoth from "mammoth";
import { decodeText } from "./decode.ts";

/** The extensions read as reports. */
export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".docx", ".pdf", ".html", ".htm"] as const;

/** Why a file cannot be used as a report. */
export type UnreadableReason =
  | "empty"
  | "unsupported-type"
  | "no-name"
  | "no-text"
  | "bad-docx"
  | "bad-pdf"
  | "scanned-pdf"
  | "no-bureau"
  | "no-year";

/** A file that cannot be turned into a report; the message (English, for logs) says why. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
  constructor(
    message: string,
    readonly reason: UnreadableReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Extracts plain text, one paragraph a line. */
export async function extractText(fileName: string, bytes: Uint8Array): Promise<{ text: string; format: string }> {
  const ext = path.extname(fileName).toLowerCase();
  if (bytes.length === 0) throw new UnreadableFileError("the file is empty", "empty");
  let text: string;
  switch (ext) {
    case ".txt":
    case ".md":
      text = decodeText(bytes).text;
      break;
    case ".docx":
      text = await docxText(bytes);
      break;
    case ".pdf":
      text = await pdfText(bytes);
      break;
    case ".html":
    case ".htm":
      text = htmlText(decodeHtml(bytes));
      break;
    default:
      throw new UnreadableFileError(
        `unsupported file type "${ext || "(none)"}"; supported: ${SUPPORTED_EXTENSIONS.join(" ")}`,
        "unsupported-type",
      );
  }
  if (text.replace(/\s/g, "").length === 0) throw new UnreadableFileError("no text in the file", "no-text");
  return { text, format: ext.slice(1) };
}

async function docxText(bytes: Uint8Array): Promise<string> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw new UnreadableFileError(
      `not a readable .docx file (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
      "bad-docx",
      { cause: error },
    );
  }
  return blocksOf(cheerio.load(html), "body");
}

/** Paragraph-like blocks as lines; a table row becomes one line with its cells separated. */
function blocksOf($: cheerio.CheerioAPI, root: string): string {
  const lines: string[] = [];
  $(root)
    .find("h1,h2,h3,h4,h5,h6,p,li,tr,pre,blockquote,div")
    .each((_, el) => {
      const node = $(el);
      if (el.tagName === "div" && node.find("h1,h2,h3,h4,h5,h6,p,li,tr,div,table").length > 0) return; // a container
      if (el.tagName !== "tr" && node.parents("tr").length > 0) return; // inside a table row: the row speaks
      if (el.tagName === "p" && node.parents("li").length > 0) return;
      const text =
        el.tagName === "tr"
          ? node.children("td,th").map((_i, c) => $(c).text().replace(/\s+/g, " ").trim()).get().filter(Boolean).join("　")
          : node.text().replace(/[ \t\r\n]+/g, " ").trim();
      if (text) lines.push(text);
    });
  return lines.join("\n");
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc;
  try {
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (error) {
    throw new UnreadableFileError(
      `not a readable PDF (${error instanceof Error ? error.message : String(error)})`,
      "bad-pdf",
      { cause: error },
    );
  }
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    let line = "";
    const lines: string[] = [];
    for (const item of content.items) {
      if (!("str" in item)) continue;
      line += item.str;
      if (item.hasEOL) {
        lines.push(line);
        line = "";
      }
    }
    if (line) lines.push(line);
    pages.push(lines.join("\n"));
  }
  await doc.destroy();
  const text = pages.join("\n");
  if (text.replace(/\s/g, "").length < 10) {
    throw new UnreadableFileError(
      `PDF without a text layer (${doc.numPages} page(s), probably scanned); OCR it or add the text as .txt`,
      "scanned-pdf",
    );
  }
  return text;
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
export function htmlText(html: string): string {
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
