/**
 * The saved index: chunks, a BM25 index and an hnswlib vector store (through LangChain's HNSWLib),
 * with a manifest that says what it was built from. Builds go to a fresh folder and are swapped in
 * by renaming a symlink, so readers never see half an index.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
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
  type CorpusDocument,
  type SourceFile,
  type SourceListing,
  type Clash,
  type SkippedFile,
} from "../corpus/load.ts";
import type { OcrEngine } from "../corpus/ocr.ts";
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { IndexError } from "../errors.ts";
import { PieceReader, readTextPieces, readWhole, splitPieces } from "../storage/read-whole.ts";
import { EmbeddingCache, embeddingKey } from "./embedding-cache.ts";
import { HnswBuild } from "./hnsw-build.ts";
import type { EmbeddingsProvider } from "./embeddings.ts";
import { indexText, normalizedContext } from "./index-text.ts";
import { normalizeForMatch } from "../text/script.ts";
import { generalIdf } from "../text/general-idf.ts";
import { joinedTokens, lexicalTermsOf, segmenter, textTokens, WordTable, type TextTokens } from "../text/tokenize.ts";
import { Bm25Builder, Bm25Index } from "./lexical.ts";
import { LocalHashEmbeddings } from "./local-embeddings.ts";

/** Bump when the saved layout changes. */
export const INDEX_FORMAT_VERSION = 12;

/** What an index was built from; compared with the corpus to decide whether to rebuild. */
export interface IndexManifest {
  formatVersion: number;
  chunkerVersion: string;
  embeddings: { provider: string; model: string; dimensions: number };
  /** Size and modification time say when a file need not be hashed again to know it is unchanged. */
  sources: { path: string; sha256: string; size?: number; mtimeMs?: number }[];
  /** Declared regulation files that were absent when the index was built. */
  missingRegulations: string[];
  skipped: SkippedFile[];
  /** Reports sharing a bureau and year (all kept). */
  clashes: Clash[];
  builtAt: string;
  documents: number;
  chunks: number;
  /** Withdrawn points the HNSW graph still holds (a patched graph; rebuilt past a tenth). */
  graph?: { deleted: number };
}

/** A loaded index, ready for retrieval. */
export interface SearchIndex {
  manifest: IndexManifest;
  documents: DocumentMeta[];
  chunks: Chunk[];
  docById: Map<string, DocumentMeta>;
  lexical: Bm25Index;
  vectors: HNSWLib;
  /** The HNSW graph's label of each chunk (patched builds keep the labels chunks had). */
  labels: Int32Array;
  /** Each chunk's context and text in normalizeForMatch form, saved so loading need not convert them again. */
  match: MatchTexts;
  embedder: EmbeddingsProvider;
}

/**
 * Each chunk's text in its normalizeForMatch form. (Its context's form, of indexContext, is
 * normalizedContext's, made for the few chunks a question ranks: saved, it was a third of the file.)
 */
export interface MatchTexts {
  texts: string[];
}

/**
 * The index's text files are saved as UTF-16LE, the form JavaScript holds strings in: for Chinese
 * text that is smaller than UTF-8 (2 bytes a character, not 3) and loads about four times faster
 * (no decoding). `corpus.u16.json`: the documents and chunks (each chunk with what cannot be
 * derived: see SavedChunk; its text's length in `textLengths`); `chunk-texts.u16.txt`: every
 * chunk's text, one after another, sliced out of the file's pieces on load (see readTextPieces)
 * instead of parsed out of JSON.
 */
const CORPUS_FILE = "corpus.u16.json";
const TEXTS_FILE = "chunk-texts.u16.txt";

/**
 * A chunk as saved: its document's place in `documents` (d) and its heading path's in that
 * document's list (h), then its other fields as they are. Its id (`${docId}#${ordinal}`), docId,
 * kind (its document's) and text are put back on load; an id or kind that differs is kept.
 */
type SavedChunk = Omit<Chunk, "id" | "docId" | "kind" | "text" | "headingPath"> & {
  d: number;
  h: number;
  id?: string;
  kind?: Chunk["kind"];
};

interface CorpusFile {
  documents: DocumentMeta[];
  /** Each document's distinct heading paths. */
  headings: string[][][];
  chunks: SavedChunk[];
  textLengths: number[];
}

/** A chunk's fields that are saved as they are. */
type PlainFields = Pick<Chunk, "start" | "end" | "hash" | "article" | "chapter" | "page" | "pageEnd" | "pageSpans">;
/** Fails to compile when a Chunk field is neither derived on load nor one of PlainFields. */
const everyFieldSaved: [
  Exclude<keyof Chunk, "id" | "docId" | "kind" | "text" | "headingPath" | keyof PlainFields>,
] extends [never]
  ? true
  : never = true;
void everyFieldSaved;

/**
 * Copies a chunk's plain fields (the optional ones when present) from `from` to `to`, one by one:
 * object rest and spread, or a loop over their names, are several times slower, and a build saves
 * and loads 150,000 chunks at 10,000 reports.
 */
