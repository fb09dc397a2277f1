/** Reading the corpus folder: every report file and every declared regulation, parsed and chunked. */
import { readFileSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { errorMessage } from "../errors.ts";
import { type ChunkOptions, DEFAULT_CHUNK_OPTIONS } from "./chunk.ts";
import { decodeText } from "./decode.ts";
import { sha256Hex } from "./download.ts";
import type { ExtractOptions } from "./extract.ts";
import { parseRegulation, type RegulationEntry } from "./regulation.ts";
import { readReport } from "./report-file.ts";
import type { BureauInfo } from "./report-meta.ts";
import type { ParsedDocument, RegulationMeta } from "./types.ts";

/** Files in corpus/reports that are not reports: the manifest, readmes, hidden and partial files. */
function isReportCandidate(name: string): boolean {
  return !name.startsWith(".") && name !== "manifest.json" && !/^readme(\.|$)/i.test(name) && !/\.(part|tmp)$/i.test(name);
}

const regulationManifestSchema = z.object({
  regulations: z.array(
    z.object({
      id: z.string().min(1),
      title: z.string().min(1),
      file: z.string().min(1),
      url: z.string().url(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      supersedes: z.string().optional(),
    }),
  ),
});

const bureauManifestSchema = z.object({
  bureaus: z.record(
    z.string(),
    z.object({ city: z.string().optional(), province: z.string().optional(), aliases: z.array(z.string()).optional() }),
  ),
});

/** Where the corpus lives: `<corpusDir>/reports` and `<corpusDir>/regulations`. */
export function corpusPaths(corpusDir: string) {
  return {
    reports: path.join(corpusDir, "reports"),
    regulations: path.join(corpusDir, "regulations"),
    regulationManifest: path.join(corpusDir, "regulations", "manifest.json"),
    bureauManifest: path.join(corpusDir, "reports", "manifest.json"),
  };
}

/** Reads corpus/regulations/manifest.json: the regulations the project declares. */
export async function readRegulationManifest(corpusDir: string): Promise<RegulationEntry[]> {
  const file = corpusPaths(corpusDir).regulationManifest;
  const raw = await readFile(file, "utf8");
  const parsed = regulationManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`${file} is not a valid regulation manifest: ${parsed.error.message}`);
  return parsed.data.regulations;
}

async function readBureauManifest(corpusDir: string): Promise<Record<string, BureauInfo>> {
  const file = corpusPaths(corpusDir).bureauManifest;
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    return {}; // optional
  }
  const parsed = bureauManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`${file} is not a valid bureau manifest: ${parsed.error.message}`);
  return parsed.data.bureaus;
}

