/** Adding and withdrawing report files: what a new file says before it is saved, atomic writes. */
import { access, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { TEMP_NAME_EXTRA_BYTES, writeFileAtomic } from "../storage/atomic-write.ts";
import { SUPPORTED_EXTENSIONS, UnreadableFileError, type ExtractOptions } from "./extract.ts";
import { fitFileName, NAME_MAX_BYTES, utf8Bytes } from "./file-name.ts";
import { readReport } from "./report-file.ts";
import type { ReportMeta } from "./types.ts";

/** What a report file was understood to be. */
export interface ReportPreview {
  meta: ReportMeta;
  /** Top-level headings, in order. */
  sections: string[];
  chunks: number;
  format: string;
}

/** What withdrawing puts before a name: `2025-01-01T00-00-00-000Z-`. */
const WITHDRAWN_PREFIX_BYTES = "2025-01-01T00-00-00-000Z-".length;
/** Room for the suffix of a free name (-2 … -9999). */
const SUFFIX_BYTES = "-9999".length;
/**
 * Longest name an upload keeps, in UTF-8 bytes: a -N suffix and then the withdrawn copy's time
 * stamp (or the temp file's additions while saving) still fit the file system's 255 bytes.
 */
const REPORT_NAME_MAX_BYTES =
  NAME_MAX_BYTES - SUFFIX_BYTES - Math.max(TEMP_NAME_EXTRA_BYTES, WITHDRAWN_PREFIX_BYTES);

/**
 * A safe file name: no folders, no control characters, a supported extension, and short enough
 * for any file system: a long name is cut to REPORT_NAME_MAX_BYTES, keeping its start (where the
 * bureau is named) and its extension.
 */
export function safeReportName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, "/"))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]/g, "_")
    .trim();
  const ext = path.extname(base).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UnreadableFileError(
      `unsupported file type "${ext || "(none)"}"; supported: ${SUPPORTED_EXTENSIONS.join(" ")}`,
      "unsupported-type",
    );
  }
  if (base.startsWith(".") || base === ext) throw new UnreadableFileError("the file has no name", "no-name");
  return fitFileName(base, REPORT_NAME_MAX_BYTES);
}

/** Reads a report file as ingest would, without saving it; throws UnreadableFileError. */
export async function previewReport(
  fileName: string,
  bytes: Uint8Array,
  options: ExtractOptions = {},
): Promise<ReportPreview> {
  const { meta, chunks, format } = await readReport(fileName, `corpus/reports/${fileName}`, bytes, options);
  const sections = [...new Set(chunks.map((c) => c.headingPath[0]).filter((h): h is string => h !== undefined))];
  return { meta, sections, chunks: chunks.length, format };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Saves a report under its safeReportName (which shortens a name too long for the file system),
 * made free by a suffix (x.docx, x-2.docx, …), atomically. Returns the name saved under; throws
 * UnreadableFileError for a name safeReportName refuses.
 */
export async function saveReport(reportsDir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  await mkdir(reportsDir, { recursive: true });
  const safe = safeReportName(fileName);
  const ext = path.extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  let name = safe;
  for (let i = 2; await exists(path.join(reportsDir, name)); i++) name = `${stem}-${i}${ext}`;
  await writeFileAtomic(path.join(reportsDir, name), bytes);
  return name;
}

/**
 * Moves a report out of the corpus into `removedDir` (kept, not deleted) under a time-stamped name,
 * shortened when the stamp would make it too long; returns where it went.
 */
export async function withdrawReport(
  reportsDir: string,
  removedDir: string,
  fileName: string,
  now = new Date(),
): Promise<string> {
  await mkdir(removedDir, { recursive: true });
  const name = path.basename(fileName);
  const stamp = `${now.toISOString().replace(/[:.]/g, "-")}-`;
  const target = path.join(removedDir, `${stamp}${fitFileName(name, NAME_MAX_BYTES - utf8Bytes(stamp))}`);
  await rename(path.join(reportsDir, name), target);
  return target;
}