function copyFields<T extends object>(to: T, from: PlainFields): T & PlainFields {
  const out = to as T & PlainFields;
  out.start = from.start;
  out.end = from.end;
  out.hash = from.hash;
  if (from.article !== undefined) out.article = from.article;
  if (from.chapter !== undefined) out.chapter = from.chapter;
  if (from.page !== undefined) out.page = from.page;
  if (from.pageEnd !== undefined) out.pageEnd = from.pageEnd;
  if (from.pageSpans !== undefined) out.pageSpans = from.pageSpans;
  return out;
}

/**
 * A heading path's place in its document's list of distinct ones (added when new): found by the
 * array itself (a loaded index's chunks share them), else by its words. A document has a few dozen
 * (51 at most in the real corpus), so a search along the list costs less than making a key string
 * per chunk for a map.
 */
function headingPlace(list: string[][], headingPath: string[]): number {
  const same = list.indexOf(headingPath);
  if (same >= 0) return same;
  const equal = list.findIndex((p) => p.length === headingPath.length && p.every((h, k) => h === headingPath[k]));
  return equal >= 0 ? equal : list.push(headingPath) - 1;
}

/** `#${n}` for the first ordinals (no string made per chunk to compare its id with). */
const ORDINAL_SUFFIXES = Array.from({ length: 1024 }, (_, n) => `#${n}`);

/** Whether `id` is `${docId}#${ordinal}`. */
function isOrdinalId(id: string, docId: string, ordinal: number): boolean {
  const suffix = ORDINAL_SUFFIXES[ordinal] ?? `#${ordinal}`;
  return id.length === docId.length + suffix.length && id.endsWith(suffix) && id.startsWith(docId);
}

/** The corpus file's JSON and the texts file's content, chunk by chunk (see CORPUS_FILE). */
function corpusFiles(documents: DocumentMeta[], chunks: Chunk[]): { json: string; texts: Iterable<string> } {
  const place = new Map(documents.map((d, i) => [d.id, i]));
  const headings: string[][][] = documents.map(() => []);
  const ordinals = new Int32Array(documents.length);
  const saved = chunks.map((chunk): SavedChunk => {
    const d = place.get(chunk.docId);
    if (d === undefined) throw new Error(`chunk ${chunk.id} belongs to no document`);
    const h = headingPlace(headings[d]!, chunk.headingPath);
    const ordinal = ordinals[d]!++;
    const out: Omit<SavedChunk, keyof PlainFields> = { d, h };
    if (!isOrdinalId(chunk.id, chunk.docId, ordinal)) out.id = chunk.id;
    if (chunk.kind !== documents[d]!.kind) out.kind = chunk.kind;
    return copyFields(out, chunk);
  });
  const file: CorpusFile = { documents, headings, chunks: saved, textLengths: chunks.map((c) => c.text.length) };
  return { json: JSON.stringify(file), texts: chunks.map((c) => c.text) };
}

/**
 * The documents and chunks of a saved corpus file and texts file (in consecutive pieces, see
 * readTextPieces); throws when they disagree. A chunk's text is a slice of its piece (of two or
 * more joined, for one that straddles them).
 */
function parseCorpusFiles(json: string, texts: string[]): { documents: DocumentMeta[]; chunks: Chunk[] } {
  const { documents, headings, chunks: saved, textLengths } = JSON.parse(json) as CorpusFile;
  if (!Array.isArray(textLengths) || !Array.isArray(saved) || textLengths.length !== saved.length)
    throw new Error(`${CORPUS_FILE} is damaged`);
  const ordinals = new Int32Array(documents.length);
  const reader = new PieceReader(texts);
  const chunks = saved.map((s, i): Chunk => {
    const doc = documents[s.d];
    const headingPath = headings[s.d]?.[s.h];
    if (!doc || !headingPath) throw new Error(`${CORPUS_FILE} is damaged`);
    const ordinal = ordinals[s.d]!++;
    const text = reader.take(textLengths[i]!);
    if (text === undefined) throw new Error(`${TEXTS_FILE} does not match ${CORPUS_FILE}`);
    return copyFields(
      { id: s.id ?? `${doc.id}#${ordinal}`, docId: doc.id, kind: s.kind ?? doc.kind, text, headingPath },
      s,
    );
  });
  if (!reader.done) throw new Error(`${TEXTS_FILE} does not match ${CORPUS_FILE}`);
  return { documents, chunks };
}

/** Bytes encoded at a time by writeText. */
const WRITE_BUFFER_BYTES = 8 << 20;

/**
 * Writes texts one after another as UTF-16LE, encoded a few megabytes at a time: a build's large
 * files are never held whole as one string and again as its bytes.
 */
async function writeText(file: string, pieces: Iterable<string>): Promise<void> {
  const handle = await open(file, "w");
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let used = 0;
  const flush = async () => {
    for (let done = 0; done < used;) done += (await handle.write(buffer, done, used - done)).bytesWritten;
    used = 0;
  };
  try {
    for (const piece of pieces) {
      for (let at = 0; at < piece.length;) {
        if (used === buffer.length) await flush();
        const take = Math.min(piece.length - at, (buffer.length - used) / 2);
        used += buffer.write(piece.slice(at, at + take), used, "utf16le");
        at += take;
      }
    }
    await flush();
  } finally {
    await handle.close();
  }
}

