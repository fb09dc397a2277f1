/**
 * A BM25 index over Chinese terms (jieba words + character bigrams). Postings live in two parallel
 * arrays, term after term, each term's documents ascending: the low 16 bits of each document index
 * (Uint16Array) and term frequencies (Uint8Array, saturating at 255, more than a chunk's length
 * allows). Documents come in blocks of 65,536; per term, where each block's postings start says
 * the rest of the index (3 bytes a posting instead of 8, a binary search stays a binary search).
 * Saved as two files: the terms as text and the numbers as raw little-endian binary. A saved index
 * is opened with its postings left in the file, each term's read when a question asks for it.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { bigramText, lexicalTerms, type TextTokens, type WordTable } from "../text/tokenize.ts";
import { CodeIds } from "./code-tables.ts";

/** BM25 parameters. */
export interface Bm25Params {
  k1: number;
  b: number;
  /** Weight of a character-bigram term relative to a word term. */
  bigramWeight: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, bigramWeight: 0.4 };

/** The saved form of a Bm25Index: `terms` one per line (in postings order), `data` the numbers. */
export interface Bm25Files {
  terms: string;
  data: Uint8Array;
}

/** One scored document. */
export interface LexicalHit {
  index: number;
  score: number;
}

// data = header (magic, version, documents, terms as int32; k1, b, bigramWeight as float64), then
// document lengths (int32 × documents), term offsets into the postings (int32 × (terms + 1)),
// block starts (int32 × terms × blocks), the postings' documents' low bits (uint16 × postings) and
// their term frequencies (uint8 × postings).
const MAGIC = 0x424d3235; // "BM25"
const VERSION = 3;
const HEADER_BYTES = 16 + 24;
const MAX_TF = 255;
const BLOCK_BITS = 16;
const LOW_MASK = (1 << BLOCK_BITS) - 1;
/** How many blocks of documents an index of `documents` has (one at least). */
const blocksFor = (documents: number) => Math.max(1, Math.ceil(documents / 2 ** BLOCK_BITS));

/**
 * Postings written term after term, each term's documents ascending: the low bits and frequencies,
 * where each term starts, and where each of its blocks starts (an empty block starts where the
 * next non-empty one does, or at the term's end).
 */
class PostingsWriter {
  readonly lows: Uint16Array;
  readonly tfs: Uint8Array;
  private readonly offsets: number[] = [];
  private readonly blocks: number[] = [];
  at = 0;
  private block = 0;

  constructor(
    capacity: number,
    readonly blockCount: number,
  ) {
    this.lows = new Uint16Array(capacity);
    this.tfs = new Uint8Array(capacity);
  }

  /** Starts the next term's postings. */
  startTerm(): void {
    this.offsets.push(this.at);
    this.blocks.push(this.at);
    this.block = 0;
  }

  /** Appends a posting to the current term (documents ascending). */
  put(doc: number, tf: number): void {
    for (const h = doc >>> BLOCK_BITS; this.block < h;) {
      this.block++;
      this.blocks.push(this.at);
    }
    this.lows[this.at] = doc & LOW_MASK;
    this.tfs[this.at++] = Math.min(tf, MAX_TF);
  }

  /**
   * Appends postings [from, to) of another index's block of documents `high` on (the block's
   * high bits), each document renumbered by `renumber`; those renumbered to -1 are dropped.
   * Renumbered documents must ascend past the current term's last one. Runs of documents that keep
   * their numbers (`keptUntil`: see keptRuns) are copied whole.
   */
  putRenumbered(
    lows: Uint16Array,
    tfs: Uint8Array,
    from: number,
    to: number,
    high: number,
    renumber: Int32Array,
    keptUntil: Int32Array,
  ): void {
    const { lows: outLows, tfs: outTfs } = this;
    let at = this.at;
    let block = this.block;
    for (let i = from; i < to;) {
      const old = high | lows[i]!;
      const doc = renumber[old]!;
      if (doc < 0) {
        i++;
        continue;
      }
      for (const h = doc >>> BLOCK_BITS; block < h; block++) this.blocks.push(at);
      if (doc !== old) {
        outLows[at] = doc & LOW_MASK;
        outTfs[at++] = tfs[i++]!;
        continue;
      }
      // The postings up to the next renumbered document are copied as they are.
      const lo = firstFrom(lows, high, i + 1, to, keptUntil[old]!);
      outLows.set(lows.subarray(i, lo), at);
      outTfs.set(tfs.subarray(i, lo), at);
      at += lo - i;
      i = lo;
    }
    this.at = at;
    this.block = block;
  }

