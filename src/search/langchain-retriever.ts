/**
 * The hybrid retriever as a LangChain retriever: a question in, `Document`s out, each carrying its
 * passage's citation fields in `metadata` — for anyone composing LangChain chains over the corpus.
 * A thin adapter: the question is read and searched exactly as the answerers do (understand, then
 * retrieve), so scoping, fusion and ranking are the same.
 */
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { ParsedQuery } from "./query.ts";
import type { Passage, Retrieval } from "./retriever.ts";

/** What the adapter searches with: reading a question, then retrieving for it (QueryEngine has both). */
export interface PassageSearch {
  understand(text: string): ParsedQuery;
  retrieve(query: ParsedQuery): Promise<Retrieval>;
  /** A reason the text cannot be searched (empty, too long, no words): no documents then. */
  check?(text: string): string | undefined;
}

/** The citation fields of a passage, as a Document's metadata (the fields of `ask --json` citations). */
export interface PassageMetadata {
  kind: "report" | "regulation";
  /** Document id (the file name of its source). */
  docId: string;
  /** `${docId}#${ordinal}`. */
  chunkId: string;
  /** Report title, or the regulation's title. */
  title: string;
  /** Source file path, relative to the project root. */
  source: string;
  bureau?: string;
  /** The year a report covers. */
  year?: number;
  /** 信访工作条例 or 信访条例. */
  regulation?: string;
  article?: number;
  /** Heading path (reports) or chapter (regulations), as citations show it. */
  section?: string;
  /** Headings from the outermost in (reports); [] for regulations. */
  headingPath: string[];
  /** A regulation's status: "superseded" for the 2005 《信访条例》. */
  status?: "in_force" | "superseded";
  /** Character offsets of the passage in the cleaned document text. */
  start: number;
  end: number;
  /** Paged sources (PDF): the page the passage starts on, and the last page when it runs on. */
  page?: number;
  pageEnd?: number;
  /** Rank from 1, the retriever's order. */
  rank: number;
  /** Fused ranking score. */
  score: number;
  /** Weighted share of the question's concepts found in the passage or its headings (0..1). */
  coverage: number;
}

/** Document metadata of a ranked passage (`rank` from 1). */
export function passageMetadata(p: Passage, rank: number): PassageMetadata {
  const { chunk, doc } = p;
  const common = {
    docId: doc.id,
    chunkId: chunk.id,
    title: doc.title,
    source: doc.source,
    headingPath: chunk.headingPath,
    start: chunk.start,
    end: chunk.end,
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
    ...(chunk.pageEnd !== undefined ? { pageEnd: chunk.pageEnd } : {}),
    rank,
    score: p.score,
    coverage: p.coverage,
  };
  if (doc.kind === "report") {
    return {
      kind: "report",
      ...common,
      bureau: doc.bureau,
      year: doc.year,
      ...(chunk.headingPath.length > 0 ? { section: chunk.headingPath.join(" > ") } : {}),
    };
  }
  return {
    kind: "regulation",
    ...common,
    regulation: doc.title,
    ...(chunk.article !== undefined ? { article: chunk.article } : {}),
    ...(chunk.chapter ? { section: chunk.chapter } : {}),
    status: doc.status,
  };
}

/** Options of the adapter. */
export interface PassageRetrieverInput extends BaseRetrieverInput {
  /** The search to use, asked on every call (so an index rebuilt and swapped in is used at once). */
  engine: () => PassageSearch;
  /** At most this many documents; default all the retrieval returns (8, or more across reports). */
  k?: number;
}

/** The hybrid retriever as a LangChain `BaseRetriever`: passages become cited `Document`s, best first. */
export class PassageRetriever extends BaseRetriever<PassageMetadata> {
  static override lc_name(): string {
    return "PassageRetriever";
  }

  lc_namespace = ["xinfang_qa", "search"];
  private readonly engine: () => PassageSearch;
  private readonly k: number | undefined;

  constructor(fields: PassageRetrieverInput) {
    super(fields);
    this.engine = fields.engine;
    this.k = fields.k;
  }

  override async _getRelevantDocuments(question: string): Promise<Document<PassageMetadata>[]> {
    const engine = this.engine();
    if (engine.check?.(question)) return [];
    const retrieval = await engine.retrieve(engine.understand(question.trim()));
    return retrieval.passages
      .slice(0, this.k)
      .map((p, i) => new Document({ pageContent: p.chunk.text, metadata: passageMetadata(p, i + 1), id: p.chunk.id }));
  }
}