/** The saved form of MatchTexts: the texts joined by \u0000. */
const MATCH_FILE = "match.u16.txt";
const ENTRY = "\u0000";
/** A text with the file's separator (a control character no cleaned text should hold) made a space. */
const clean = (text: string) => (text.includes(ENTRY) ? text.replaceAll(ENTRY, " ") : text);

/** The match file's content, piece by piece (no string made of the whole). */
function* matchFile(match: MatchTexts): Iterable<string> {
  for (let i = 0; i < match.texts.length; i++) {
    if (i > 0) yield ENTRY;
    yield clean(match.texts[i]!);
  }
}

/**
 * The match file's texts, from its consecutive pieces (an entry may straddle two); `count` tells no
 * chunks from one chunk with an empty text.
 */
function parseMatchFile(pieces: string[], count: number): MatchTexts {
  return { texts: count === 0 && pieces.every((p) => p === "") ? [] : splitPieces(pieces, ENTRY) };
}

/** Where and how to build. */
export interface IndexOptions {
  corpusDir: string;
  dataDir: string;
  embedder: EmbeddingsProvider;
  log: Logger;
  /** Human-readable progress lines (the CLIs print them on stderr). */
  onProgress?: (line: string) => void;
  /** Reads scanned PDFs and images; without it they are skipped as unreadable. */
  ocr?: OcrEngine;
  /**
   * Download missing regulation texts: before a rebuild, or always (npm run ingest). Without it,
   * the index is built from the files present.
   */
  download?: { timeoutMs: number; fetch?: typeof globalThis.fetch; always?: boolean };
  /**
   * Build the HNSW graph on a worker thread (default: from GRAPH_THREAD_FROM chunks to add, or,
   * for a patched graph, from half as many; for a build that indexes documents as they are read,
   * from as many files as would hold them).
   */
  graphThread?: boolean;
  /** Read and index everything again rather than start from the previous build. */
  fromScratch?: boolean;
  /** From how many chunks a rebuild patches the previous graph (default GRAPH_PATCH_FROM). */
  graphPatchFrom?: number;
}

const CURRENT = "index";
/** The HNSW graph (hnswlib's own file) in a build's folder. */
const GRAPH_FILE = path.join("vectors", "hnswlib.index");
const BUILDS = "index-builds";
const EMBED_BATCH = 64;
/** From this many chunks the HNSW graph is built on a worker thread, beside tokenising and embedding. */
const GRAPH_THREAD_FROM = 5000;
/** About how many chunks a report makes (15 in the real ones): sizes a graph begun before the corpus is read. */
const CHUNKS_PER_FILE = 16;
/**
 * How many candidates the graph's search follows (hnswlib's default, 10, is raised to k anyway):
 * on a graph of 150,000 chunks built at efConstruction 64, 400 finds 99.1% of the true 40 nearest,
 * 200 97.1%, for about 0.3 ms more a question.
 */
const SEARCH_EF = 400;
/** From this many chunks a rebuild patches the previous graph rather than build it again. */
const GRAPH_PATCH_FROM = 5000;

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
 * is the corpus's listSources() and `current` the index's manifest when the caller already has them.
 */
