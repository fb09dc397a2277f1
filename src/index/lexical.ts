/**
 * A BM25 index over Chinese terms (jieba words + character bigrams). Postings live in one Int32Array
 * (pairs of document index and term frequency, term after term) with a term -> range map, and are
 * saved as two files: the terms as text and the numbers as raw little-endian binary.
 */
import { lexicalTerms } from "../text/tokenize.ts";

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
// document lengths (int32 × documents), term offsets into the postings (int32 × (terms + 1)), postings.
const MAGIC = 0x424d3235; // "BM25"
const VERSION = 1;
const HEADER_BYTES = 16 + 24;

/** BM25 over pre-tokenised documents; documents are addressed by their insertion index. */
export class Bm25Index {
  private readonly avgLength: number;

  private constructor(
    readonly params: Bm25Params,
    /** term -> its number in `offsets` */
    private readonly terms: Map<string, number>,
    /** postings of term t: pairs in postings[offsets[t] .. offsets[t + 1]) */
    private readonly offsets: Int32Array,
    private readonly postings: Int32Array,
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
    const lists = new Map<string, number[]>();
    docs.forEach((terms, index) => {
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        if (t.includes("\n")) continue; // the saved term list is one term per line
        let list = lists.get(t);
        if (!list) lists.set(t, (list = []));
        list.push(index, n);
      }
    });
    const terms = new Map<string, number>();
    const offsets = new Int32Array(lists.size + 1);
    let size = 0;
    for (const list of lists.values()) size += list.length;
    const postings = new Int32Array(size);
    let at = 0;
    for (const [term, list] of lists) {
      offsets[terms.size] = at;
      terms.set(term, terms.size);
      postings.set(list, at);
      at += list.length;
    }
    offsets[terms.size] = at;
    return new Bm25Index(
      params,
      terms,
      offsets,
      postings,
      Int32Array.from(docs, (d) => d.length),
    );
  }

  /** The saved form (see Bm25Files). */
  toFiles(): Bm25Files {
    const count = this.docLengths.length;
    const termCount = this.terms.size;
    const bytes = HEADER_BYTES + 4 * (count + termCount + 1 + this.postings.length);
    const data = new Uint8Array(bytes);
    const view = new DataView(data.buffer);
    [MAGIC, VERSION, count, termCount].forEach((v, i) => view.setInt32(4 * i, v, true));
    [this.params.k1, this.params.b, this.params.bigramWeight].forEach((v, i) => view.setFloat64(16 + 8 * i, v, true));
    let at = HEADER_BYTES;
    for (const part of [this.docLengths, this.offsets, this.postings]) {
      data.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
      at += part.byteLength;
    }
    return { terms: [...this.terms.keys()].join("\n"), data };
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
    // Copied into an aligned buffer of its own (a file's bytes need not start at a multiple of 4).
    const ints = new Int32Array((data.byteLength - HEADER_BYTES) / 4);
    new Uint8Array(ints.buffer).set(data.subarray(HEADER_BYTES));
    const docLengths = ints.subarray(0, count);
    const offsets = ints.subarray(count, count + termCount + 1);
    const postings = ints.subarray(count + termCount + 1);
    const names = termCount === 0 ? [] : files.terms.split("\n");
    if (names.length !== termCount || offsets[termCount] !== postings.length) {
      throw new Error("lexical index: terms and postings disagree");
    }
    const terms = new Map<string, number>();
    names.forEach((t, i) => terms.set(t, i));
    return new Bm25Index(params, terms, offsets, postings, docLengths);
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
    return t === undefined ? 0 : (this.offsets[t + 1]! - this.offsets[t]!) / 2;
  }

  /** The documents holding a term, ascending (empty for an unknown term). */
  documentsWith(term: string): Int32Array {
    const t = this.terms.get(term);
    if (t === undefined) return new Int32Array(0);
    const pairs = this.postings.subarray(this.offsets[t]!, this.offsets[t + 1]!);
    return Int32Array.from({ length: pairs.length / 2 }, (_, i) => pairs[2 * i]!);
  }

  /**
   * Scores only the given documents (ascending indexes, no repeats), best first: for a narrow scope (one
   * report) this costs what the scope holds, finding each document in a term's postings by binary
   * search instead of walking the whole list.
   */
  searchWithin(queryTerms: string[], limit: number, within: readonly number[]): LexicalHit[] {
    // Scores by position in `within`, so nothing here is sized by the corpus.
    const scores = new Float64Array(within.length);
    const list = this.postings;
    for (const { t, w } of this.weighted(queryTerms)) {
      const first = this.offsets[t]! / 2;
      const pairs = (this.offsets[t + 1]! - this.offsets[t]!) / 2;
      within.forEach((doc, k) => {
        // The pairs are in document order: binary search for `doc`.
        let lo = 0;
        let hi = pairs - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const d = list[2 * (first + mid)]!;
          if (d === doc) return void (scores[k]! += this.termScore(w, list[2 * (first + mid) + 1]!, doc));
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
    const { k1, b } = this.params;
    return (w * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * this.docLengths[doc]!) / this.avgLength));
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for an unknown term. */
  idf(term: string): number {
    const t = this.terms.get(term);
    if (t === undefined) return 0;
    const df = (this.offsets[t + 1]! - this.offsets[t]!) / 2;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The weight a term kind carries (bigrams are prefixed with #). */
  termWeight(term: string): number {
    return term.startsWith("#") ? this.params.bigramWeight : 1;
  }

  /** Scores every document that contains a query term and passes the filter, best first. */
  search(queryTerms: string[], limit: number, filter?: (index: number) => boolean): LexicalHit[] {
    // Scores in a dense array (a common term touches most chunks), the touched chunks listed once.
    const scores = new Float64Array(this.docLengths.length);
    const seen = new Uint8Array(this.docLengths.length);
    const touched: number[] = [];
    const list = this.postings;
    for (const { t, w } of this.weighted(queryTerms)) {
      for (let i = this.offsets[t]!, end = this.offsets[t + 1]!; i < end; i += 2) {
        const doc = list[i]!;
        if (filter && !filter(doc)) continue;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched.push(doc);
        }
        scores[doc]! += this.termScore(w, list[i + 1]!, doc);
      }
    }
    return topK(touched, scores, limit);
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