  /** Ends the current term; `keep` false takes it back (it was left with no postings). */
  endTerm(keep = true): void {
    if (!keep) {
      this.offsets.pop();
      this.blocks.length -= this.block + 1;
      return;
    }
    while (this.block < this.blockCount - 1) {
      this.block++;
      this.blocks.push(this.at);
    }
  }

  /** The arrays written (views of the parts used). */
  finish(): { offsets: Int32Array; blocks: Int32Array; lows: Uint16Array; tfs: Uint8Array } {
    return {
      offsets: Int32Array.from([...this.offsets, this.at]),
      blocks: Int32Array.from(this.blocks),
      lows: this.lows.subarray(0, this.at),
      tfs: this.tfs.subarray(0, this.at),
    };
  }
}

/** The first of postings [lo, hi) of the block `high` on whose document is `doc` or after it (binary search). */
function firstFrom(lows: Uint16Array, high: number, lo: number, hi: number, doc: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((high | lows[mid]!) < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each document that a renumbering leaves as it is, the first document after it that the
 * renumbering moves or drops (or the count): where its run of kept numbers ends.
 */
function keptRuns(renumber: Int32Array): Int32Array {
  const until = new Int32Array(renumber.length);
  for (let doc = renumber.length - 1, end = renumber.length; doc >= 0; doc--) {
    if (renumber[doc] !== doc) end = doc;
    until[doc] = end;
  }
  return until;
}

/**
 * For each new document number, the first old document that a renumbering keeps and puts after it
 * (or the old count): the kept documents before it are the old ones before that.
 */
function keptBefore(renumber: Int32Array, count: number): Int32Array {
  const first = new Int32Array(count).fill(renumber.length);
  for (let old = 0, doc = 0; old < renumber.length; old++) {
    const to = renumber[old]!;
    for (; doc < to; doc++) first[doc] = old;
    if (to >= 0) doc = to + 1;
  }
  return first;
}

/** Postings [from, to) of an index: the documents' low bits and the term frequencies. */
interface PostingsRange {
  lows: Uint16Array;
  tfs: Uint8Array;
}

/** Where an index's postings are: read a range at a time. */
interface Postings {
  readonly count: number;
  read(from: number, to: number): PostingsRange;
}

/** Postings held in memory (a built or patched index, or one restored from its bytes): a range is a view. */
class HeldPostings implements Postings {
  constructor(
    private readonly lows: Uint16Array,
    private readonly tfs: Uint8Array,
  ) {}

  get count(): number {
    return this.lows.length;
  }

  read(from: number, to: number): PostingsRange {
    return { lows: this.lows.subarray(from, to), tfs: this.tfs.subarray(from, to) };
  }
}

/** Closes the file descriptors of indexes that are collected (see FilePostings). */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to do
  }
});

/**
 * Postings left in a saved index's data file, a range read when asked for (a question reads its
 * terms' postings, a few hundred kilobytes, instead of the process holding every term's: 111 MB at
 * 10,000 reports). The file stays open for the index's life and is closed when the index is
 * collected, never before: a search still running on an index swapped out keeps reading its own
 * file, even after a newer build removed it.
 */
class FilePostings implements Postings {
  constructor(
    private readonly fd: number,
    readonly count: number,
    /** Where the postings' low bits start in the file, and their frequencies. */
    private readonly lowsAt: number,
    private readonly tfsAt: number,
  ) {
    openFiles.register(this, fd);
  }

  read(from: number, to: number): PostingsRange {
    const lows = new Uint16Array(to - from);
    const tfs = new Uint8Array(to - from);
    readFully(this.fd, new Uint8Array(lows.buffer), this.lowsAt + 2 * from);
    readFully(this.fd, tfs, this.tfsAt + from);
    return { lows, tfs };
  }
}

/** Fills `into` from the file at `position`; throws when the file ends first. */
function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length;) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error("lexical index: the postings file ended early (changed on disk?)");
    done += n;
  }
}

