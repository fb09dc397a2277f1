/**
 * OCR results kept on disk, one JSON file per image keyed by the engine and the image's sha256:
 * every rebuild of the index reads every report again, and a scanned page takes seconds to
 * recognise but only milliseconds to render, so a page already read is not read again.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../storage/atomic-write.ts";
import type { OcrEngine, OcrLine } from "./ocr.ts";

/** `engine` with its results kept in `dir` (created when first needed); a cache that cannot be written is skipped. */
export function cachedOcr(engine: OcrEngine, dir: string): OcrEngine {
  return {
    id: engine.id,
    async recognize(image) {
      const key = createHash("sha256").update(engine.id).update("\0").update(image).digest("hex");
      const file = path.join(dir, `${key}.json`);
      try {
        return JSON.parse(await readFile(file, "utf8")) as OcrLine[];
      } catch {
        // not cached yet (or unreadable): recognise below
      }
      const lines = await engine.recognize(image);
      try {
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(file, JSON.stringify(lines));
      } catch {
        // a read-only data folder only costs the time of reading the page again next time
      }
      return lines;
    },
  };
}
