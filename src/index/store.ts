/**
 * The saved index: chunks, a BM25 index and an hnswlib vector store (through LangChain's HNSWLib),
 * with a manifest that says what it was built from. Builds go to a fresh folder and are swapped in
 * by renaming a symlink, so readers never see half an index.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import { Document } from "@langchain/core/documents";
import hnswlib from "hnswlib-node";
import type { Logger } from "pino";
import { CHUNKER_VERSION } from "../corpus/chunk.ts";
import { ensureRegulations } from "../corpus/download.ts";
import {
  corpusPaths,
  listSources,
  loadCorpus,
  readRegulationManifest,
  type SourceListing,
  type Clash,
  type SkippedFile,
} from "../corpus/load.ts";
import type { OcrEngine } from "../corpus/ocr.ts";
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { IndexError } from "../errors.ts";
import { EmbeddingCache } from "./embedding-cache.ts";
import type { EmbeddingsProvider } from "./embeddings.ts";
import { indexText } from "./index-text.ts";
import { Bm25Index } from "./lexical.ts";

const { HierarchicalNSW } = hnswlib;

/** Bump when the saved layout changes. */
export const INDEX_FORMAT_VERSION = 3;

/** What an index was built from; compared with the corpus to decide whether to rebuild. */
export interface IndexManifest {
  formatVersion: number;
  chunkerVersion: string;
  embeddings: { provider: string; model: string; dimensions: number };
  sources: { path: string; sha256: string }[];
  /** Declared regulation files that were absent when the index was built. */
  missingRegulations: string[];
  skipped: SkippedFile[];
  /** Reports sharing a bureau and year (all kept). */
  clashes: Clash[];
  builtAt: string;
  documents: number;
  chunks: number;
}

/** A loaded index, ready for retrieval. */
export interface SearchIndex {
  manifest: IndexManifest;
  documents: DocumentMeta[];
  chunks: Chunk[];
  docById: Map<string, DocumentMeta>;
  lexical: Bm25Index;
  vectors: HNSWLib;
  embedder: EmbeddingsProvider;
}

/** Where and how to build. */
export interface IndexOptions {
  corpusDir: string;
  dataDir: string;
  embedder: EmbeddingsProvider;
  log: Logger;
  /** Human-readable progress lines (the CLIs print them on stderr). */
  onProgress?: (line: string) => void;
  /** Reads scanned PDFs and images (default: PP-OCR, loaded when a file needs it). */
  ocr?: OcrEngine;
  /**
   * Download missing regulation texts: before a rebuild, or always (npm run ingest). Without it,
   * the index is built from the files present.
   */
  download?: { timeoutMs: number; fetch?: typeof globalThis.fetch; always?: boolean };
}

const CURRENT = "index";
const BUILDS = "index-builds";
const EMBED_BATCH = 64;
/** HNSW graph parameters: links per node, and the breadth of the search while building. */
const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 100;

/** Path of the symlink that points at the index in use. */
export function currentIndexDir(dataDir: string): string {
  return path.join(dataDir, CURRENT);
}

async function readManifest(dir: string): Promise<IndexManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as IndexManifest;
  } catch {
    return undefined;
  }
}

/**
 * Why the saved index does not match the corpus and settings; empty when it is fresh. `listing`
 * is the corpus's listSources() when the caller already has it.
 */
export async function staleReasons(options: IndexOptions, listing?: SourceListing): Promise<string[]> {
  const manifest = await readManifest(currentIndexDir(options.dataDir));
  if (!manifest) return ["no index yet"];
  const reasons: string[] = [];
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) reasons.push("index format changed");
  if (manifest.chunkerVersion !== CHUNKER_VERSION) reasons.push("chunker changed");
  const { provider, model } = options.embedder;
  if (manifest.embeddings.provider !== provider || manifest.embeddings.model !== model) {
    reasons.push(
      `embeddings changed (${manifest.embeddings.provider}/${manifest.embeddings.model} -> ${provider}/${model})`,
    );
  }
  const { files, missingRegulations } = listing ?? (await listSources(options.corpusDir));
  const saved = new Map(manifest.sources.map((s) => [s.path, s.sha256]));
  const now = new Map(files.map((f) => [f.path, f.sha256]));
  for (const [p, h] of now) {
    if (!saved.has(p)) reasons.push(`new file ${p}`);
    else if (saved.get(p) !== h) reasons.push(`changed file ${p}`);
  }
  for (const p of saved.keys()) if (!now.has(p)) reasons.push(`removed file ${p}`);
  const missing = missingRegulations
    .map((r) => r.file)
    .sort()
    .join(",");
  if (missing !== [...manifest.missingRegulations].sort().join(",") && reasons.length === 0) {
    reasons.push("regulation files changed");
  }
  return reasons;
}