export async function staleReasons(
  options: IndexOptions,
  listing?: SourceListing,
  current?: IndexManifest,
): Promise<string[]> {
  const manifest = current ?? (await readManifest(currentIndexDir(options.dataDir)));
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

/** The build an ingest starts from: what it holds, so unchanged documents are not read or indexed again. */
interface PriorBuild {
  manifest: IndexManifest;
  chunks: Chunk[];
  documents: DocumentMeta[];
  labels: Int32Array;
  lexical: Bm25Index;
  match: MatchTexts;
  graphFile: string;
}

/** The current build, when a new one can start from it (same format, chunker and embeddings). */
async function priorBuild(
  options: IndexOptions,
  current?: IndexManifest,
  reads?: PartReads,
): Promise<PriorBuild | undefined> {
  const dir = currentIndexDir(options.dataDir);
  const manifest = current ?? (await readManifest(dir));
  if (!manifest || !buildsOn(manifest, options.embedder)) return undefined;
  try {
    const parts = await readParts(dir, manifest, undefined, reads);
    return { manifest, ...parts, graphFile: path.join(dir, GRAPH_FILE) };
  } catch (error) {
    options.log.warn({ err: error }, "the previous index cannot be read; building from scratch");
    return undefined;
  } finally {
    reads?.clear(); // what a failure left unread
  }
}

/** Whether a build can start from an index of this manifest: same format, chunker and embeddings. */
function buildsOn(manifest: IndexManifest, embedder: EmbeddingsProvider): boolean {
  return (
    manifest.formatVersion === INDEX_FORMAT_VERSION &&
    manifest.chunkerVersion === CHUNKER_VERSION &&
    manifest.embeddings.provider === embedder.provider &&
    manifest.embeddings.model === embedder.model
  );
}

/**
 * Reads of a saved build's files, each by one request to libuv's threads, started before their
 * bytes are wanted (while this thread does something else) and taken once each. A read taken is
 * forgotten here: a promise kept would keep its bytes (100 MB and more of a large index's) alive
 * until every part is parsed.
 */
class PartReads {
  private readonly reads = new Map<string, Promise<Buffer | string[]>>();

  constructor(private readonly dir: string) {}

  /**
   * Starts reading the files not yet asked for. A text file (UTF-16, ".u16.") is decoded a piece
   * at a time as it is read (see readTextPieces): its bytes are never held whole.
   */
  start(...names: string[]): this {
    for (const name of names) {
      if (this.reads.has(name)) continue;
      const file = path.join(this.dir, name);
      const read = name.includes(".u16.") ? readTextPieces(file) : readWhole(file);
      read.catch(() => {}); // awaited when taken; if never taken, its failure does not matter
      this.reads.set(name, read);
    }
    return this;
  }

  /** A text file's content, in consecutive pieces. */
  async pieces(name: string): Promise<string[]> {
    const read = await this.take(name);
    if (!Array.isArray(read)) throw new Error(`${name} is not a text file of the index`);
    return read;
  }

  /** A binary file's bytes. */
  async bytes(name: string): Promise<Buffer> {
    const read = await this.take(name);
    if (Array.isArray(read)) throw new Error(`${name} is not a binary file of the index`);
    return read;
  }

  private take(name: string): Promise<Buffer | string[]> {
    const read = this.start(name).reads.get(name)!;
    this.reads.delete(name);
    return read;
  }

  /** Lets go of the reads not taken. */
  clear(): void {
    this.reads.clear();
  }
}

/**
 * Reads that can start as soon as an index is known to exist: every part file but the lexical
 * index's data, whose postings stay in the file (see Bm25Index.open). The match file's bytes beside
 * the corpus file's raise the peak by about 20 MB at 10,000 reports, and waiting for it after the
 * corpus is parsed cost 0.1–0.2 s of a cold start.
 */
const PART_FILES = [CORPUS_FILE, TEXTS_FILE, "labels.bin", "lexical.terms", MATCH_FILE];

/**
 * The chunks, documents, graph labels and lexical index of a saved build. `meanwhile` runs while
 * the first files are read; `reads` holds reads started already.
 */
async function readParts(dir: string, manifest: IndexManifest, meanwhile?: () => void, reads = new PartReads(dir)) {
  reads.start(...PART_FILES);
  meanwhile?.();
  const json = (await reads.pieces(CORPUS_FILE)).join("");
  const { documents, chunks } = parseCorpusFiles(json, await reads.pieces(TEXTS_FILE));
  const lexical = Bm25Index.open(path.join(dir, "lexical.bin"), (await reads.bytes("lexical.terms")).toString("utf8"));
  const bytes = await reads.bytes("labels.bin");
  const labels = new Int32Array(bytes.byteLength / 4);
  new Uint8Array(labels.buffer).set(bytes);
  const match = parseMatchFile(await reads.pieces(MATCH_FILE), chunks.length);
  const counts = [lexical.size, labels.length, match.texts.length];
  if (chunks.length !== manifest.chunks || counts.some((n) => n !== chunks.length))
    throw new Error("parts of the index disagree on the chunk count");
  return { documents, chunks, lexical, labels, match };
}

/**
 * Documents of the previous build whose files are unchanged, by source path: carried over as they
 * were read. Nothing is carried when a manifest changed (bureau aliases or regulation status
 * would differ).
 */
function carriedDocuments(prior: PriorBuild, listing: SourceListing, corpusDir: string) {
  const before = new Map(prior.manifest.sources.map((s) => [s.path, s.sha256]));
  const unchanged = (file: SourceFile) => before.get(file.path) === file.sha256;
  const manifests = new Set([corpusPaths(corpusDir).bureauManifest, corpusPaths(corpusDir).regulationManifest]);
  const carried = new Map<string, { meta: DocumentMeta; chunks: Chunk[] }>();
  if (listing.files.some((f) => manifests.has(f.absolute) && !unchanged(f))) return carried;
  if (
    prior.manifest.sources.some((s) => s.path.endsWith("reports/manifest.json")) !==
    listing.files.some((f) => f.absolute === corpusPaths(corpusDir).bureauManifest)
  )
    return carried;
  const chunksOf = new Map<string, Chunk[]>();
  for (const chunk of prior.chunks) {
    let list = chunksOf.get(chunk.docId);
    if (!list) chunksOf.set(chunk.docId, (list = []));
    list.push(chunk);
  }
  const files = new Map(listing.files.map((f) => [f.path, f]));
  for (const meta of prior.documents) {
    const file = files.get(meta.source);
    if (file && unchanged(file)) carried.set(meta.source, { meta, chunks: chunksOf.get(meta.id) ?? [] });
  }
  return carried;
}

/**
 * Indexes chunks one at a time: each is tokenised once, for the lexical index and (local
 * embeddings) its vector, which goes to the graph being built; its normalised texts are kept for
 * the retriever. Vectors are cached by the text embedded, which holds the chunk's bureau, year and
 * headings. Chunks without a vector yet (remote embeddings) are listed in `remote`.
 */
class ChunkIndexer {
  readonly lexical = new Bm25Builder();
  /** Patching: the terms of each chunk indexed, by its index (the lexical index is patched with them). */
  readonly addedTerms = new Map<number, string[]>();
  readonly match: MatchTexts = { texts: [] };
  readonly remote: number[] = [];
  embedded = 0;
  dimensions = 0;
  private readonly local: LocalHashEmbeddings | undefined;
  /** The words of every chunk this build tokenises. */
  private readonly words = new WordTable();
  /** The tokens of the contexts of the document being indexed (contextTokens). */
  private contexts: { meta?: DocumentMeta; byText: Map<string, TextTokens> } = { byText: new Map() };

  constructor(
    options: IndexOptions,
    private readonly cache: EmbeddingCache,
    readonly graph: HnswBuild,
    private readonly patch: boolean,
  ) {
    const { embeddings } = options.embedder;
    this.local = embeddings instanceof LocalHashEmbeddings ? embeddings : undefined;
  }

  /** Indexes chunk `i` (its graph label `label`): lexically, into the graph, or both. */
  index(
    chunk: Chunk,
    meta: DocumentMeta,
    i: number,
    label: number,
    needs = { lexicalNeeded: true, graphNeeded: true },
  ): void {
    const text = indexText(chunk, meta);
    const key = needs.graphNeeded ? embeddingKey(text) : undefined;
    let vector = key === undefined ? undefined : this.cache.get(key);
    const own = needs.lexicalNeeded || (!vector && this.local) ? textTokens(chunk.text, this.words) : undefined;
    const tokens = own && joinedTokens(this.contextTokens(chunk, meta), own);
    if (needs.lexicalNeeded) {
      this.match.texts[i] = own!.normalized;
      if (this.patch) this.addedTerms.set(i, lexicalTermsOf(tokens!));
      else this.lexical.addTokens(tokens!);
    }
    if (!needs.graphNeeded) return;
    if (!vector && this.local) {
      this.cache.set(key!, (vector = this.local.embedTokens(tokens!)));
      this.embedded++;
    }
    if (!vector) return void this.remote.push(i);
    this.dimensions = vector.length;
    this.graph.add(vector, label);
  }

  /**
   * The tokens of a chunk's context (indexContext), which the chunks of a section share: tokenised
   * once per document and heading path, a third of what jieba would otherwise be given.
   */
  private contextTokens(chunk: Chunk, meta: DocumentMeta): TextTokens {
    if (this.contexts.meta !== meta) this.contexts = { meta, byText: new Map() };
    const context = normalizedContext(chunk, meta);
    let tokens = this.contexts.byText.get(context);
    if (!tokens) this.contexts.byText.set(context, (tokens = textTokens(context, this.words)));
    return tokens;
  }

  /** Stops the graph's thread (a build that failed). */
  abort(): Promise<void> {
    return this.graph.abort();
  }
}

/**
 * Builds a new index from the corpus and swaps it in. Documents whose files are unchanged since
 * the previous build are carried over as read, and when most chunks are carried the previous
 * build's lexical index and graph are patched (withdrawn chunks out, new ones in) instead of
 * built again. New chunks reuse cached vectors. `listing` is the corpus's listSources(),
 * `current` the current index's manifest and `reads` reads of its files, when the caller already
 * has them.
 */
export async function buildIndex(
  options: IndexOptions,
  listing?: SourceListing,
  current?: IndexManifest,
  reads?: PartReads,
): Promise<SearchIndex> {
  const { log, embedder, onProgress } = options;
  const started = Date.now();
  const phases: Record<string, number> = {};
  let lap = started;
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = now - lap;
    lap = now;
  };
  onProgress?.("reading corpus…");
  const sources = listing ?? (await listSources(options.corpusDir));
  const prior = options.fromScratch ? undefined : await priorBuild(options, current, reads);
  const carried = prior ? carriedDocuments(prior, sources, options.corpusDir) : undefined;
  // With nothing to carry over, every chunk is indexed as its document is read (the graph grows on
  // its thread meanwhile); otherwise what to patch is decided once all documents are read.
  const cache = await EmbeddingCache.open(options.dataDir, embedder.provider, embedder.model);
  let streamed = 0;
  const streaming =
    !carried || carried.size === 0
      ? new ChunkIndexer(
          options,
          cache,
          new HnswBuild(
            { maxElements: Math.max(1024, CHUNKS_PER_FILE * sources.files.length) },
            options.graphThread ?? sources.files.length * CHUNKS_PER_FILE >= GRAPH_THREAD_FROM,
          ),
          false,
        )
      : undefined;
  let corpus;
  try {
    corpus = await loadCorpus(options.corpusDir, undefined, sources, {
      ...(options.ocr ? { ocr: options.ocr } : {}),
      ...(onProgress ? { onProgress } : {}),
      ...(carried ? { carried } : {}),
      ...(streaming
        ? {
            onDocument: (d: CorpusDocument) =>
              d.chunks.forEach((chunk) => {
                const i = streamed++;
                streaming.index(chunk, d.meta, i, i);
              }),
          }
        : {}),
    });
  } catch (error) {
    cache.close();
    await streaming?.abort();
    throw error;
  }
  for (const s of corpus.skipped) onProgress?.(`skipped ${s.path}: ${s.reason}`);
  for (const c of corpus.clashes)
    onProgress?.(`note: ${c.paths.length} reports for ${c.bureau} ${c.year}, all kept: ${c.paths.join(", ")}`);
  if (corpus.documents.length === 0) {
    cache.close();
    await streaming?.abort();
    throw new IndexError(`no readable documents in ${options.corpusDir}`);
  }

  const documents = corpus.documents.map((d) => d.meta);
  const chunks = corpus.documents.flatMap((d) => d.chunks);
  const docById = new Map(documents.map((m) => [m.id, m]));
  phase(streaming ? "read and index" : "read");

  // Which chunks the previous build already holds (carried over: the same objects), and where.
  const renumber = new Int32Array(prior?.chunks.length ?? 0).fill(-1);
  const oldIndex = new Map(prior?.chunks.map((c, i) => [c, i]));
  const fresh: number[] = [];
  chunks.forEach((chunk, i) => {
    const old = oldIndex.get(chunk);
    if (old === undefined) fresh.push(i);
    else renumber[old] = i;
  });
  const withdrawn = prior ? prior.labels.filter((_, old) => renumber[old] === -1) : new Int32Array(0);
  // Patched, a graph keeps withdrawn points until new ones take their places; past a tenth of the
  // graph it is built again.
  const deletedBefore = prior?.manifest.graph?.deleted ?? 0;
  const deleted = Math.max(0, deletedBefore + withdrawn.length - fresh.length);
  const patch = prior !== undefined && fresh.length <= chunks.length / 2;
  // A patched graph finds slightly fewer true neighbours than a new one (withdrawn points stay in
  // it until new ones take their places), so small corpora, whose graphs build in moments, and
  // graphs past a tenth withdrawn are built again.
  const patchGraph =
    patch && chunks.length >= (options.graphPatchFrom ?? GRAPH_PATCH_FROM) && deleted <= chunks.length / 10;
  const isFresh = new Uint8Array(chunks.length);
  for (const i of fresh) isFresh[i] = 1;

  const labels = new Int32Array(chunks.length);
  if (patchGraph) {
    let next = prior.labels.reduce((max, l) => Math.max(max, l), -1) + 1;
    renumber.forEach((to, old) => {
      if (to >= 0) labels[to] = prior.labels[old]!;
    });
    // New chunks get labels never used before (hnswlib's replacement of withdrawn points would
    // confuse a reused one), and take withdrawn points' places in the graph.
    for (const i of fresh) labels[i] = next++;
  } else labels.forEach((_, i) => (labels[i] = i));

  const toGraph = patchGraph ? fresh.length : chunks.length;
  const indexer =
    streaming ??
    new ChunkIndexer(
      options,
      cache,
      new HnswBuild(
        patchGraph
          ? { file: prior.graphFile, vacant: deletedBefore, more: fresh.length }
          : { maxElements: chunks.length },
        // A graph patched with a few points is patched on this thread, where it is searched next
        // (not read back from its file); with many, inserting them is worth a thread.
        options.graphThread ?? (patchGraph ? fresh.length > GRAPH_THREAD_FROM / 2 : toGraph >= GRAPH_THREAD_FROM),
      ),
      patch,
    );
  const { graph, match } = indexer;
  try {
    if (streaming) {
      if (streamed !== chunks.length) throw new Error(`indexed ${streamed} chunks of ${chunks.length}`);
    } else {
      if (patchGraph) graph.remove(withdrawn);
      if (patch) {
        renumber.forEach((to, old) => {
          if (to < 0) return;
          match.texts[to] = prior.match.texts[old]!;
        });
      }
      const every = Math.max(1000, Math.ceil(chunks.length / 10));
      chunks.forEach((chunk, i) => {
        // A chunk carried over into a patched graph needs nothing (its vector stays in the cache: a
        // patched build prunes nothing from it).
        const lexicalNeeded = !patch || isFresh[i] === 1;
        const graphNeeded = !patchGraph || isFresh[i] === 1;
        if (lexicalNeeded || graphNeeded)
          indexer.index(chunk, docById.get(chunk.docId)!, i, labels[i]!, { lexicalNeeded, graphNeeded });
        if ((i + 1) % every === 0) onProgress?.(`indexed ${i + 1}/${chunks.length} chunks`);
      });
    }
    if (!streaming) phase("index");
    const { remote } = indexer;
    const embedded = indexer.embedded + remote.length;
    const carriedOver = patch ? `${chunks.length - fresh.length} carried over, ${withdrawn.length} withdrawn; ` : "";
    onProgress?.(
      `${documents.length} documents, ${chunks.length} chunks; ${carriedOver}embedded ${embedded} new, reused ${toGraph - embedded}`,
    );
    const textOf = (i: number) => indexText(chunks[i]!, docById.get(chunks[i]!.docId)!);
    for (let b = 0; b < remote.length; b += EMBED_BATCH) {
      const batch = remote.slice(b, b + EMBED_BATCH);
      const out = await embedder.embeddings.embedDocuments(batch.map(textOf));
      batch.forEach((i, k) => {
        const vector = Float32Array.from(out[k]!);
        cache.set(embeddingKey(textOf(i)), vector);
        indexer.dimensions = vector.length;
        graph.add(vector, labels[i]!);
      });
      onProgress?.(`embedded ${Math.min(b + EMBED_BATCH, remote.length)}/${remote.length}`);
    }
    cache.save({ prune: !patchGraph });
    phase("embed");

    const lexical = patch
      ? prior.lexical.patched(renumber, indexer.addedTerms, chunks.length)
      : indexer.lexical.build();
    const dimensions = indexer.dimensions || prior?.manifest.embeddings.dimensions || 0;
    phase("bm25");

    const manifest: IndexManifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      chunkerVersion: CHUNKER_VERSION,
      embeddings: { provider: embedder.provider, model: embedder.model, dimensions },
      sources: corpus.sources.map((s) => ({ path: s.path, sha256: s.sha256, size: s.size, mtimeMs: s.mtimeMs })),
      missingRegulations: corpus.missingRegulations.map((r) => r.file),
      skipped: corpus.skipped,
      clashes: corpus.clashes,
      builtAt: new Date().toISOString(),
      documents: documents.length,
      chunks: chunks.length,
      graph: { deleted: patchGraph ? deleted : 0 },
    };

    // Write everything into a new folder, then point the `index` symlink at it in one rename.
    const builds = path.join(options.dataDir, BUILDS);
    const name = `${Date.now()}-${randomBytes(3).toString("hex")}`;
    const dir = path.join(builds, name);
    const vectorDir = path.join(dir, "vectors");
    await mkdir(vectorDir, { recursive: true });
    // The graph is saved (on its thread, or on libuv's) while the other files are written.
    const graphSaved = graph.save(path.join(dir, GRAPH_FILE), dimensions);
    graphSaved.catch(() => undefined); // a failure is thrown where it is awaited, below
    const saved = corpusFiles(documents, chunks);
    await writeText(path.join(dir, CORPUS_FILE), [saved.json]);
    await writeText(path.join(dir, TEXTS_FILE), saved.texts);
    const terms = lexical.termsFile();
    await writeFile(path.join(dir, "lexical.terms"), terms);
    await writeParts(path.join(dir, "lexical.bin"), lexical.dataParts());
    await writeFile(path.join(dir, "labels.bin"), new Uint8Array(labels.buffer));
    await writeText(path.join(dir, MATCH_FILE), matchFile(match));
    phase("write");
    const built = await graphSaved;
    phase("graph");
    const store = vectorStore(built ?? (await readGraph(path.join(dir, GRAPH_FILE), dimensions)), embedder, labels);
    await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2)); // written last: marks the build complete
    const link = `${currentIndexDir(options.dataDir)}.${name}.tmp`;
    await symlink(path.join(BUILDS, name), link);
    await rename(link, currentIndexDir(options.dataDir));
    await pruneBuilds(builds, name);
    log.info(
      {
        documents: documents.length,
        chunks: chunks.length,
        carried: patch ? chunks.length - fresh.length : 0,
        graph: patchGraph ? "patched" : "built",
        embedded,
        ms: Date.now() - started,
        phases,
      },
      "index built",
    );
    const spent = Object.entries(phases)
      .map(([step, ms]) => `${step} ${ms} ms`)
      .join(", ");
    onProgress?.(
      `index ready: ${documents.length} documents, ${chunks.length} chunks (${Date.now() - started} ms: ${spent})`,
    );
    // The index answers as a loaded one would, its postings in the file just written (the ones
    // built are let go: 111 MB at 10,000 reports, which a long-running bot would otherwise keep).
    const opened = Bm25Index.open(path.join(dir, "lexical.bin"), terms);
    return { manifest, documents, chunks, docById, lexical: opened, vectors: store, labels, match, embedder };
  } finally {
    cache.close(); // saved above, or a build that failed: no files left open
    await indexer.abort(); // a build that failed leaves no thread behind
  }
}

