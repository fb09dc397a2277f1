/**
 * PDF reports through Mozilla's pdfjs-dist: the text layer page by page, and pages without one
 * (scans) rendered in-process with @napi-rs/canvas and read by OCR. Where each page starts is
 * kept, so citations can name the page.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as Pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { errorMessage } from "../errors.ts";
import { UnreadableFileError } from "./unreadable.ts";
import { OcrUnavailableError } from "./ocr.ts";
import { ocrPageText } from "./ocr-layout.ts";
import { MAX_OCR_SIDE, ocrUnavailable, pngOnWhite, type OcrReadOptions } from "./ocr-page.ts";
import { dropPageNumbers } from "./pages.ts";

/** A PDF's text, one paragraph or text-layer line a line, and the offsets where pages 1, 2, … start. */
export interface PdfText {
  text: string;
  pageStarts: number[];
}

/** A page whose text layer holds fewer visible characters than this and shows an image is a scan. */
const MIN_PAGE_TEXT = 10;
/** Scans are rendered at this resolution for OCR (PP-OCR reads 16pt type well at 150 dpi), within MAX_OCR_SIDE. */
const RENDER_DPI = 150;

type PdfDocument = Awaited<ReturnType<typeof Pdfjs.getDocument>["promise"]>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;
type RenderCanvas = Parameters<PdfPage["render"]>[0]["canvas"];

/** pdfjs-dist's own data folders (character maps, standard fonts, WebAssembly decoders for JBIG2 and JPEG 2000). */
function pdfjsAssets() {
  const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  const dir = (name: string) => `${path.join(root, name)}${path.sep}`;
  return { cMapUrl: dir("cmaps"), cMapPacked: true, standardFontDataUrl: dir("standard_fonts"), wasmUrl: dir("wasm") };
}

/** Reads a PDF's text; scanned pages go through `ocr`. Throws UnreadableFileError when nothing is readable. */
export async function readPdf(bytes: Uint8Array, options: OcrReadOptions): Promise<PdfText> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc: PdfDocument;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
      ...pdfjsAssets(),
    }).promise;
  } catch (error) {
    throw new UnreadableFileError(`not a readable PDF (${errorMessage(error)})`, "bad-pdf", { cause: error });
  }
  try {
    const pages: string[] = [];
    const scanned: number[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const lines = dropPageNumbers(await textLayerLines(page));
      pages.push(lines.join("\n"));
      if (visibleChars(lines.join("")) < MIN_PAGE_TEXT && (await showsImage(page, pdfjs.OPS))) scanned.push(p);
    }
    const ocrFailure = scanned.length > 0 ? await readScannedPages(doc, scanned, pages, options) : undefined;
    const text = pages.join("\n");
    if (visibleChars(text) < MIN_PAGE_TEXT) {
      if (ocrFailure) throw ocrUnavailable(`scanned PDF (${doc.numPages} page(s))`, ocrFailure);
      throw new UnreadableFileError(
        scanned.length > 0
          ? `scanned PDF (${doc.numPages} page(s)) in which OCR found no text; add the text as .txt`
          : `PDF without a text layer or images to read (${doc.numPages} page(s))`,
        "scanned-pdf",
      );
    }
    const pageStarts: number[] = [];
    let offset = 0;
    for (const page of pages) {
      pageStarts.push(offset);
      offset += page.length + 1;
    }
    return { text, pageStarts };
  } finally {
    await doc.destroy();
  }
}

function visibleChars(text: string): number {
  return text.replace(/\s/g, "").length;
}

async function textLayerLines(page: PdfPage): Promise<string[]> {
  const content = await page.getTextContent();
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
  return lines;
}

async function showsImage(page: PdfPage, ops: Record<string, number>): Promise<boolean> {
  const painting = new Set([
    ops["paintImageXObject"],
    ops["paintInlineImageXObject"],
    ops["paintImageXObjectRepeat"],
    ops["paintInlineImageXObjectGroup"],
    ops["paintImageMaskXObject"],
  ]);
  const { fnArray } = await page.getOperatorList();
  return fnArray.some((fn) => painting.has(fn));
}

/**
 * Renders and reads the scanned pages into `pages` (by page number), with a progress line per page
 * and a line for each page that cannot be read (which is then left out). Returns why no page
 * could be read when OCR itself is unavailable.
 */
async function readScannedPages(
  doc: PdfDocument,
  scanned: number[],
  pages: string[],
  options: OcrReadOptions,
): Promise<string | undefined> {
  const { name, ocr, onProgress } = options;
  if (!ocr) {
    onProgress?.(`${name}: ${scanned.length} scanned page(s) left out (no OCR engine)`);
    return "no OCR engine";
  }
  onProgress?.(`${name}: ${scanned.length} of ${doc.numPages} page(s) have no text layer; reading them by OCR…`);
  for (const [i, p] of scanned.entries()) {
    const started = Date.now();
    try {
      const image = await renderPage(await doc.getPage(p));
      const text = ocrPageText(await ocr.recognize(image));
      pages[p - 1] = text;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      onProgress?.(
        text
          ? `${name}: OCR page ${p} (${i + 1}/${scanned.length}), ${visibleChars(text)} characters, ${seconds} s`
          : `${name}: page ${p} could not be read: OCR found no text on it`,
      );
    } catch (error) {
      if (error instanceof OcrUnavailableError) {
        onProgress?.(`${name}: ${scanned.length} scanned page(s) left out: ${error.message}`);
        return error.message;
      }
      onProgress?.(`${name}: page ${p} could not be read (${errorMessage(error)}); left out`);
    }
  }
  return undefined;
}

/** A page as a PNG at RENDER_DPI (less for very large pages), on white. */
async function renderPage(page: PdfPage): Promise<Uint8Array> {
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(RENDER_DPI / 72, MAX_OCR_SIDE / Math.max(base.width, base.height));
  const viewport = page.getViewport({ scale });
  // pdfjs draws on a DOM-like canvas; @napi-rs/canvas is the one its Node build uses itself.
  return pngOnWhite(Math.ceil(viewport.width), Math.ceil(viewport.height), async (canvas) => {
    await page.render({ canvas: canvas as unknown as RenderCanvas, viewport }).promise;
  });
}
