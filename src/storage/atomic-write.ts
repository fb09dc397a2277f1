/**
 * Whole-file writes that a crash never leaves torn: the bytes go to a hidden temporary file beside
 * the target (`.<name>.<pid>.part`, which corpus listings skip), then a rename replaces the target.
 */
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * What the temporary file's name adds to the target's, in bytes: `.` name `.` pid (at most 10
 * digits) `.part`. A name must leave this much room under the file system's limit.
 */
export const TEMP_NAME_EXTRA_BYTES = ".".length + ".".length + 10 + ".part".length;

/** Writes `data` to `file` through a temporary file in the same folder and a rename; the folder must exist. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
  await writeFile(tmp, data);
  await rename(tmp, file);
}