/**
 * LangChain's docstore for the graph, holding no documents: a label's "document" is made when a
 * search returns it, carrying its chunk's index (`metadata.i`). Loading needs no docstore file and
 * no object per chunk.
 */
class LabelDocstore extends SynchronousInMemoryDocstore {
  private readonly chunkOf: Int32Array;

  constructor(labels: Int32Array) {
    super();
    this.chunkOf = chunksByLabel(labels);
  }

  override search(label: string): Document {
    const i = this.chunkOf[Number(label)];
    if (i === undefined || i < 0) throw new Error(`the graph returned label ${label}, which no chunk has`);
    return new Document({ pageContent: "", metadata: { i } });
  }
}

/** The chunk of each graph label (-1 where no chunk has it), from the chunks' labels. */
export function chunksByLabel(labels: Int32Array): Int32Array {
  const chunkOf = new Int32Array(labels.reduce((max, l) => Math.max(max, l), -1) + 1).fill(-1);
  labels.forEach((label, i) => (chunkOf[label] = i));
  return chunkOf;
}

/** Writes `parts` one after another into `file` (no concatenated copy of a large file). */
async function writeParts(file: string, parts: Uint8Array[]): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (const part of parts) await handle.writeFile(part); // from the current position, whole
  } finally {
    await handle.close();
  }
}

