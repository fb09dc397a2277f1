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
import { textTokens, type TextTokens, type WordTable } from "../text/tokenize.ts";
import { CodeCounts } from "./code-tables.ts";

/** Options of LocalHashEmbeddings. */
export interface LocalHashEmbeddingsParams extends EmbeddingsParams {
  /** Vector length; 512 by default. */
  dimensions?: number;
}

/** Weights of the three feature kinds: words carry meaning, bigrams and characters recall. */
const WEIGHTS = { word: 1.0, bigram: 0.6, char: 0.15 } as const;

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and machines. */
export function fnv1a(text: string): number {
  return fnv1aFrom(FNV_OFFSET, text);
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a continued over `text` from state `h`. */
function fnv1aFrom(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** FNV-1a continued over one code unit. */
function fnv1aUnits(h: number, unit: number): number {
  return Math.imul(h ^ unit, 0x01000193) >>> 0;
}

/** The hash states after each feature kind's prefix. */
const PREFIX = {
  word: fnv1aFrom(FNV_OFFSET, "w:"),
  bigram: fnv1aFrom(FNV_OFFSET, "b:"),
  char: fnv1aFrom(FNV_OFFSET, "c:"),
};

/** 1 + ln(n) for the counts most features have. */
const LOG_COUNTS = Float64Array.from({ length: 64 }, (_, n) => 1 + Math.log(n));

/** Adds a feature of hash `h`, seen `n` times, to its signed bucket of `v`. */
function addFeature(v: Float64Array, dimensions: number, h: number, weight: number, n: number): void {
  const sign = h & 0x80000000 ? -1 : 1;
  v[h % dimensions]! += sign * weight * (n < LOG_COUNTS.length ? LOG_COUNTS[n]! : 1 + Math.log(n));
}

/** The word features' hashes of each word table, by word number (tables only grow). */
const WORD_HASHES = new WeakMap<WordTable, number[]>();

function wordHashes(table: WordTable): number[] {
  let hashes = WORD_HASHES.get(table);
  if (!hashes) WORD_HASHES.set(table, (hashes = []));
  for (let id = hashes.length; id < table.words.length; id++) hashes.push(fnv1aFrom(PREFIX.word, table.words[id]!));
  return hashes;
}

const WORDS = new CodeCounts();
const BIGRAMS = new CodeCounts();
const CHARS = new CodeCounts();

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
    return Array.from(this.unitVector(textTokens(text)));
  }

  /** Embeds an already tokenised text: the index builder tokenises each chunk once for both indexes. */
  embedTokens(tokens: TextTokens): Float32Array {
    return new Float32Array(this.unitVector(tokens));
  }

  private unitVector(tokens: TextTokens): Float64Array {
    // Counts per feature, in the order features are first met: words, then bigrams, then characters
    // (the order the weights are summed in). Words are counted by number, bigrams and characters by code.
    const words = WORDS.start(tokens.wordIds.length);
    for (const id of tokens.wordIds) words.add(id);
    const bigrams = BIGRAMS.start(tokens.bigrams.length);
    for (const code of tokens.bigrams) bigrams.add(code);
    const text = tokens.normalized;
    const chars = CHARS.start(text.length);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x3400 && unit <= 0x9fff) chars.add(unit);
    }

    const dimensions = this.dimensions;
    const v = new Float64Array(dimensions);
    // fnv1a of "w:" + word, "b:" + bigram, "c:" + character, from the prefix's state; a word's is
    // worked out once per word table.
    const hashes = wordHashes(tokens.table);
    for (let k = 0; k < words.size; k++)
      addFeature(v, dimensions, hashes[words.keys[k]!]!, WEIGHTS.word, words.counts[k]!);
    for (let k = 0; k < bigrams.size; k++) {
      const code = bigrams.keys[k]! >>> 0;
      const h = fnv1aUnits(fnv1aUnits(PREFIX.bigram, code >>> 16), code & 0xffff);
      addFeature(v, dimensions, h, WEIGHTS.bigram, bigrams.counts[k]!);
    }
    for (let k = 0; k < chars.size; k++)
      addFeature(v, dimensions, fnv1aUnits(PREFIX.char, chars.keys[k]!), WEIGHTS.char, chars.counts[k]!);
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += v[d]! * v[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dimensions; d++) v[d]! /= norm;
    return v;
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  override async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }
}
