/**
 * The baseline the benchmark compares against: what one builds with stock parts — LangChain's
 * RecursiveCharacterTextSplitter (the separators its documentation gives for languages without
 * spaces), jieba words scored by BM25, and the best chunk as the answer. Regulation chunks carry
 * the article they hold most of, so it cites articles as the pipeline does. No cleaning, headings,
 * query understanding, vectors or relevance threshold.
 */
import { readFile } from "node:fs/promises";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { Answer, Answerer, Citation } from "../answer/types.ts";
import type { LoadedCorpus } from "../corpus/load.ts";
import type { DocumentMeta } from "../corpus/types.ts";
import { Bm25Index } from "../index/lexical.ts";
import { parseChineseNumeral } from "../text/numerals.ts";
import { segmenter } from "../text/tokenize.ts";

/** The splitter's separators for Chinese, as LangChain's text-splitter documentation lists them. */
const CJK_SEPARATORS = ["\n\n", "\n", " ", ".", ",", "\u200b", "\uff0c", "\u3001", "\uff0e", "\u3002", ""];

/** Chunk size and overlap in characters. */
export interface BaselineOptions {
  chunkSize: number;
  chunkOverlap: number;
}

export const DEFAULT_BASELINE: BaselineOptions = { chunkSize: 300, chunkOverlap: 50 };

/** A chunk of a document, with the article it holds most of (regulations). */
interface BaselineChunk {
  doc: DocumentMeta;
  text: string;
  article?: number;
}

/** An article's number and where it runs in a regulation text: [start, end). */
export interface ArticleSpan {
  article: number;
  start: number;
  end: number;
}

/** The articles of a regulation text, each from its "第X条" line start to the next one's. */
export function articleSpans(text: string): ArticleSpan[] {
  const heads = [...text.matchAll(/^第([零〇一二两三四五六七八九十百]+)条/gm)].flatMap((m) => {
    const n = parseChineseNumeral(m[1]!);
    return n === undefined ? [] : [{ article: n, start: m.index }];
  });
  return heads.map((h, i) => ({ ...h, end: heads[i + 1]?.start ?? text.length }));
}

/** The article a text range [start, end) overlaps most, if any. */
export function articleOf(spans: ArticleSpan[], start: number, end: number): number | undefined {
  let best: ArticleSpan | undefined;
  let bestOverlap = 0;
  for (const s of spans) {
    const overlap = Math.min(end, s.end) - Math.max(start, s.start);
    if (overlap > bestOverlap) [best, bestOverlap] = [s, overlap];
  }
  return best?.article;
}

/** jieba's search-mode words of a text, lower-cased, without punctuation and spaces. */
export function jiebaTerms(text: string): string[] {
  return segmenter()
    .cutForSearch(text, true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/** Splits a text and finds each chunk's offset (chunks are trimmed substrings, in order). */
async function splitWithOffsets(splitter: RecursiveCharacterTextSplitter, text: string) {
  const out: { text: string; start: number }[] = [];
  let from = 0;
  for (const chunk of await splitter.splitText(text)) {
    const at = text.indexOf(chunk, from);
    out.push({ text: chunk, start: at < 0 ? from : at });
    if (at >= 0) from = at + 1;
  }
  return out;
}

/** The baseline answerer over a corpus's files. */
export class BaselineAnswerer implements Answerer {
  private constructor(
    private readonly chunks: BaselineChunk[],
    private readonly index: Bm25Index,
  ) {}

  /**
   * Reads every document as a text loader would (plain-text files raw; other formats as the
   * corpus extracted them), splits it and indexes the chunks.
   */
  static async build(corpus: LoadedCorpus, options: BaselineOptions = DEFAULT_BASELINE): Promise<BaselineAnswerer> {
    const splitter = new RecursiveCharacterTextSplitter({ ...options, separators: CJK_SEPARATORS });
    const chunks: BaselineChunk[] = [];
    for (const d of corpus.documents) {
      const file = corpus.sources.find((s) => s.path === d.meta.source);
      const text = file && /\.(txt|md)$/i.test(file.path) ? await readFile(file.absolute, "utf8") : d.text;
      if (text === undefined)
        throw new Error(`the baseline reads documents in full; ${d.meta.source} was carried over`);
      const spans = d.meta.kind === "regulation" ? articleSpans(text) : [];
      for (const c of await splitWithOffsets(splitter, text)) {
        const article = articleOf(spans, c.start, c.start + c.text.length);
        chunks.push({ doc: d.meta, text: c.text, ...(article !== undefined ? { article } : {}) });
      }
    }
    return new BaselineAnswerer(chunks, Bm25Index.fromTerms(chunks.map((c) => jiebaTerms(c.text))));
  }

  get size(): number {
    return this.chunks.length;
  }

  /** The top chunk's text as the answer, the top five chunks as citations. */
  async answer(question: string): Promise<Answer> {
    const hits = this.index.search(jiebaTerms(question), 5);
    const citations: Citation[] = hits.map((h, i) => {
      const { doc, text, article } = this.chunks[h.index]!;
      const base = { n: i + 1, title: doc.title, source: doc.source, quote: text };
      return doc.kind === "report"
        ? { ...base, kind: "report", bureau: doc.bureau, year: doc.year }
        : { ...base, kind: "regulation", regulation: doc.title, ...(article !== undefined ? { article } : {}) };
    });
    const top = hits[0] ? this.chunks[hits[0].index]!.text : "";
    return { question, answer: top, found: hits.length > 0, citations };
  }
}
