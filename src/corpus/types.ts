/** The shapes that flow through the pipeline: documents with metadata, and the chunks they become. */

/** What is known about one annual report. */
export interface ReportMeta {
  kind: "report";
  /** Stable id: the file name without extension. */
  id: string;
  /** Path of the source file, relative to the project root. */
  source: string;
  title: string;
  /** Full name of the issuing bureau, e.g. 惠安县人民政府信访局. */
  bureau: string;
  /** The bureau's area, e.g. 惠安县, 大同市平城区. */
  region: string;
  city?: string;
  province?: string;
  /** Names users type for this bureau (阎良, 平城, 大同…). */
  aliases: string[];
  /** The year the report covers (not the year it was published). */
  year: number;
  /** YYYY-MM-DD from a web page's header, when present. */
  publishedDate?: string;
  /** YYYY-MM-DD from the signature at the end, when present. */
  signedDate?: string;
}

/** What is known about one regulation. */
export interface RegulationMeta {
  kind: "regulation";
  id: string;
  source: string;
  /** 信访工作条例 or 信访条例. */
  title: string;
  issuer?: string;
  /** YYYY-MM-DD. */
  issuedDate?: string;
  /** YYYY-MM-DD. */
  inForceDate?: string;
  /**
   * The dated lines above the text, as written: when and by whom it was adopted, issued and put in
   * force ("2022年1月24日 中共中央政治局会议审议批准").
   */
  header?: string[];
  status: "in_force" | "superseded";
  supersededBy?: string;
  /** YYYY-MM-DD: when the superseding regulation came into force. */
  supersededOn?: string;
}

export type DocumentMeta = ReportMeta | RegulationMeta;

/** A retrievable unit of text that knows exactly where it comes from. */
export interface Chunk {
  /** `${docId}#${ordinal}`. */
  id: string;
  docId: string;
  kind: "report" | "regulation";
  /** Verbatim text of the cleaned document between `start` and `end`. */
  text: string;
  /** Headings from the outermost in: ["一、工作开展情况", "（二）坚持依法行政，推进法治信访"]. */
  headingPath: string[];
  /** Character offsets into the cleaned document text. */
  start: number;
  end: number;
  /** sha256 (hex, 16 chars) of the text and heading path. */
  hash: string;
  /** Regulations only: the article number and its chapter heading. */
  article?: number;
  chapter?: string;
  /** Paged sources (PDF): the page the chunk starts on, from 1. */
  page?: number;
  /** The page it ends on, when that is a later one. */
  pageEnd?: number;
  /** When it spans pages: where each page starts in `text` (offsets into the chunk's text). */
  pageSpans?: PageSpan[];
}

/** Where a page starts in a text: from `start` on (up to the next span), the text is on `page`. */
export interface PageSpan {
  page: number;
  start: number;
}

/** A document after cleaning and chunking. */
export interface ParsedDocument {
  meta: DocumentMeta;
  /** The cleaned full text the chunks' offsets refer to. */
  text: string;
  /** Paged sources (PDF): where each page starts in `text`. */
  pages?: PageSpan[];
  chunks: Chunk[];
  /** sha256 of the source file's bytes. */
  fileHash: string;
}
