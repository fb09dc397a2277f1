/**
 * The plain baseline the benchmark compares against: fixed-size character windows of the raw
 * files, BM25 over the same Chinese terms, and the best window as the answer (no structure, no
 * cleaning, no query understanding, no relevance threshold).
 */
import { readFile } from "node:fs/promises";
import type { Answer, Answerer, Citation } from "../answer/types.ts";
import type { LoadedCorpus } from "../corpus/load.ts";
import type { DocumentMeta } from "../corpus/types.ts";
import { Bm25Index } from "../index/lexical.ts";
import { queryTerms } from "../text/tokenize.ts";

/** A window of a raw file. */
interface Window {
  doc: DocumentMeta;
  text: string;
}

/** Cuts text into windows of `size` characters overlapping by `overlap`. */
export function fixedWindows(text: string, size: number, overlap: number): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length; start += size - overlap) {
    out.push(text.slice(start, start + size));
    if (start + size >= text.length) break;
  }
  return out;
}

/** The baseline answerer over a corpus's raw files. */
export class BaselineAnswerer implements Answerer {
  private constructor(
    private readonly windows: Window[],
    private readonly index: Bm25Index,
  ) {}

  /** Reads every source file raw and indexes its windows. */
  static async build(corpus: LoadedCorpus, size = 300, overlap = 50): Promise<BaselineAnswerer> {
    const windows: Window[] = [];
    for (const d of corpus.documents) {
      const file = corpus.sources.find((s) => s.path === d.meta.source);
      if (!file) continue;
      const raw = await readFile(file.absolute, "utf8");
      for (const text of fixedWindows(raw, size, overlap)) windows.push({ doc: d.meta, text });
    }
    return new BaselineAnswerer(windows, Bm25Index.fromTexts(windows.map((w) => w.text)));
  }

  get size(): number {
    return this.windows.length;
  }

  /** The top window's text as the answer, the top five windows as citations. */
  async answer(question: string): Promise<Answer> {
    const hits = this.index.search(queryTerms(question), 5);
    const citations: Citation[] = hits.map((h, i) => {
      const { doc, text } = this.windows[h.index]!;
      return doc.kind === "report"
        ? {
            n: i + 1,
            kind: "report",
            title: doc.title,
            bureau: doc.bureau,
            year: doc.year,
            source: doc.source,
            quote: text,
          }
        : { n: i + 1, kind: "regulation", title: doc.title, regulation: doc.title, source: doc.source, quote: text };
    });
    const top = hits[0] ? this.windows[hits[0].index]!.text : "";
    return { question, answer: top, found: hits.length > 0, citations };
  }
}
