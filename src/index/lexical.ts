/** A BM25 index over Chinese terms (jieba words + character bigrams), serialisable to JSON. */
import { lexicalTerms } from "../text/tokenize.ts";

/** BM25 parameters. */
export interface Bm25Params {
  k1: number;
  b: number;
  /** Weight of a character-bigram term relative to a word term. */
  bigramWeight: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, bigramWeight: 0.4 };

/** The JSON form of a Bm25Index. */
export interface Bm25Json {
  params: Bm25Params;
  docLengths: number[];
  /** term -> flat [docIndex, termFrequency, docIndex, termFrequency, …]. */
  postings: Record<string, number[]>;
}

/** One scored document. */
export interface LexicalHit {
  index: number;
  score: number;
}

/** BM25 over pre-tokenised documents; documents are addressed by their insertion index. */
export class Bm25Index {
  private readonly postings: Map<string, number[]>;
  private readonly docLengths: number[];
  private readonly avgLength: number;

  private constructor(
    readonly params: Bm25Params,
    postings: Map<string, number[]>,
    docLengths: number[],
  ) {
    this.postings = postings;
    this.docLengths = docLengths;
    this.avgLength = docLengths.reduce((a, b) => a + b, 0) / Math.max(1, docLengths.length);
  }

  /** Builds an index from texts, tokenised with lexicalTerms. */
  static fromTexts(texts: string[], params: Bm25Params = DEFAULT_BM25): Bm25Index {
    return Bm25Index.fromTerms(texts.map(lexicalTerms), params);
  }

  /** Builds an index from already tokenised documents. */
  static fromTerms(docs: string[][], params: Bm25Params = DEFAULT_BM25): Bm25Index {
    const postings = new Map<string, number[]>();
    docs.forEach((terms, index) => {
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        list.push(index, n);
      }
    });
    return new Bm25Index(
      params,
      postings,
      docs.map((d) => d.length),
    );
  }

  /** Restores an index saved with toJSON. */
  static fromJSON(json: Bm25Json): Bm25Index {
    return new Bm25Index(json.params, new Map(Object.entries(json.postings)), json.docLengths);
  }

  toJSON(): Bm25Json {
    return { params: this.params, docLengths: this.docLengths, postings: Object.fromEntries(this.postings) };
  }

  get size(): number {
    return this.docLengths.length;
  }

  /** Whether a term occurs in the index. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for an unknown term. */
  idf(term: string): number {
    const list = this.postings.get(term);
    if (!list) return 0;
    const df = list.length / 2;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The weight a term kind carries (bigrams are prefixed with #). */
  termWeight(term: string): number {
    return term.startsWith("#") ? this.params.bigramWeight : 1;
  }

  /** Scores every document that contains a query term and passes the filter, best first. */
  search(queryTerms: string[], limit: number, filter?: (index: number) => boolean): LexicalHit[] {
    const { k1, b } = this.params;
    // Scores in a dense array (a common term touches most chunks), the touched chunks listed once.
    const scores = new Float64Array(this.docLengths.length);
    const seen = new Uint8Array(this.docLengths.length);
    const touched: number[] = [];
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const w = this.idf(term) * this.termWeight(term);
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        if (filter && !filter(doc)) continue;
        const tf = list[i + 1]!;
        const norm = tf + k1 * (1 - b + (b * this.docLengths[doc]!) / this.avgLength);
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched.push(doc);
        }
        scores[doc]! += (w * (tf * (k1 + 1))) / norm;
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
