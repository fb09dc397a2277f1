/**
 * The library: what the corpus holds, for browsing rather than asking — the reports with their
 * outlines and sections, and the regulations' articles.
 */
import { createHash } from "node:crypto";
import type { Chunk, ReportMeta } from "../corpus/types.ts";
import type { IndexManifest } from "../index/store.ts";
import { lookupArticle } from "../search/articles.ts";
import { describeRegulations, describeReports } from "../search/catalog.ts";
import type { Pipeline } from "./pipeline.ts";

/** A report as listed to users, with a short stable key for buttons. */
export interface ReportSummary {
  /** 8 hex characters derived from the document id. */
  key: string;
  title: string;
  bureau: string;
  year: number;
  /** Source file, relative to the project root. */
  source: string;
  publishedDate?: string;
  signedDate?: string;
}

// The sorted reports of each catalog (a catalog is made with its index, so a new index sorts again).
const sortedReports = new WeakMap<ReportMeta[], ReportMeta[]>();

/** One section of a report: its heading path and its full text. */
export interface Section {
  path: string[];
  text: string;
}

/** A regulation article with what a reader needs around it. */
interface ArticleView {
  regulation: string;
  /** "第三十四条". */
  heading: string;
  chapter?: string;
  text: string;
  /** Set when the regulation has been replaced: by which, and since when (YYYY-MM-DD). */
  superseded?: { by: string; since?: string };
}

/** A short stable key for a document id (8 hex characters), for button data. */
export function docKey(docId: string): string {
  return createHash("sha256").update(docId).digest("hex").slice(0, 8);
}

/** The sections of a document in reading order, each reassembled from its chunks (no overlap repeated). */
function documentSections(chunks: Chunk[], docId: string): Section[] {
  const own = chunks.filter((c) => c.docId === docId).sort((a, b) => a.start - b.start);
  const sections: { path: string[]; chunks: Chunk[] }[] = [];
  for (const c of own) {
    const last = sections.at(-1);
    if (last && last.path.join("\u0000") === c.headingPath.join("\u0000")) last.chunks.push(c);
    else sections.push({ path: c.headingPath, chunks: [c] });
  }
  return sections.map(({ path, chunks: parts }) => {
    let text = "";
    let pos = parts[0]!.start;
    for (const c of parts) {
      if (c.start > pos) text += "\n"; // the paragraph break between two chunks
      if (c.end > pos) text += c.text.slice(Math.max(0, pos - c.start));
      pos = Math.max(pos, c.end);
    }
    return { path, text };
  });
}

function summary(r: ReportMeta): ReportSummary {
  return {
    key: docKey(r.id),
    title: r.title,
    bureau: r.bureau,
    year: r.year,
    source: r.source,
    ...(r.publishedDate ? { publishedDate: r.publishedDate } : {}),
    ...(r.signedDate ? { signedDate: r.signedDate } : {}),
  };
}

/** Browsing the current index's documents. */
export class Library {
  constructor(private readonly pipeline: () => Pipeline) {}

  /** Every report, by bureau then year. */
  reports(): ReportSummary[] {
    return this.reportMetas().map(summary);
  }

  /** The report with this key, if it is still in the corpus. */
  report(key: string): ReportSummary | undefined {
    const meta = this.reportMetas().find((r) => docKey(r.id) === key);
    return meta && summary(meta);
  }

  /** The sections of the report with this key, in reading order. */
  sections(key: string): Section[] | undefined {
    const meta = this.reportMetas().find((r) => docKey(r.id) === key);
    return meta && documentSections(this.pipeline().index.chunks, meta.id);
  }

  /**
   * Article `n` of the regulation titled `title` (the one in force when no title is given), or a
   * Chinese message saying why there is none.
   */
  article(n: number, title?: string): ArticleView | { message: string } {
    const { index, engine } = this.pipeline();
    const found = lookupArticle(engine.catalog, index.chunks, n, title);
    if ("message" in found) return found;
    const { chunk, regulation } = found;
    return {
      regulation: regulation.title,
      heading: chunk.headingPath.at(-1) ?? "",
      ...(chunk.chapter ? { chapter: chunk.chapter } : {}),
      text: chunk.text,
      ...(regulation.status === "superseded"
        ? {
            superseded: {
              by: regulation.supersededBy ?? "新条例",
              ...(regulation.supersededOn ? { since: regulation.supersededOn } : {}),
            },
          }
        : {}),
    };
  }

  /** What users can ask about: the reports ("…的年度报告", summed up when many) and the regulations. */
  describe(): { reports: string; regulations: string } {
    const { catalog } = this.pipeline().engine;
    return { reports: describeReports(catalog), regulations: describeRegulations(catalog) };
  }

  /** What the current index was built from (counts, embeddings, skipped files, clashes). */
  manifest(): IndexManifest {
    return this.pipeline().index.manifest;
  }

  /** The reports by bureau (in Chinese collation order) and year; sorted once per index. */
  private reportMetas(): ReportMeta[] {
    const { reports } = this.pipeline().engine.catalog;
    let sorted = sortedReports.get(reports);
    if (!sorted) {
      const collator = new Intl.Collator("zh");
      sorted = [...reports].sort((a, b) => collator.compare(a.bureau, b.bureau) || a.year - b.year);
      sortedReports.set(reports, sorted);
    }
    return sorted;
  }
}
