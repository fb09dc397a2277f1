/** Adding and withdrawing report files: what a new file says before it is saved, atomic writes. */
import { access, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { SUPPORTED_EXTENSIONS, UnreadableFileError } from "./extract.ts";
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

/** Longest file name kept (in characters, extension included); longer names are shortened. */
const MAX_NAME = 120;

/**
 * A safe file name: no folders, no control characters, a supported extension, and short enough
 * for any file system (a long name keeps its start and its extension).
 */
export function safeReportName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f<>:"|?*]/g, "_").trim();
  const ext = path.extname(base).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UnreadableFileError(
      `unsupported file type "${ext || "(none)"}"; supported: ${SUPPORTED_EXTENSIONS.join(" ")}`,
      "unsupported-type",
    );
  }
  if (base.startsWith(".") || base === ext) throw new UnreadableFileError("the file has no name", "no-name");
  const stem = [...base.slice(0, -ext.length)];
  return stem.length + ext.length > MAX_NAME ? `${stem.slice(0, MAX_NAME - ext.length).join("")}${ext}` : base;
}

/** Reads a report file as ingest would, without saving it; throws UnreadableFileError. */
export async function previewReport(fileName: string, bytes: Uint8Array): Promise<ReportPreview> {
  const { meta, chunks, format } = await readReport(fileName, `corpus/reports/${fileName}`, bytes);
  const sections = [...new Set(chunks.map((c) => c.headingPath[0]).filter((h): h is string => h !== undefined))];
  return { meta, sections, chunks: chunks.length, format };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Saves a report under a free name (x.docx, x-2.docx, …) by writing a temp file and renaming it. */
export async function saveReport(reportsDir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  await mkdir(reportsDir, { recursive: true });
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, -ext.length);
  let name = fileName;
  for (let i = 2; await exists(path.join(reportsDir, name)); i++) name = `${stem}-${i}${ext}`;
  const target = path.join(reportsDir, name);
  const tmp = path.join(reportsDir, `.${name}.${process.pid}.part`);
  await writeFile(tmp, bytes);
  await rename(tmp, target);
  return name;
}

/** Moves a report out of the corpus into `removedDir` (kept, not deleted), returning where it went. */
export async function withdrawReport(
  reportsDir: string,
  removedDir: string,
  fileName: string,
  now = new Date(),
): Promise<string> {
  await mkdir(removedDir, { recursive: true });
  const target = path.join(removedDir, `${now.toISOString().replace(/[:.]/g, "-")}-${fileName}`);
  await rename(path.join(reportsDir, path.basename(fileName)), target);
  return target;
}
