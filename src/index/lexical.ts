/**
 * A BM25 index over Chinese terms (jieba words + character bigrams). Postings live in two parallel
 * arrays, term after term: document indexes (Int32Array) and term frequencies (Uint8Array,
 * saturating at 255, more than a chunk's length allows), with a term -> range map; they are saved
 * as two files: the terms as text and the numbers as raw little-endian binary.
 */
import { bigramText, lexicalTerms, type TextTokens } from "../text/tokenize.ts";

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
// document lengths (int32 × documents), term offsets into the postings (int32 × (terms + 1)), the
// postings' documents (int32 × postings) and their term frequencies (uint8 × postings).
const MAGIC = 0x424d3235; // "BM25"
const VERSION = 2;
const MAX_TF = 255;
const HEADER_BYTES = 16 + 24;

/** BM25 over pre-tokenised documents; documents are addressed by their insertion index. */
export class Bm25Index {
  private readonly avgLength: number;
  /** lengthNorms(), computed on the first search. */
  private norms: Float64Array | undefined;

  private constructor(
    readonly params: Bm25Params,
    /** term -> its number in `offsets` */
    private readonly terms: Map<string, number>,
    /** postings of term t: docs and tfs [offsets[t] .. offsets[t + 1]), by ascending document */
    private readonly offsets: Int32Array,
    private readonly docs: Int32Array,
    private readonly tfs: Uint8Array,
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
    docs: Int32Array,
    tfs: Uint8Array,
    docLengths: Int32Array,
  ): Bm25Index {
    return new Bm25Index(params, terms, offsets, docs, tfs, docLengths);
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
    const bytes = (part: Int32Array) => new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    return [header, bytes(this.docLengths), bytes(this.offsets), bytes(this.docs), this.tfs];
  }

  /** Restores an index from its saved form; throws when the files do not fit together. */
  static fromFiles(files: Bm25Files): Bm25Index {
    const { data } = files;
    if (data.byteLength < HEADER_BYTES) throw new Error("lexical index: file too short");
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
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
    // Read in place when aligned (a large file's buffer is its own); otherwise copied into an aligned
    // buffer (a small file's bytes may sit anywhere in a pooled one).
    const start = data.byteOffset + HEADER_BYTES;
    const body = data.byteLength - HEADER_BYTES;
    const fixed = count + termCount + 1; // int32s before the postings
    if (count < 0 || termCount < 0 || body < 4 * fixed) throw new Error("lexical index: file too short");
    const postingCount = (body - 4 * fixed) / 5;
    if (!Number.isInteger(postingCount)) throw new Error("lexical index: terms and postings disagree");
    const intCount = fixed + postingCount;
    let ints: Int32Array;
    if (start % 4 === 0) ints = new Int32Array(data.buffer, start, intCount);
    else {
      ints = new Int32Array(intCount);
      new Uint8Array(ints.buffer).set(data.subarray(HEADER_BYTES, HEADER_BYTES + 4 * intCount));
    }
    const docLengths = ints.subarray(0, count);
    const offsets = ints.subarray(count, fixed);
    const docs = ints.subarray(fixed);
    const tfs = data.subarray(HEADER_BYTES + 4 * intCount);
    const names = termCount === 0 ? [] : files.terms.split("\n");
    if (names.length !== termCount || offsets[termCount] !== postingCount) {
      throw new Error("lexical index: terms and postings disagree");
    }
    const terms = new Map<string, number>();
    names.forEach((t, i) => terms.set(t, i));
    return new Bm25Index(params, terms, offsets, docs, tfs, docLengths);
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
    const docs = new Int32Array(this.docs.length + extra);
    const tfs = new Uint8Array(docs.length);
    const offsets: number[] = [];
    const terms = new Map<string, number>();
    let at = 0;
    const put = (doc: number, tf: number) => {
      docs[at] = doc;
      tfs[at++] = Math.min(tf, MAX_TF);
    };
    for (const [term, t] of this.terms) {
      const begin = at;
      const list = addedLists.get(term);
      if (list === undefined) {
        // Most terms: no new document holds them, and their postings are only renumbered.
        at = copyRenumbered(this.docs, this.tfs, this.offsets[t]!, this.offsets[t + 1]!, renumber, docs, tfs, at);
      } else {
        addedLists.delete(term);
        let k = 0;
        // Both lists ascend by (new) document: merged.
        for (let i = this.offsets[t]!, end = this.offsets[t + 1]!; i < end; i++) {
          const doc = renumber[this.docs[i]!]!;
          if (doc < 0) continue;
          for (; k < list.length && list[k]! < doc; k += 2) put(list[k]!, list[k + 1]!);
          put(doc, this.tfs[i]!);
        }
        for (; k < list.length; k += 2) put(list[k]!, list[k + 1]!);
      }
      if (at === begin) continue; // a term no document holds any more
      terms.set(term, offsets.length);
      offsets.push(begin);
    }
    for (const [term, list] of addedLists) {
      terms.set(term, offsets.length);
      offsets.push(at);
      for (let k = 0; k < list.length; k += 2) put(list[k]!, list[k + 1]!);
    }
    offsets.push(at);
    return new Bm25Index(
      this.params,
      terms,
      Int32Array.from(offsets),
      docs.subarray(0, at),
      tfs.subarray(0, at),
      docLengths,
    );
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
    return this.docs.slice(this.offsets[t]!, this.offsets[t + 1]!);
  }