/** Downloads missing regulation texts (how many arrived); one clear warning when that is not possible. */
async function fetchRegulations(options: IndexOptions): Promise<number> {
  if (!options.download) return 0;
  const entries = await readRegulationManifest(options.corpusDir);
  const report = await ensureRegulations({
    dir: corpusPaths(options.corpusDir).regulations,
    entries,
    timeoutMs: options.download.timeoutMs,
    ...(options.download.fetch ? { fetch: options.download.fetch } : {}),
  });
  for (const file of report.downloaded) options.onProgress?.(`downloaded and verified ${file}`);
  if (report.failed.length > 0) {
    const detail = report.failed.map((f) => `${f.file}: ${f.error.message}`).join("; ");
    options.log.warn(
      { failed: report.failed.map((f) => ({ file: f.file, reason: f.error.reason })) },
      "regulation download failed",
    );
    options.onProgress?.(
      `warning: could not download ${report.failed.length} regulation text(s) (${detail}). ` +
        `Continuing without them; put the files into ${path.relative(process.cwd(), corpusPaths(options.corpusDir).regulations) || "."}/ or run npm run ingest when online.`,
    );
  }
  return report.downloaded.length;
}

/**
 * Builds a new index from the corpus and swaps it in. Unchanged chunks reuse cached vectors.
 * `listing` is the corpus's listSources() when the caller already has it.
 */
export async function buildIndex(options: IndexOptions, listing?: SourceListing): Promise<SearchIndex> {
  const { log, embedder, onProgress } = options;
  const started = Date.now();
  onProgress?.("reading corpus…");
  const corpus = await loadCorpus(options.corpusDir, undefined, listing, {
    ...(options.ocr ? { ocr: options.ocr } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  for (const s of corpus.skipped) onProgress?.(`skipped ${s.path}: ${s.reason}`);
  for (const c of corpus.clashes)
    onProgress?.(`note: ${c.paths.length} reports for ${c.bureau} ${c.year}, all kept: ${c.paths.join(", ")}`);
  if (corpus.documents.length === 0) throw new IndexError(`no readable documents in ${options.corpusDir}`);

  const documents = corpus.documents.map((d) => d.meta);
  const chunks = corpus.documents.flatMap((d) => d.chunks);
  const docById = new Map(documents.map((m) => [m.id, m]));
  const texts = chunks.map((c) => indexText(c, docById.get(c.docId)!));

  const cache = await EmbeddingCache.open(options.dataDir, embedder.provider, embedder.model);
  const vectors: (number[] | undefined)[] = chunks.map((c) => cache.get(c.hash));
  const todo = chunks.map((_, i) => i).filter((i) => vectors[i] === undefined);
  onProgress?.(
    `${documents.length} documents, ${chunks.length} chunks; embedding ${todo.length} new, reusing ${chunks.length - todo.length}`,
  );
  for (let b = 0; b < todo.length; b += EMBED_BATCH) {
    const batch = todo.slice(b, b + EMBED_BATCH);
    const out = await embedder.embeddings.embedDocuments(batch.map((i) => texts[i]!));
    batch.forEach((i, k) => {
      vectors[i] = out[k]!;
      cache.set(chunks[i]!.hash, out[k]!);
    });
    onProgress?.(`embedded ${Math.min(b + EMBED_BATCH, todo.length)}/${todo.length}`);
  }
  await cache.save();

  const dimensions = vectors[0]!.length;
  const store = vectorStore(embedder, vectors as number[][], chunks);
  const lexical = Bm25Index.fromTexts(texts);

  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    embeddings: { provider: embedder.provider, model: embedder.model, dimensions },
    sources: corpus.sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
    missingRegulations: corpus.missingRegulations.map((r) => r.file),
    skipped: corpus.skipped,
    clashes: corpus.clashes,
    builtAt: new Date().toISOString(),
    documents: documents.length,
    chunks: chunks.length,
  };

  // Write everything into a new folder, then point the `index` symlink at it in one rename.
  const builds = path.join(options.dataDir, BUILDS);
  const name = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const dir = path.join(builds, name);
  await mkdir(dir, { recursive: true });
  await store.save(path.join(dir, "vectors"));
  await writeFile(path.join(dir, "corpus.json"), JSON.stringify({ documents, chunks }));
  const lexicalFiles = lexical.toFiles();
  await writeFile(path.join(dir, "lexical.terms"), lexicalFiles.terms);
  await writeFile(path.join(dir, "lexical.bin"), lexicalFiles.data);
  await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2)); // written last: marks the build complete
  const link = `${currentIndexDir(options.dataDir)}.${name}.tmp`;
  await symlink(path.join(BUILDS, name), link);
  await rename(link, currentIndexDir(options.dataDir));
  await pruneBuilds(builds, name);

  log.info(
    { documents: documents.length, chunks: chunks.length, embedded: todo.length, ms: Date.now() - started },
    "index built",
  );
  onProgress?.(`index ready: ${documents.length} documents, ${chunks.length} chunks (${Date.now() - started} ms)`);
  return { manifest, documents, chunks, docById, lexical, vectors: store, embedder };
}

