/**
 * Image reports (.png, .jpg): a photo or scan of a page, decoded with @napi-rs/canvas, scaled down
 * when very large (a phone photo) and read by OCR. One image is one page.
 */
import { UnreadableFileError } from "./unreadable.ts";
import { OcrUnavailableError, type OcrEngine } from "./ocr.ts";
import { ocrPageText } from "./ocr-layout.ts";

/** Longer side, in pixels, an image is scaled down to before OCR: detection time grows with the area. */
const MAX_OCR_SIDE = 2400;

/** How an image is read. */
export interface ImageOptions {
  name: string;
  ocr?: OcrEngine;
  onProgress?: (line: string) => void;
}

/** The text of an image. Throws UnreadableFileError when it is not an image, or OCR is unavailable. */
export async function readImage(bytes: Uint8Array, options: ImageOptions): Promise<string> {
  const { name, ocr, onProgress } = options;
  if (!ocr) throw new UnreadableFileError("an image needs OCR, and no OCR engine is set", "ocr-unavailable");
  const png = await normalizedPng(bytes);
  onProgress?.(`${name}: an image; reading it by OCR…`);
  const started = Date.now();
  try {
    const text = ocrPageText(await ocr.recognize(png));
    onProgress?.(`${name}: OCR ${text.replace(/\s/g, "").length} characters, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return text;
  } catch (error) {
    if (error instanceof OcrUnavailableError) {
      throw new UnreadableFileError(`image not read: ${error.message}`, "ocr-unavailable", { cause: error });
    }
    throw error;
  }
}

/** The image drawn on white (transparency flattened), at most MAX_OCR_SIDE pixels long, as PNG. */
async function normalizedPng(bytes: Uint8Array): Promise<Uint8Array> {
  const { createCanvas, loadImage } = await import("@napi-rs/canvas");
  let image;
  try {
    image = await loadImage(Buffer.from(bytes));
  } catch (error) {
    throw new UnreadableFileError(
      `not a readable image (${error instanceof Error ? error.message : String(error)})`,
      "bad-image",
      { cause: error },
    );
  }
  if (image.width === 0 || image.height === 0) throw new UnreadableFileError("not a readable image (empty)", "bad-image");
  const scale = Math.min(1, MAX_OCR_SIDE / Math.max(image.width, image.height));
  const canvas = createCanvas(Math.round(image.width * scale), Math.round(image.height * scale));
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer("image/png");
}