/** One source file and the sha256 of its bytes (what staleness is judged by), its size and modification time. */
export interface SourceFile {
  /** Path relative to the corpus folder's parent, e.g. corpus/reports/x.txt. */
  path: string;
  absolute: string;
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** A file as a previous listing saw it. */
export type KnownSource = Pick<SourceFile, "path" | "sha256"> & Partial<Pick<SourceFile, "size" | "mtimeMs">>;

/**
 * Lists every input file (reports, both manifests, present regulation files) with its hash. A
 * file `known` with the same size and modification time keeps its known hash without being read.
 */
export async function listSources(
  corpusDir: string,
  known: KnownSource[] = [],
): Promise<{ files: SourceFile[]; missingRegulations: RegulationEntry[] }> {
  const p = corpusPaths(corpusDir);
  const root = path.dirname(path.resolve(corpusDir));
  const before = new Map(known.map((k) => [k.path, k]));
  /**
   * A file as it is now, its hash known when its size and modification time are; undefined when
   * it is not a file (a folder). Read synchronously: at 10,000 reports a promise per stat cost half
   * a second of a cold start, and the stat calls themselves a tenth of that.
   */
  const relativeOf = (absolute: string) => path.relative(root, absolute).split(path.sep).join("/");
  const look = (absolute: string, relative = relativeOf(absolute)): SourceFile | undefined => {
    const info = statSync(absolute);
    if (!info.isFile()) return undefined;
    const { size, mtimeMs } = info;
    const seen = before.get(relative);
    const sha256 = seen && seen.size === size && seen.mtimeMs === mtimeMs ? seen.sha256 : "";
    return { path: relative, absolute, sha256, size, mtimeMs };
  };
  /**
   * Hashes the files whose hash is not known (only these are read). Read synchronously too: at
   * 10,000 reports, reads through promises (16 at a time) took 1.4 s, synchronous ones 0.3 s.
   */
  const hash = (files: SourceFile[]) => {
    for (const file of files) if (file.sha256 === "") file.sha256 = sha256Hex(readFileSync(file.absolute));
  };
  const add = (absolute: string) => {
    const file = look(absolute);
    if (!file) throw new Error(`${absolute} is not a file`);
    hash([file]);
    files.push(file);
  };
  let names: string[];
  try {
    names = (await readdir(p.reports)).sort();
  } catch {
    names = [];
  }
  const files: SourceFile[] = [];
  const reportsRelative = relativeOf(p.reports); // each report's relative path made from it, not by path.relative
  for (const name of names.filter(isReportCandidate)) {
    const file = look(path.join(p.reports, name), `${reportsRelative}/${name}`);
    if (file) files.push(file);
  }
  hash(files);
  if (names.includes("manifest.json")) add(p.bureauManifest);
  add(p.regulationManifest);
  const missingRegulations: RegulationEntry[] = [];
  for (const entry of await readRegulationManifest(corpusDir)) {
    try {
      add(path.join(p.regulations, entry.file));
    } catch {
      missingRegulations.push(entry);
    }
  }
  return { files, missingRegulations };
}

/** A file that could not be used, and why, in words a user can act on. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Two or more readable reports for the same bureau and year: all are kept, and this is said. */
export interface Clash {
  bureau: string;
  year: number;
  paths: string[];
}

/**
 * A document of the corpus: read now (with its cleaned text), or carried over unchanged from the
 * previous index (its description and chunks only).
 */
export type CorpusDocument =
  | ParsedDocument
  | (Omit<ParsedDocument, "text" | "pages"> & { text?: undefined; pages?: undefined });

/** What loadCorpus may carry over instead of reading: a file's document as read before, by its path. */
export type CarriedDocuments = Map<string, Pick<ParsedDocument, "meta" | "chunks">>;

/** The parsed corpus. */
export interface LoadedCorpus {
  documents: CorpusDocument[];
  skipped: SkippedFile[];
  clashes: Clash[];
  missingRegulations: RegulationEntry[];
  sources: SourceFile[];
}

/** What listSources found: every input file with its hash, and the declared regulations absent. */
export type SourceListing = Awaited<ReturnType<typeof listSources>>;

/**
 * Reads, cleans, describes and chunks every document of the corpus folder. `listing` is the
 * folder's listSources() when the caller already has it (the files are then not hashed again);
 * `read` sets how scanned PDFs and images are read (OCR engine, progress lines), which files'
 * documents are `carried` over rather than read again (the caller knows them unchanged), and
 * `onDocument`, called with each document read, in the order of `documents` (an index build
 * indexes each document's chunks as it comes). Files are read synchronously, one at a time: the
 * listing has just read them to hash them, and reads through promises cost more than they wait.
 */
export async function loadCorpus(
  corpusDir: string,
  chunkOptions: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
  listing?: SourceListing,
  read: ExtractOptions & { carried?: CarriedDocuments; onDocument?: (document: CorpusDocument) => void } = {},
): Promise<LoadedCorpus> {
  const p = corpusPaths(corpusDir);
  const { files, missingRegulations } = listing ?? (await listSources(corpusDir));
  const bureaus = await readBureauManifest(corpusDir);
  const entries = await readRegulationManifest(corpusDir);
  const { carried, onDocument, ...extract } = read;
  const documents: CorpusDocument[] = [];
  const skipped: SkippedFile[] = [];

  const reportFiles = files.filter((f) => path.dirname(f.absolute) === p.reports && f.absolute !== p.bureauManifest);
  for (const file of reportFiles) {
    const before = carried?.get(file.path);
    if (before) {
      const document = { ...before, fileHash: file.sha256 };
      documents.push(document);
      onDocument?.(document);
      continue;
    }
    try {
      const bytes = readFileSync(file.absolute);
      // The file name with its extension: a .txt and a .docx of one report are two documents.
      const id = path.basename(file.absolute);
      const { meta, text, pages, chunks } = await readReport(id, file.path, bytes, {
        bureaus,
        chunkOptions,
        ...extract,
      });
      const document = { meta, text, ...(pages ? { pages } : {}), chunks, fileHash: file.sha256 };
      documents.push(document);
      onDocument?.(document);
    } catch (error) {
      skipped.push({ path: file.path, reason: errorMessage(error) });
    }
  }

  const regulationDocs: CorpusDocument[] = [];
  for (const entry of entries) {
    const file = files.find((f) => f.absolute === path.join(p.regulations, entry.file));
    if (!file) continue;
    const before = carried?.get(file.path);
    if (before) {
      regulationDocs.push({ ...before, fileHash: file.sha256 });
      continue;
    }
    if (file.sha256 !== entry.sha256) {
      skipped.push({ path: file.path, reason: `sha256 ${file.sha256} differs from the manifest's ${entry.sha256}; delete it and run npm run ingest to download it again` });
      continue;
    }
    const { text: raw } = decodeText(await readFile(file.absolute));
    const parsed = parseRegulation(raw, entry.id);
    const meta: RegulationMeta = { kind: "regulation", id: entry.id, source: file.path, status: "in_force", ...parsed.meta, title: entry.title };
    regulationDocs.push({ meta, text: parsed.text, chunks: parsed.chunks, fileHash: file.sha256 });
  }
  // Status comes from the manifest's "supersedes": the old text cannot say it was replaced.
  for (const doc of regulationDocs) {
    const by = entries.find((e) => e.supersedes === doc.meta.title);
    const replacing = regulationDocs.find((d) => d.meta.title === by?.title);
    if (by && doc.meta.kind === "regulation") {
      doc.meta.status = "superseded";
      doc.meta.supersededBy = by.title;
      const since = replacing?.meta.kind === "regulation" ? replacing.meta.inForceDate : undefined;
      if (since) doc.meta.supersededOn = since;
    }
  }
  documents.push(...regulationDocs);
  for (const document of regulationDocs) onDocument?.(document);
  return { documents, skipped, clashes: findClashes(documents), missingRegulations, sources: files };
}

/** Reports that share a bureau and a year. */
export function findClashes(documents: Pick<ParsedDocument, "meta">[]): Clash[] {
  const groups = new Map<string, Clash>();
  for (const { meta } of documents) {
    if (meta.kind !== "report") continue;
    const key = `${meta.bureau}\u0000${meta.year}`;
    const clash = groups.get(key) ?? { bureau: meta.bureau, year: meta.year, paths: [] };
    clash.paths.push(meta.source);
    groups.set(key, clash);
  }
  return [...groups.values()].filter((c) => c.paths.length > 1);
}
