/** Adding and withdrawing report files: what a new file says before it is saved, atomic writes. */
import { access, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { chunkParagraphs, layoutLines, outlineParagraphs } from "./chunk.ts";
import { cleanReport } from "./clean.ts";
import { extractText, SUPPORTED_EXTENSIONS, UnreadableFileError } from "./extract.ts";
import { extractReportMeta } from "./report-meta.ts";
import type { ReportMeta } from "./types.ts";

/** What a report file was understood to be. */
export interface ReportPreview {
  meta: ReportMeta;
  /** Top-level headings, in order. */
  sections: string[];
  chunks: number;
  format: string;
}

/** A safe file name: no folders, no control characters, a supported extension. */
export function safeReportName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f<>:"|?*]/g, "_").trim();
  const ext = path.extname(base).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UnreadableFileError(`unsupported file type "${ext || "(none)"}"; supported: ${SUPPORTED_EXTENSIONS.join(" ")}`);
  }
  if (base.startsWith(".") || base === ext) throw new UnreadableFileError("the file has no name");
  return base;
}

/** Reads a report file as ingest would, without saving it; throws UnreadableFileError. */
export async function previewReport(fileName: string, bytes: Uint8Array): Promise<ReportPreview> {
  const { text, format } = await extractText(fileName, bytes);
  const cleaned = cleanReport(text);
  let meta: ReportMeta;
  try {
    meta = extractReportMeta(cleaned, fileName, `corpus/reports/${fileName}`);
  } catch (error) {
    throw new UnreadableFileError(error instanceof Error ? error.message : String(error));
  }
  const { text: full, offsets } = layoutLines(cleaned.lines);
  const chunks = chunkParagraphs(fileName, full, outlineParagraphs(cleaned.lines, offsets));
  if (chunks.length === 0) throw new UnreadableFileError("no text left after cleaning");
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
export async function withdrawReport(reportsDir: string, removedDir: string, fileName: string, now = new Date()): Promise<string> {
  await mkdir(removedDir, { recursive: true });
  const target = path.join(removedDir, `${now.toISOString().replace(/[:.]/g, "-")}-${fileName}`);
  await rename(path.join(reportsDir, path.basename(fileName)), target);
  return target;
}