  /**
   * Scores only the given documents (ascending indexes, no repeats), best first: for a narrow scope (one
   * report) this costs what the scope holds, finding each document in a term's postings by binary
   * search instead of walking the whole list.
   */
  searchWithin(queryTerms: string[], limit: number, within: readonly number[]): LexicalHit[] {
    // Scores by position in `within`, so nothing here is sized by the corpus.
    const scores = new Float64Array(within.length);
    const { docs, tfs } = this;
    for (const { t, w } of this.weighted(queryTerms)) {
      const first = this.offsets[t]!;
      const last = this.offsets[t + 1]! - 1;
      within.forEach((doc, k) => {
        // The postings are in document order: binary search for `doc`.
        let lo = first;
        let hi = last;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const d = docs[mid]!;
          if (d === doc) return void (scores[k]! += this.termScore(w, tfs[mid]!, doc));
          if (d < doc) lo = mid + 1;
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
      this.norms = Float64Array.from(this.docLengths, (length) => k1 * (1 - b + (b * length) / this.avgLength));
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
    const { docs, tfs } = this;
    // termScore, unrolled: a common term's postings run through every chunk.
    const norms = this.lengthNorms();
    const k1Plus1 = this.params.k1 + 1;
    for (const { t, w } of this.weighted(queryTerms)) {
      const [start, end] = [this.offsets[t]!, this.offsets[t + 1]!];
      if (filter) accumulateWhere(filter, docs, tfs, start, end, w, k1Plus1, norms, scores);
      else accumulate(docs, tfs, start, end, w, k1Plus1, norms, scores);
    }
    return topScored(scores, limit);
  }
}

/** The `limit` best of `candidates` by score (ties: lower index first), best first, via a small heap. */
export function topK(candidates: number[], scores: Float64Array, limit: number): LexicalHit[] {
  // A min-heap of the best so far: its root is the worst of them.
  const heap: number[] = [];
  const worse = (x: number, y: number) => scores[x]! < scores[y]! || (scores[x] === scores[y] && x > y);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const c of candidates) {
    if (heap.length < limit) {
      heap.push(c);
      for (let i = heap.length - 1; i > 0 && worse(heap[i]!, heap[(i - 1) >> 1]!); i = (i - 1) >> 1) {
        swap(i, (i - 1) >> 1);
      }
    } else if (limit > 0 && worse(heap[0]!, c)) {
      heap[0] = c;
      down(0);
    }
  }
  return heap.sort((x, y) => scores[y]! - scores[x]! || x - y).map((index) => ({ index, score: scores[index]! }));
}

/**
 * Copies postings [start, end) of one index into another at `at`, each document renumbered
 * (withdrawn ones, numbered -1, left out); returns where the copy ends. A loop of its own, which
 * the engine optimises at once: a patch runs it over every posting of the corpus.
 */
function copyRenumbered(
  fromDocs: Int32Array,
  fromTfs: Uint8Array,
  start: number,
  end: number,
  renumber: Int32Array,
  docs: Int32Array,
  tfs: Uint8Array,
  at: number,
): number {
  for (let i = start; i < end; i++) {
    const doc = renumber[fromDocs[i]!]!;
    if (doc < 0) continue;
    docs[at] = doc;
    tfs[at++] = fromTfs[i]!;
  }
  return at;
}

// One term's postings added to the scores, in small functions of their own so that the engine
// optimises the loop early in a process's first question (a common term runs through every chunk).
// A posting adds w × (tf × (k1 + 1)) / (tf + norm), grouped as termScore groups it.
function accumulate(
  docs: Int32Array,
  tfs: Uint8Array,
  start: number,
  end: number,
  w: number,
  k1Plus1: number,
  norms: Float64Array,
  scores: Float64Array,
): void {
  for (let i = start; i < end; i++) {
    const doc = docs[i]!;
    const tf = tfs[i]!;
    scores[doc]! += (w * (tf * k1Plus1)) / (tf + norms[doc]!);
  }
}

/** accumulate, for the documents a filter keeps. */
function accumulateWhere(
  filter: (index: number) => boolean,
  docs: Int32Array,
  tfs: Uint8Array,
  start: number,
  end: number,
  w: number,
  k1Plus1: number,
  norms: Float64Array,
  scores: Float64Array,
): void {
  for (let i = start; i < end; i++) {
    const doc = docs[i]!;
    if (!filter(doc)) continue;
    const tf = tfs[i]!;
    scores[doc]! += (w * (tf * k1Plus1)) / (tf + norms[doc]!);
  }
}

/** topK over the documents with a score above 0, without listing them first. */
function topScored(scores: Float64Array, limit: number): LexicalHit[] {
  // A min-heap of the best so far, its root the worst of them (by score, then the higher index).
  const heap: number[] = [];
  const worse = (x: number, y: number) => scores[x]! < scores[y]! || (scores[x] === scores[y] && x > y);
  for (let doc = 0; doc < scores.length; doc++) {
    if (scores[doc]! <= 0) continue;
    if (heap.length < limit) {
      heap.push(doc);
      for (let i = heap.length - 1, p = (i - 1) >> 1; i > 0 && worse(heap[i]!, heap[p]!); i = p, p = (i - 1) >> 1)
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
    } else if (limit > 0 && worse(heap[0]!, doc)) {
      heap[0] = doc;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
  }
  return heap.sort((x, y) => scores[y]! - scores[x]! || x - y).map((index) => ({ index, score: scores[index]! }));
}

/**
 * Builds a Bm25Index one document at a time, in typed arrays: each document's (term, frequency)
 * pairs go into one growing Int32Array, and build() lays them out term after term (a counting
 * sort), so no per-term lists of boxed numbers are made. Terms are numbered in order of first
 * appearance and each term's postings are in document order.
 */
export class Bm25Builder {
  private readonly terms = new Map<string, number>();
  /** Term ids of bigrams by code (addTokens). */
  private readonly bigramIds = new Map<number, number>();
  /** Frequencies in the document being added, by term id, and the ids counted so far. */
  private tf = new Int32Array(1 << 12);
  private readonly touched: number[] = [];
  private pairs = new Int32Array(1 << 16);
  private used = 0;
  private readonly lengths: number[] = [];
  /** Where each document's pairs end in `pairs`. */
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
  addTokens(tokens: Pick<TextTokens, "words" | "bigrams">): void {
    for (const word of tokens.words) if (!word.includes("\n")) this.count(this.termId(word));
    for (const code of tokens.bigrams) {
      let id = this.bigramIds.get(code);
      if (id === undefined) this.bigramIds.set(code, (id = this.termId(`#${bigramText(code)}`)));
      this.count(id);
    }
    this.close(tokens.words.length + tokens.bigrams.length);
  }

  private termId(term: string): number {
    let id = this.terms.get(term);
    if (id === undefined) this.terms.set(term, (id = this.terms.size));
    return id;
  }

  /** Counts one occurrence of a term in the document being added. */
  private count(id: number): void {
    if (id >= this.tf.length) {
      const grown = new Int32Array(Math.max(2 * this.tf.length, id + 1));
      grown.set(this.tf);
      this.tf = grown;
    }
    const before = this.tf[id]!;
    this.tf[id] = before + 1;
    if (before === 0) this.touched.push(id);
  }

  /** Ends the document being added: its (term, frequency) pairs are appended, in order of first occurrence. */
  private close(length: number): void {
    const needed = this.used + 2 * this.touched.length;
    if (needed > this.pairs.length) {
      const grown = new Int32Array(Math.max(2 * this.pairs.length, needed));
      grown.set(this.pairs.subarray(0, this.used));
      this.pairs = grown;
    }
    for (const id of this.touched) {
      this.pairs[this.used++] = id;
      this.pairs[this.used++] = this.tf[id]!;
      this.tf[id] = 0;
    }
    this.touched.length = 0;
    this.lengths.push(length);
    this.ends.push(this.used);
  }

  /** The index of the documents added. */
  build(): Bm25Index {
    const termCount = this.terms.size;
    const offsets = new Int32Array(termCount + 1);
    for (let p = 0; p < this.used; p += 2) offsets[this.pairs[p]! + 1]! += 1;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const docs = new Int32Array(this.used / 2);
    const tfs = new Uint8Array(docs.length);
    const cursor = offsets.slice(0, termCount);
    let p = 0;
    this.ends.forEach((end, doc) => {
      for (; p < end; p += 2) {
        const at = cursor[this.pairs[p]!]!++;
        docs[at] = doc;
        tfs[at] = Math.min(this.pairs[p + 1]!, MAX_TF);
      }
    });
    return Bm25Index.assemble(this.params, this.terms, offsets, docs, tfs, Int32Array.from(this.lengths));
  }
}
