/**
 * The default embedder: a deterministic hashed bag of Chinese n-grams, needing no model files.
 *
 * Each text becomes counts of jieba words, CJK character bigrams and single characters (on
 * simplified, width-folded text); every feature is hashed (FNV-1a) to one of `dimensions` signed
 * buckets, weighted by kind and by 1 + ln(count), and the vector is L2-normalised, so cosine
 * similarity is a weighted n-gram overlap. It knows no synonyms: that is what the optional
 * OpenAI-compatible provider is for.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { normalizeForMatch } from "../text/script.ts";
import { cjkBigrams, words } from "../text/tokenize.ts";

/** Options of LocalHashEmbeddings. */
export interface LocalHashEmbeddingsParams extends EmbeddingsParams {
  /** Vector length; 512 by default. */
  dimensions?: number;
}

/** Weights of the three feature kinds: words carry meaning, bigrams and characters recall. */
const WEIGHTS = { word: 1.0, bigram: 0.6, char: 0.15 } as const;
const CJK_CHAR = /[\u3400-\u9fff]/;

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and machines. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Deterministic local embeddings; see the module comment. */
export class LocalHashEmbeddings extends Embeddings {
  readonly dimensions: number;
  /** The model name recorded in the index manifest. */
  readonly model = "hashed-ngrams-v1";

  constructor(params: LocalHashEmbeddingsParams = {}) {
    super(params);
    this.dimensions = params.dimensions ?? 512;
  }

  /** Embeds one text synchronously (the async methods wrap this). */
  embed(text: string): number[] {
    const counts = new Map<string, { kind: keyof typeof WEIGHTS; n: number }>();
    const bump = (key: string, kind: keyof typeof WEIGHTS) => {
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { kind, n: 1 });
    };
    for (const w of words(text)) bump(`w:${w}`, "word");
    for (const b of cjkBigrams(text)) bump(`b:${b}`, "bigram");
    for (const c of normalizeForMatch(text)) if (CJK_CHAR.test(c)) bump(`c:${c}`, "char");

    const v = new Float64Array(this.dimensions);
    for (const [key, { kind, n }] of counts) {
      const h = fnv1a(key);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * WEIGHTS[kind] * (1 + Math.log(n));
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  override async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }
}
