/** Building an extractive answer: quoted lines with [n] markers, citations numbered as first quoted. */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { citationFor, quotePages } from "./citations.ts";
import type { Answer, Citation } from "./types.ts";

/** Numbers the cited chunks in the order they are first quoted; quotes from one chunk share a marker. */
export class AnswerBuilder {
  readonly citations: Citation[] = [];
  private readonly lines: string[] = [];
  private readonly markerOf = new Map<Chunk, number>();
  private readonly highlights = new Set<string>();

  /** Cites a quote from a chunk and returns its marker. */
  cite(chunk: Chunk, doc: DocumentMeta, quote: string): number {
    let n = this.markerOf.get(chunk);
    if (n === undefined) {
      n = this.citations.length + 1;
      this.markerOf.set(chunk, n);
      this.citations.push(citationFor(n, chunk, doc, quote));
    } else {
      const c = this.citations[n - 1]!;
      if (!c.quote.includes(quote)) {
        c.quote = `${c.quote}……${quote}`;
        delete c.pageEnd;
        Object.assign(c, quotePages(chunk, c.quote));
      }
    }
    return n;
  }

  /** Adds a line: text followed by its marker. */
  quote(text: string, chunk: Chunk, doc: DocumentMeta, options: { lead?: string; quote?: string } = {}): void {
    const n = this.cite(chunk, doc, options.quote ?? text.replace(/^…|…$/g, ""));
    this.lines.push(`${options.lead ?? ""}${text}[${n}]`);
  }

  /** Adds a line without a marker (headings, notes). */
  line(text: string): void {
    this.lines.push(text);
  }

  highlight(texts: string[]): void {
    for (const t of texts) this.highlights.add(t);
  }

  build(question: string, head: string[]): Answer {
    return {
      question,
      answer: [...head.filter(Boolean), ...this.lines].join("\n"),
      found: true,
      citations: this.citations,
      ...(this.highlights.size ? { highlights: [...this.highlights] } : {}),
    };
  }
}