/** The numbers of a data file's header, checked. */
interface DataLayout {
  params: Bm25Params;
  count: number;
  termCount: number;
  /** int32s between the header and the postings (document lengths, term offsets, block starts). */
  intCount: number;
  /** Postings the rest of a file of `byteLength` bytes holds (3 bytes each). */
  postingCount: number;
}

/** Reads a data file's header (its first HEADER_BYTES of `byteLength`); throws when it is not one. */
function dataLayout(header: Uint8Array, byteLength: number): DataLayout {
  if (byteLength < HEADER_BYTES || header.byteLength < HEADER_BYTES) throw new Error("lexical index: file too short");
  const view = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
  const [magic, version, count, termCount] = [0, 1, 2, 3].map((i) => view.getInt32(4 * i, true)) as [
    number,
    number,
    number,
    number,
  ];
  if (magic !== MAGIC || version !== VERSION) throw new Error("lexical index: not a BM25 file of this version");
  const params = {
    k1: view.getFloat64(16, true),
    b: view.getFloat64(24, true),
    bigramWeight: view.getFloat64(32, true),
  };
  const body = byteLength - HEADER_BYTES;
  const intCount = count + termCount + 1 + termCount * blocksFor(count);
  if (count < 0 || termCount < 0 || body < 4 * intCount) throw new Error("lexical index: file too short");
  const postingCount = (body - 4 * intCount) / 3;
  if (!Number.isInteger(postingCount)) throw new Error("lexical index: terms and postings disagree");
  return { params, count, termCount, intCount, postingCount };
}

/** BM25 over pre-tokenised documents; documents are addressed by their insertion index. */
export class Bm25Index {
  private readonly avgLength: number;
  /** lengthNorms(), computed on the first search. */
  private norms: Float64Array | undefined;

  private constructor(
    readonly params: Bm25Params,
    /** term -> its number in `offsets` */
    private readonly terms: Map<string, number>,
    /** postings of term t: lows and tfs [offsets[t] .. offsets[t + 1]), by ascending document */
    private readonly offsets: Int32Array,
    /** blocks[t × blockCount + h]: where term t's postings of documents h × 65,536 on start */
    private readonly blocks: Int32Array,
    private readonly postings: Postings,
    private readonly docLengths: Int32Array,
  ) {
    let total = 0;
    for (const n of docLengths) total += n;
    this.avgLength = total / Math.max(1, docLengths.length);
  }

  /** Builds an index from texts, tokenised with lexicalTerms. */
  static fromTexts(texts: string[], params: Bm25Params = DEFAULT_BM25): Bm25Index {
    return Bm25Index.fromTerms(texts.map(lexicalTerms), params);
  }

  /** Builds an index from already tokenised documents. */
  static fromTerms(docs: string[][], params: Bm25Params = DEFAULT_BM25): Bm25Index {
    const builder = new Bm25Builder(params);
    for (const terms of docs) builder.add(terms);
    return builder.build();
  }

  /** @internal Bm25Builder's way in. */
  static assemble(
    params: Bm25Params,
    terms: Map<string, number>,
    offsets: Int32Array,
    blocks: Int32Array,
    lows: Uint16Array,
    tfs: Uint8Array,
    docLengths: Int32Array,
  ): Bm25Index {
    return new Bm25Index(params, terms, offsets, blocks, new HeldPostings(lows, tfs), docLengths);
  }

  /** The saved form (see Bm25Files). */
  toFiles(): Bm25Files {
    return { terms: this.termsFile(), data: Buffer.concat(this.dataParts()) };
  }

  /** The terms file: one term per line, in postings order. */
  termsFile(): string {
    return [...this.terms.keys()].join("\n");
  }

  /** The data file in parts (header, then views of the arrays, not copies), to be written one after another. */
  dataParts(): Uint8Array[] {
    const header = new Uint8Array(HEADER_BYTES);
    const view = new DataView(header.buffer);
    [MAGIC, VERSION, this.docLengths.length, this.terms.size].forEach((v, i) => view.setInt32(4 * i, v, true));
    [this.params.k1, this.params.b, this.params.bigramWeight].forEach((v, i) => view.setFloat64(16 + 8 * i, v, true));
    const bytes = (part: Int32Array | Uint16Array) => new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    const { lows, tfs } = this.postings.read(0, this.postings.count);
    return [header, bytes(this.docLengths), bytes(this.offsets), bytes(this.blocks), bytes(lows), tfs];
  }