/** Reads a saved HNSW graph (on libuv's threads: the caller may parse other files meanwhile). */
async function readGraph(file: string, dimensions: number) {
  const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
  await graph.readIndex(file);
  return graph;
}

/** Loads the text tables every question uses (each loads once per process). */
function loadTextTables(): void {
  segmenter();
  generalIdf("信访");
  normalizeForMatch("信訪"); // the traditional-to-simplified converter's tables
}

/** The graph as a LangChain vector store over the chunks. */
function vectorStore(
  graph: Awaited<ReturnType<typeof readGraph>>,
  embedder: EmbeddingsProvider,
  labels: Int32Array,
): HNSWLib {
  graph.setEf(SEARCH_EF);
  return new HNSWLib(embedder.embeddings, {
    space: "cosine",
    numDimensions: graph.getNumDimensions(),
    index: graph,
    docstore: new LabelDocstore(labels),
  });
}

/** Keeps the new build and the one before it (a reader may still be opening it). */
async function pruneBuilds(builds: string, keep: string): Promise<void> {
  const names = (await readdir(builds)).filter((n) => n !== keep).sort();
  for (const old of names.slice(0, -1)) await rm(path.join(builds, old), { recursive: true, force: true });
}

/**
 * Loads the current index; throws IndexError when it is missing or unreadable. `current` is its
 * manifest when the caller has just read it, `reads` reads of its files already started.
 */
