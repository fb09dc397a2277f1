/** What reading a page image by OCR needs, shared by images (image.ts) and scanned PDF pages (pdf.ts). */
import type { Canvas, SKRSContext2D } from "@napi-rs/canvas";
import type { OcrEngine } from "./ocr.ts";
import { UnreadableFileError } from "./unreadable.ts";

/** How images and scanned pages are read. */
export interface OcrReadOptions {
  /** The file's name, for progress lines. */
  name: string;
  /** Reads images and pages without a text layer; without it they cannot be read. */
  ocr?: OcrEngine;
  onProgress?: (line: string) => void;
}

/** Longer side, in pixels, a page image is scaled to at most before OCR: detection time grows with the area. */
export const MAX_OCR_SIDE = 2400;

/**
 * A PNG of `width` x `height` pixels on white (transparency flattened, as OCR expects), with what
 * `draw` paints on it. @napi-rs/canvas is imported here, on the first page to read.
 */
export async function pngOnWhite(
  width: number,
  height: number,
  draw: (canvas: Canvas, context: SKRSContext2D) => void | Promise<void>,
): Promise<Uint8Array> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await draw(canvas, context);
  return canvas.toBuffer("image/png");
}

/** A file refused because OCR cannot run (no engine, or one that cannot load here): `<what> not read: <why>`. */
export function ocrUnavailable(what: string, why: string, cause?: unknown): UnreadableFileError {
  return new UnreadableFileError(`${what} not read: ${why}`, "ocr-unavailable", cause === undefined ? {} : { cause });
}
