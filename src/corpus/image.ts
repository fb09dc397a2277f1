/**
 * Image reports (.png, .jpg): a photo or scan of a page, decoded with @napi-rs/canvas, scaled down
 * when very large (a phone photo) and read by OCR. One image is one page.
 */
import { errorMessage } from "../errors.ts";
import { UnreadableFileError } from "./unreadable.ts";
import { OcrUnavailableError } from "./ocr.ts";
import { ocrPageText } from "./ocr-layout.ts";
import { MAX_OCR_SIDE, ocrUnavailable, pngOnWhite, type OcrReadOptions } from "./ocr-page.ts";

/** The text of an image. Throws UnreadableFileError when it is not an image, or OCR is unavailable. */
export async function readImage(bytes: Uint8Array, options: OcrReadOptions): Promise<string> {
  const { name, ocr, onProgress } = options;
  if (!ocr) throw ocrUnavailable("image", "no OCR engine");
  const png = await normalizedPng(bytes);
  onProgress?.(`${name}: an image; reading it by OCR…`);
  const started = Date.now();
  try {
    const text = ocrPageText(await ocr.recognize(png));
    onProgress?.(`${name}: OCR ${text.replace(/\s/g, "").length} characters, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return text;
  } catch (error) {
    if (error instanceof OcrUnavailableError) throw ocrUnavailable("image", error.message, error);
    throw error;
  }
}

/** The image drawn on white (transparency flattened), at most MAX_OCR_SIDE pixels long, as PNG. */
async function normalizedPng(bytes: Uint8Array): Promise<Uint8Array> {
  const { loadImage } = await import("@napi-rs/canvas");
  let image;
  try {
    image = await loadImage(Buffer.from(bytes));
  } catch (error) {
    throw new UnreadableFileError(`not a readable image (${errorMessage(error)})`, "bad-image", { cause: error });
  }
  if (image.width === 0 || image.height === 0) throw new UnreadableFileError("not a readable image (empty)", "bad-image");
  const scale = Math.min(1, MAX_OCR_SIDE / Math.max(image.width, image.height));
  return pngOnWhite(Math.round(image.width * scale), Math.round(image.height * scale), (canvas, context) =>
    context.drawImage(image, 0, 0, canvas.width, canvas.height),
  );
}