  /** Restores an index from its saved form, held in memory; throws when the files do not fit together. */
  static fromFiles(files: Bm25Files): Bm25Index {
    const { data } = files;
    const layout = dataLayout(data, data.byteLength);
    const { intCount, postingCount } = layout;
    // Read in place when aligned (a large file's buffer is its own); otherwise copied into an aligned
    // buffer (a small file's bytes may sit anywhere in a pooled one).
    let bytes = data.subarray(HEADER_BYTES);
    if (bytes.byteOffset % 4 !== 0) bytes = new Uint8Array(bytes); // a copy, aligned
    const ints = new Int32Array(bytes.buffer, bytes.byteOffset, intCount);
    const lows = new Uint16Array(bytes.buffer, bytes.byteOffset + 4 * intCount, postingCount);
    const tfs = bytes.subarray(4 * intCount + 2 * postingCount);
    return Bm25Index.restored(layout, ints, files.terms, new HeldPostings(lows, tfs));
  }

  /**
   * Opens a saved index whose postings stay in its data file (`dataFile`; `terms` is the terms
   * file's text): only the document lengths, term offsets and block starts are read (1 MB at
   * 10,000 reports). Throws when the files do not fit together.
   */
  static open(dataFile: string, terms: string): Bm25Index {
    const fd = openSync(dataFile, "r");
    try {
      const { size } = fstatSync(fd);
      const header = new Uint8Array(Math.min(size, HEADER_BYTES));
      readFully(fd, header, 0);
      const layout = dataLayout(header, size);
      const { intCount, postingCount } = layout;
      const ints = new Int32Array(intCount);
      readFully(fd, new Uint8Array(ints.buffer), HEADER_BYTES);
      const lowsAt = HEADER_BYTES + 4 * intCount;
      const postings = new FilePostings(fd, postingCount, lowsAt, lowsAt + 2 * postingCount);
      return Bm25Index.restored(layout, ints, terms, postings);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** An index from a data file's numbers before its postings (`ints`), its terms file and its postings. */
  private static restored(layout: DataLayout, ints: Int32Array, termsFile: string, postings: Postings): Bm25Index {
    const { count, termCount } = layout;
    const docLengths = ints.subarray(0, count);
    const offsets = ints.subarray(count, count + termCount + 1);
    const blocks = ints.subarray(count + termCount + 1);
    const names = termCount === 0 ? [] : termsFile.split("\n");
    if (names.length !== termCount || offsets[termCount] !== postings.count) {
      throw new Error("lexical index: terms and postings disagree");
    }
    const terms = new Map<string, number>();
    names.forEach((t, i) => terms.set(t, i));
    return new Bm25Index(layout.params, terms, offsets, blocks, postings, docLengths);
  }

  /**
   * This index with documents withdrawn, renumbered and added, without tokenising again what stays:
   * old document d becomes `renumber[d]` (-1: withdrawn; the old order is kept), and `added` holds
   * the terms of each new document by its index among `count`. Searching the result scores exactly
   * as an index built from scratch would (terms left with no document are dropped).
   */
  patched(renumber: Int32Array, added: Map<number, string[]>, count: number): Bm25Index {
    if (renumber.length !== this.size) throw new Error("lexical index: the renumbering is for another index");
    const docLengths = new Int32Array(count).fill(-1);
    renumber.forEach((to, from) => {
      if (to >= 0) docLengths[to] = this.docLengths[from]!;
    });
    // The added documents' postings by term, in document order.
    const addedLists = new Map<string, number[]>();
    for (const [doc, documentTerms] of [...added].sort((a, b) => a[0] - b[0])) {
      if (docLengths[doc] !== -1) throw new Error(`lexical index: document ${doc} is both kept and added`);
      docLengths[doc] = documentTerms.length;
      const tf = new Map<string, number>();
      for (const term of documentTerms) if (!term.includes("\n")) tf.set(term, (tf.get(term) ?? 0) + 1);
      for (const [term, n] of tf) {
        let list = addedLists.get(term);
        if (!list) addedLists.set(term, (list = []));
        list.push(doc, n);
      }
    }
    if (docLengths.includes(-1)) throw new Error("lexical index: a document is neither kept nor added");

    let extra = 0;
    for (const list of addedLists.values()) extra += list.length / 2;
    const { lows, tfs } = this.postings.read(0, this.postings.count);
    const out = new PostingsWriter(lows.length + extra, blocksFor(count));
    const terms = new Map<string, number>();
    const B = this.blockCount;
    const keptUntil = keptRuns(renumber);
    const before = keptBefore(renumber, count);
    for (const [term, t] of this.terms) {
      const begin = out.at;
      const list = addedLists.get(term) ?? [];
      addedLists.delete(term);
      out.startTerm();
      // Both lists ascend by (new) document: the kept postings are copied, renumbered, in runs up to
      // where each added document goes.
      let k = 0;
      for (let h = 0; h < B; h++) {
        const high = h << BLOCK_BITS;
        const end = this.blockEnd(t, h);
        let i = this.blocks[t * B + h]!;
        for (; k < list.length; k += 2) {
          // The first posting of a document kept after the added one.
          const j = firstFrom(lows, high, i, end, before[list[k]!]!);
          out.putRenumbered(lows, tfs, i, j, high, renumber, keptUntil);
          i = j;
          if (j === end) break; // the added document may go after later blocks' postings
          out.put(list[k]!, list[k + 1]!);
        }
        out.putRenumbered(lows, tfs, i, end, high, renumber, keptUntil);
      }
      for (; k < list.length; k += 2) out.put(list[k]!, list[k + 1]!);
      const kept = out.at > begin; // a term no document holds any more is dropped
      out.endTerm(kept);
      if (kept) terms.set(term, terms.size);
    }
    for (const [term, list] of addedLists) {
      out.startTerm();
      for (let k = 0; k < list.length; k += 2) out.put(list[k]!, list[k + 1]!);
      out.endTerm();
      terms.set(term, terms.size);
    }
    const written = out.finish();
    const postings = new HeldPostings(written.lows, written.tfs);
    return new Bm25Index(this.params, terms, written.offsets, written.blocks, postings, docLengths);
  }

  private get blockCount(): number {
    return blocksFor(this.docLengths.length);
  }

  /**
   * Term t's postings of blocks `first` to `last` (all by default), and `at`, the position of the
   * first of them: position p of the index's postings is p − at in the arrays.
   */
  private postingsOf(t: number, first = 0, last = this.blockCount - 1): PostingsRange & { at: number } {
    const at = this.blocks[t * this.blockCount + first]!;
    return { ...this.postings.read(at, this.blockEnd(t, last)), at };
  }

  /** Where block h of term t's postings ends. */
  private blockEnd(t: number, h: number): number {
    const B = this.blockCount;
    return h + 1 < B ? this.blocks[t * B + h + 1]! : this.offsets[t + 1]!;
  }

  get size(): number {
    return this.docLengths.length;
  }

  /** Whether a term occurs in the index. */
  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** How many documents hold a term. */
  documentFrequency(term: string): number {
    const t = this.terms.get(term);
    return t === undefined ? 0 : this.offsets[t + 1]! - this.offsets[t]!;
  }

  /** The documents holding a term, ascending (empty for an unknown term). */
  documentsWith(term: string): Int32Array {
    const t = this.terms.get(term);
    if (t === undefined) return new Int32Array(0);
    const { lows, at } = this.postingsOf(t);
    const out = new Int32Array(lows.length);
    for (let h = 0, k = 0; h < this.blockCount; h++) {
      for (let i = this.blocks[t * this.blockCount + h]! - at, end = this.blockEnd(t, h) - at; i < end; i++)
        out[k++] = (h << BLOCK_BITS) | lows[i]!;
    }
    return out;
  }

  /**
   * Scores only the given documents (ascending indexes, no repeats), best first: for a narrow scope (one
   * report) this costs what the scope holds, finding each document in a term's postings by binary
   * search instead of walking the whole list.
   */
  searchWithin(queryTerms: string[], limit: number, within: readonly number[]): LexicalHit[] {
    // Scores by position in `within`, so nothing here is sized by the corpus.
    if (within.length === 0) return [];
    const scores = new Float64Array(within.length);
    const { blocks } = this;
    const B = this.blockCount;
    // Only the blocks the scope spans are read (one, but for a scope across 65,536 documents).
    const first = within[0]! >>> BLOCK_BITS;
    const last = within.at(-1)! >>> BLOCK_BITS;
    for (const { t, w } of this.weighted(queryTerms)) {
      const { lows, tfs, at } = this.postingsOf(t, first, last);
      within.forEach((doc, k) => {
        // The postings are in document order: binary search in `doc`'s block for its low bits.
        const h = doc >>> BLOCK_BITS;
        const low = doc & LOW_MASK;
        let lo = blocks[t * B + h]! - at;
        let hi = this.blockEnd(t, h) - at - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const d = lows[mid]!;
          if (d === low) return void (scores[k]! += this.termScore(w, tfs[mid]!, doc));
          if (d < low) lo = mid + 1;
          else hi = mid - 1;
        }
      });
    }
    // Ranked by position: `within` ascends, so ties still go to the lower document index.
    const touched = within.flatMap((_, k) => (scores[k]! > 0 ? [k] : []));
    return topK(touched, scores, limit).map(({ index, score }) => ({ index: within[index]!, score }));
  }

  /** The query's distinct terms present in the index, with their weight (idf × kind). */
  private weighted(queryTerms: string[]): { t: number; w: number }[] {
    return [...new Set(queryTerms)].flatMap((term) => {
      const t = this.terms.get(term);
      return t === undefined ? [] : [{ t, w: this.idf(term) * this.termWeight(term) }];
    });
  }

  /** One term's BM25 contribution to a document: weight `w`, frequency `tf` there. */
  private termScore(w: number, tf: number, doc: number): number {
    return (w * (tf * (this.params.k1 + 1))) / (tf + this.lengthNorms()[doc]!);
  }

  /** Each document's share of the score's denominator: k1 × (1 − b + b × length / average length). */
  private lengthNorms(): Float64Array {
    if (!this.norms) {
      const { k1, b } = this.params;
      const { docLengths, avgLength } = this;
      const norms = new Float64Array(docLengths.length); // a loop: Float64Array.from's callback cost 25 ms at 150,000 chunks
      for (let d = 0; d < norms.length; d++) norms[d] = k1 * (1 - b + (b * docLengths[d]!) / avgLength);
      this.norms = norms;
    }
    return this.norms;
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for an unknown term. */
  idf(term: string): number {
    const t = this.terms.get(term);
    if (t === undefined) return 0;
    const df = this.offsets[t + 1]! - this.offsets[t]!;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The weight a term kind carries (bigrams are prefixed with #). */
  termWeight(term: string): number {
    return term.startsWith("#") ? this.params.bigramWeight : 1;
  }

  /** Scores every document that contains a query term and passes the filter, best first. */
  search(queryTerms: string[], limit: number, filter?: (index: number) => boolean): LexicalHit[] {
    // Scores in a dense array (a common term touches most chunks); a document scored is one with a
    // score above 0 (every term's weight is).
    const scores = new Float64Array(this.docLengths.length);
    // termScore, unrolled: a common term's postings run through every chunk.
    const a: Accumulation = {
      lows: new Uint16Array(0),
      tfs: new Uint8Array(0),
      norms: this.lengthNorms(),
      scores,
      k1Plus1: this.params.k1 + 1,
      filter,
    };
    for (const { t, w } of this.weighted(queryTerms)) {
      const { lows, tfs, at } = this.postingsOf(t);
      a.lows = lows;
      a.tfs = tfs;
      for (let h = 0; h < this.blockCount; h++)
        accumulate(a, h << BLOCK_BITS, this.blocks[t * this.blockCount + h]! - at, this.blockEnd(t, h) - at, w);
    }
    return topScored(scores, limit);
  }
}

/**
 * The `limit` best of some candidates by score (ties: lower index first), kept in a min-heap whose
 * root is the worst of them; `offer` each candidate, then take `best()`.
 */
class BestOf {
  private readonly heap: number[] = [];

  constructor(
    private readonly scores: Float64Array,
    private readonly limit: number,
  ) {}

  private worse(x: number, y: number): boolean {
    const { scores } = this;
    return scores[x]! < scores[y]! || (scores[x] === scores[y] && x > y);
  }

  offer(c: number): void {
    const { heap } = this;
    if (heap.length < this.limit) {
      heap.push(c);
      for (let i = heap.length - 1, p = (i - 1) >> 1; i > 0 && this.worse(heap[i]!, heap[p]!); i = p, p = (i - 1) >> 1)
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
    } else if (this.limit > 0 && this.worse(heap[0]!, c)) {
      heap[0] = c;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.worse(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.worse(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
  }

  /** The candidates kept, best first. */
  best(): LexicalHit[] {
    const { scores } = this;
    return this.heap
      .sort((x, y) => scores[y]! - scores[x]! || x - y)
      .map((index) => ({ index, score: scores[index]! }));
  }
}

/** The `limit` best of `candidates` by score (ties: lower index first), best first. */
export function topK(candidates: number[], scores: Float64Array, limit: number): LexicalHit[] {
  const best = new BestOf(scores, limit);
  for (const c of candidates) best.offer(c);
  return best.best();
}

/** What accumulate reads and adds to. */
interface Accumulation {
  lows: Uint16Array;
  tfs: Uint8Array;
  norms: Float64Array;
  scores: Float64Array;
  k1Plus1: number;
  filter: ((index: number) => boolean) | undefined;
}

/**
 * Adds postings [start, end) of one term (weight `w`, documents from `base`) to the scores, in a
 * small function of its own so that the engine optimises the loop early in a process's first
 * question (a common term runs through every chunk). A posting adds w × (tf × (k1 + 1)) /
 * (tf + norm), grouped as termScore groups it.
 */
function accumulate(a: Accumulation, base: number, start: number, end: number, w: number): void {
  const { lows, tfs, norms, scores, k1Plus1, filter } = a;
  for (let i = start; i < end; i++) {
    const doc = base | lows[i]!;
    if (filter !== undefined && !filter(doc)) continue;
    const tf = tfs[i]!;
    scores[doc]! += (w * (tf * k1Plus1)) / (tf + norms[doc]!);
  }
}

/** topK over the documents with a score above 0, without listing them first. */
function topScored(scores: Float64Array, limit: number): LexicalHit[] {
  const best = new BestOf(scores, limit);
  for (let doc = 0; doc < scores.length; doc++) if (scores[doc]! > 0) best.offer(doc);
  return best.best();
}

/** A word that is no term of the index (Bm25Builder.wordTerms). */
const NO_TERM = -2;

/** `array` grown to have a place `at` (at least doubled), the new places set to `fill`. */
function grownBy(array: Int32Array, at: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(2 * array.length, at + 1, 1 << 12)).fill(fill, array.length);
  grown.set(array);
  return grown;
}

const PAIR_BITS = 20;
const PAIR_BLOCK = 1 << PAIR_BITS;
const PAIR_MASK = PAIR_BLOCK - 1;

/**
 * Builds a Bm25Index one document at a time, in typed arrays: each document's (term, frequency)
 * pairs go into blocks of a million (an Int32Array of ids, a Uint8Array of frequencies), and
 * build() lays them out term after term (a counting sort), so no per-term lists of boxed numbers
 * are made. Terms are numbered in order of first appearance and each term's postings are in
 * document order.
 */
export class Bm25Builder {
  private readonly terms = new Map<string, number>();
  /** Term ids of bigrams by code (addTokens). */
  private readonly bigramIds = new CodeIds();
  /** Term ids of words by their number in `table` (addTokens): -1 not yet looked up, NO_TERM none. */
  private wordTerms = new Int32Array(0);
  private table: WordTable | undefined;
  /** Frequencies in the document being added, by term id, and the ids counted so far. */
  private tf = new Int32Array(1 << 12);
  private readonly touched: number[] = [];
  /**
   * The (term id, frequency) pairs of the documents added, in blocks of PAIR_BLOCK: they grow
   * without a doubled copy (at 10,000 reports they are the largest thing an ingest holds).
   */
  private idBlocks: Int32Array[] = [];
  private tfBlocks: Uint8Array[] = [];
  /** Pairs added. */
  private used = 0;
  private readonly lengths: number[] = [];
  /** Where each document's pairs end (a count of pairs). */
  private readonly ends: number[] = [];

  constructor(private readonly params: Bm25Params = DEFAULT_BM25) {}

  /** Adds the next document (index = documents added before it). */
  add(documentTerms: string[]): void {
    for (const term of documentTerms) if (!term.includes("\n")) this.count(this.termId(term));
    this.close(documentTerms.length);
  }

  /**
   * Adds the next document from its tokens, as add(lexicalTermsOf(tokens)) would, without making a
   * string for each bigram (they are numbered by code).
   */
  addTokens(tokens: Pick<TextTokens, "table" | "wordIds" | "bigrams">): void {
    if (this.table !== tokens.table) {
      this.table = tokens.table;
      this.wordTerms = new Int32Array(0);
    }
    for (const id of tokens.wordIds) {
      if (id >= this.wordTerms.length) this.wordTerms = grownBy(this.wordTerms, id, -1);
      let term = this.wordTerms[id]!;
      if (term < 0) {
        const word = tokens.table.words[id]!;
        this.wordTerms[id] = term = word.includes("\n") ? NO_TERM : this.termId(word);
      }
      if (term !== NO_TERM) this.count(term);
    }
    for (const code of tokens.bigrams) {
      let id = this.bigramIds.get(code);
      if (id < 0) this.bigramIds.set(code, (id = this.termId(`#${bigramText(code)}`)));
      this.count(id);
    }
    this.close(tokens.wordIds.length + tokens.bigrams.length);
  }

  private termId(term: string): number {
    let id = this.terms.get(term);
    if (id === undefined) this.terms.set(term, (id = this.terms.size));
    return id;
  }

  /** Counts one occurrence of a term in the document being added. */
  private count(id: number): void {
    if (id >= this.tf.length) this.tf = grownBy(this.tf, id, 0);
    const before = this.tf[id]!;
    this.tf[id] = before + 1;
    if (before === 0) this.touched.push(id);
  }

  /** Ends the document being added: its (term, frequency) pairs are appended, in order of first occurrence. */
  private close(length: number): void {
    for (const id of this.touched) {
      const at = this.used & PAIR_MASK;
      if (at === 0) {
        this.idBlocks.push(new Int32Array(PAIR_BLOCK));
        this.tfBlocks.push(new Uint8Array(PAIR_BLOCK));
      }
      this.idBlocks[this.idBlocks.length - 1]![at] = id;
      this.tfBlocks[this.tfBlocks.length - 1]![at] = Math.min(this.tf[id]!, MAX_TF);
      this.used++;
      this.tf[id] = 0;
    }
    this.touched.length = 0;
    this.lengths.push(length);
    this.ends.push(this.used);
  }

  /** The index of the documents added; the builder is spent (its arrays are let go). */
  build(): Bm25Index {
    const termCount = this.terms.size;
    const { idBlocks, tfBlocks, used } = this;
    const idAt = (p: number) => idBlocks[p >>> PAIR_BITS]![p & PAIR_MASK]!;
    const offsets = new Int32Array(termCount + 1);
    for (let p = 0; p < used; p++) offsets[idAt(p) + 1]! += 1;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const lows = new Uint16Array(used);
    const tfs = new Uint8Array(used);
    // Each term's blocks start at its end (empty) until a document of the block is placed; documents
    // come in ascending order, so a term's postings fill its blocks in order.
    const B = blocksFor(this.ends.length);
    const blocks = new Int32Array(termCount * B);
    const lastBlock = new Int32Array(termCount);
    for (let t = 0; t < termCount; t++) {
      blocks[t * B] = offsets[t]!;
      for (let h = 1; h < B; h++) blocks[t * B + h] = offsets[t + 1]!;
    }
    const cursor = offsets.slice(0, termCount);
    let p = 0;
    this.ends.forEach((end, doc) => {
      const h = doc >>> BLOCK_BITS;
      for (; p < end; p++) {
        const t = idAt(p);
        const at = cursor[t]!++;
        for (let x = lastBlock[t]! + 1; x <= h; x++) blocks[t * B + x] = at;
        if (h > lastBlock[t]!) lastBlock[t] = h;
        lows[at] = doc & LOW_MASK;
        tfs[at] = tfBlocks[p >>> PAIR_BITS]![p & PAIR_MASK]!;
      }
    });
    const docLengths = Int32Array.from(this.lengths);
    // The pairs are the largest thing an ingest holds until its files are written.
    this.idBlocks = [];
    this.tfBlocks = [];
    this.used = 0;
    this.ends.length = 0;
    return Bm25Index.assemble(this.params, this.terms, offsets, blocks, lows, tfs, docLengths);
  }
}