export async function loadIndex(
  dataDir: string,
  embedder: EmbeddingsProvider,
  current?: IndexManifest,
  reads?: PartReads,
): Promise<SearchIndex> {
  const dir = currentIndexDir(dataDir);
  try {
    await readlink(dir);
    const manifest = current ?? (await readManifest(dir));
    if (!manifest) throw new Error("manifest.json is missing");
    // The graph and the other parts are read on libuv's threads; while they are, this thread loads
    // the tables every question needs (jieba's dictionary, its IDF table), which the first answer
    // would otherwise load, then parses the parts as they arrive.
    const graphRead = readGraph(path.join(dir, GRAPH_FILE), manifest.embeddings.dimensions);
    graphRead.catch(() => {}); // awaited below; a failure of readParts must not leave it unhandled
    const { documents, chunks, lexical, labels, match } = await readParts(dir, manifest, loadTextTables, reads);
    const graph = await graphRead;
    const vectors = vectorStore(graph, embedder, labels);
    return {
      manifest,
      documents,
      chunks,
      docById: new Map(documents.map((d) => [d.id, d])),
      lexical,
      vectors,
      labels,
      match,
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
  // Files whose size and modification time match the last build's are not hashed again. The
  // manifest is read once (a 10,000-report corpus makes it 2 MB).
  const dir = currentIndexDir(options.dataDir);
  const manifest = await readManifest(dir);
  // The saved index's files are read while the corpus is listed: a fresh index loads them
  // next, a stale one is built from them (never held while a build runs: 270 MB at 10,000 reports).
  const reads =
    manifest && !options.fromScratch && buildsOn(manifest, options.embedder)
      ? new PartReads(dir).start(...PART_FILES)
      : undefined;
  const known = manifest?.sources;
  let listing = await listSources(options.corpusDir, known);
  let reasons = options.force ? ["rebuild requested"] : await staleReasons(options, listing, manifest);
  if (options.download && (options.download.always || reasons.length > 0)) {
    if ((await fetchRegulations(options)) > 0) {
      listing = await listSources(options.corpusDir, known);
      if (!options.force) reasons = await staleReasons(options, listing, manifest);
    }
  }
  if (reasons.length === 0) {
    try {
      return await loadIndex(options.dataDir, options.embedder, manifest, reads);
    } catch (error) {
      options.log.warn({ err: error }, "saved index unreadable; rebuilding");
      reasons.push("saved index unreadable");
      reads?.clear(); // the rebuild reads the files afresh
    }
  }
  options.onProgress?.(`building the index (${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? "; …" : ""})`);
  return buildIndex(options, listing, manifest, reads);
}