/**
 * The HNSW graph over the chunks' vectors, label i = chunk i. Built here rather than through
 * HNSWLib.addVectors, which fixes efConstruction at 200: 100 builds about twice as fast, and the
 * candidates are re-ranked after the search anyway.
 */
function vectorStore(embedder: EmbeddingsProvider, vectors: number[][], chunks: Chunk[]): HNSWLib {
  const dimensions = vectors[0]!.length;
  const index = new HierarchicalNSW("cosine", dimensions);
  index.initIndex({ maxElements: vectors.length, m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: 100 });
  vectors.forEach((v, i) => index.addPoint(v, i));
  const docstore = new SynchronousInMemoryDocstore(
    new Map(chunks.map((c, i) => [String(i), new Document({ pageContent: c.id, metadata: { i } })])),
  );
  return new HNSWLib(embedder.embeddings, { space: "cosine", numDimensions: dimensions, index, docstore });
}

/** Keeps the new build and the one before it (a reader may still be opening it). */
async function pruneBuilds(builds: string, keep: string): Promise<void> {
  const names = (await readdir(builds)).filter((n) => n !== keep).sort();
  for (const old of names.slice(0, -1)) await rm(path.join(builds, old), { recursive: true, force: true });
}

/** Loads the current index; throws IndexError when it is missing or unreadable. */
export async function loadIndex(dataDir: string, embedder: EmbeddingsProvider): Promise<SearchIndex> {
  const dir = currentIndexDir(dataDir);
  try {
    await readlink(dir);
    const manifest = await readManifest(dir);
    if (!manifest) throw new Error("manifest.json is missing");
    const { documents, chunks } = JSON.parse(await readFile(path.join(dir, "corpus.json"), "utf8")) as {
      documents: DocumentMeta[];
      chunks: Chunk[];
    };
    const lexical = Bm25Index.fromFiles({
      terms: await readFile(path.join(dir, "lexical.terms"), "utf8"),
      data: await readFile(path.join(dir, "lexical.bin")),
    });
    const vectors = await HNSWLib.load(path.join(dir, "vectors"), embedder.embeddings);
    if (chunks.length !== manifest.chunks || lexical.size !== chunks.length)
      throw new Error("parts of the index disagree on the chunk count");
    return {
      manifest,
      documents,
      chunks,
      docById: new Map(documents.map((d) => [d.id, d])),
      lexical,
      vectors,
      embedder,
    };
  } catch (cause) {
    throw new IndexError(`cannot load the index in ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * Loads the index, rebuilding it first when it is missing, stale or unreadable. The corpus is
 * listed and hashed once (again only when a download added files).
 */
export async function ensureIndex(options: IndexOptions & { force?: boolean }): Promise<SearchIndex> {
  let listing = await listSources(options.corpusDir);
  let reasons = options.force ? ["rebuild requested"] : await staleReasons(options, listing);
  if (options.download && (options.download.always || reasons.length > 0)) {
    if ((await fetchRegulations(options)) > 0) {
      listing = await listSources(options.corpusDir);
      if (!options.force) reasons = await staleReasons(options, listing);
    }
  }
  if (reasons.length === 0) {
    try {
      return await loadIndex(options.dataDir, options.embedder);
    } catch (error) {
      options.log.warn({ err: error }, "saved index unreadable; rebuilding");
      reasons.push("saved index unreadable");
    }
  }
  options.onProgress?.(`building the index (${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? "; …" : ""})`);
  return buildIndex(options, listing);
}
