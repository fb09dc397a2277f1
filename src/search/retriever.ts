/** Hybrid retrieval: metadata scoping, BM25 and vector search, fused and checked for relevance. */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { indexTermSet } from "../index/index-text.ts";
import type { SearchIndex } from "../index/store.ts";
import { phraseScore } from "../text/tokenize.ts";
import { buildCatalog, type Catalog } from "./catalog.ts";
import { lookupArticle } from "./articles.ts";
import { reciprocalRankFusion } from "./fusion.ts";
import { parseQuery, type ParsedQuery } from "./query.ts";

/** A retrieved chunk with its scores. */
export interface Passage {
  chunk: Chunk;
  doc: DocumentMeta;
  /** Fused score used for ranking. */
  score: number;
  /** IDF-weighted share of the question's terms found in the passage (0..1). */
  coverage: number;
}

/** Why a question cannot be answered from the corpus, before any search. */
export interface OutOfScope {
  reason: "unknown-bureau" | "missing-year" | "missing-article" | "missing-regulation";
  /** A message for the user, in Chinese. */
  message: string;
}

/** The outcome of a search. */
export interface Retrieval {
  query: ParsedQuery;
  passages: Passage[];
  /** Set when the question names an article and that article is returned directly. */
  direct?: boolean;
  /** Set when the question asks whether a regulation is in force: passages are the in-force articles. */
  status?: boolean;
  outOfScope?: OutOfScope;
  /** Weight of each query term (IDF x kind), for scoring sentences the same way as passages. */
  weights: Map<string, number>;
}

/** Tuning of the retriever. */
export interface RetrieverOptions {
  /** How many candidates each search returns before fusion. */
  candidates: number;
  /** How many passages search() returns. */
  limit: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Score factor for a superseded regulation the question did not name. */
  supersededPenalty: number;
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  candidates: 40,
  limit: 8,
  lexicalWeight: 1,
  vectorWeight: 0.7,
  supersededPenalty: 0.6,
};

/** Retrieves passages for questions from one loaded index. */
export class HybridRetriever {
  readonly catalog: Catalog;
  private readonly options: RetrieverOptions;

  constructor(
    private readonly index: SearchIndex,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.catalog = buildCatalog(index.documents);
    this.options = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
  }

  /** Reads a question against this index's catalog (see parseQuery). */
  understand(question: string): ParsedQuery {
    return parseQuery(question, this.catalog);
  }

  /** Finds the passages that may answer the question, best first. */
  async search(query: ParsedQuery): Promise<Retrieval> {
    const scoped = this.scope(query);
    if ("outOfScope" in scoped) return { query, passages: [], outOfScope: scoped.outOfScope, weights: new Map() };
    if (scoped.direct) return { query, passages: [scoped.direct], direct: true, weights: new Map() };
    if (scoped.status) return { query, passages: scoped.status, status: true, weights: new Map() };

    const { chunks, lexical, vectors, embedder } = this.index;
    const allowed = scoped.allowed;
    const { candidates } = this.options;
    const terms = query.terms;
    const lexicalHits = lexical.search(terms, candidates, allowed ? (i) => allowed.has(i) : undefined);
    const total = chunks.length;
    const k = Math.min(candidates, allowed ? allowed.size : total);
    const queryVector = await embedder.embeddings.embedQuery(query.text);
    const vectorHits =
      k > 0
        ? await vectors.similaritySearchVectorWithScore(
            queryVector,
            k,
            allowed ? (doc) => allowed.has(doc.metadata["i"] as number) : undefined,
          )
        : [];
    const fused = reciprocalRankFusion([
      { keys: lexicalHits.map((h) => h.index), weight: this.options.lexicalWeight },
      { keys: vectorHits.map(([doc]) => doc.metadata["i"] as number), weight: this.options.vectorWeight },
    ]);

    const weights = termWeights(terms, (t) => lexical.idf(t) * lexical.termWeight(t), maxIdf(lexical.size));
    const best = fused[0]?.score ?? 1;
    const passages = fused.slice(0, candidates).map(({ key, score }) => {
      const chunk = chunks[key]!;
      const doc = this.index.docById.get(chunk.docId)!;
      const coverage = coverageOf(weights, indexTermSet(chunk, doc));
      let final = 0.45 * (score / best) + 0.45 * coverage + 0.1 * phraseScore(query.phrases, chunk.text);
      if (doc.kind === "regulation" && doc.status === "superseded" && query.regulation !== doc.title) {
        final *= this.options.supersededPenalty;
      }
      return { chunk, doc, score: final, coverage };
    });
    passages.sort((a, b) => b.score - a.score);
    return { query, passages: passages.slice(0, this.options.limit), weights };
  }

  /** Narrows the search to what the question names, or says why it cannot be answered. */
  private scope(
    query: ParsedQuery,
  ): { allowed?: Set<number>; direct?: Passage; status?: Passage[] } | { outOfScope: OutOfScope } {
    const { chunks, docById } = this.index;
    const catalog = this.catalog;

    if (query.asksStatus && query.bureaus.length === 0 && query.article === undefined) {
      // The article that says when a regulation takes effect, for the one named and the one in force.
      const named = catalog.regulations.find((r) => r.title === query.regulation);
      const inForce = catalog.regulations.filter((r) => r.status === "in_force");
      const status = [...new Set([...(named ? [named] : []), ...inForce])].flatMap((reg) => {
        const chunk = chunks.find((c) => c.docId === reg.id && /起施行/.test(c.text));
        return chunk ? [{ chunk, doc: reg, score: 1, coverage: 1 }] : [];
      });
      if (status.length > 0) return { status };
    }

    if (query.article !== undefined && query.bureaus.length === 0) {
      const found = lookupArticle(catalog, chunks, query.article, query.regulation);
      if ("message" in found) {
        return {
          outOfScope: {
            reason: catalog.regulations.length ? "missing-article" : "missing-regulation",
            message: found.message,
          },
        };
      }
      return { direct: { chunk: found.chunk, doc: found.regulation, score: 1, coverage: 1 } };
    }

    if (query.unknownBureau && query.bureaus.length === 0) {
      return {
        outOfScope: {
          reason: "unknown-bureau",
          message: `现有文档中没有“${query.unknownBureau}”的报告。`,
        },
      };
    }

    if (query.regulation && query.bureaus.length === 0) {
      const reg = catalog.regulations.find((r) => r.title === query.regulation)!;
      return { allowed: indexesWhere(chunks, (c) => c.docId === reg.id) };
    }

    // "哪些报告/各区县…" asks about the reports: the regulations are not candidates.
    const reportsOnly = query.wantsList;
    if (reportsOnly && query.bureaus.length === 0 && query.years.length === 0) {
      return { allowed: indexesWhere(chunks, (c) => c.kind === "report") };
    }

    if (query.bureaus.length > 0 || query.years.length > 0) {
      const bureaus = new Set(query.bureaus);
      const years = query.years;
      // A year matches a report covering it, or a section of a report about it ("二、2024年工作思路").
      const yearMatches = (c: Chunk, d: DocumentMeta) =>
        d.kind === "report" &&
        (years.includes(d.year) || years.some((y) => c.headingPath.some((h) => h.includes(`${y}年`))));
      const allowed = indexesWhere(chunks, (c) => {
        const d = docById.get(c.docId)!;
        if (d.kind === "regulation") return bureaus.size === 0 && !reportsOnly; // a year alone does not rule out the law
        if (bureaus.size > 0 && !bureaus.has(d.bureau)) return false;
        return years.length === 0 || yearMatches(c, d);
      });
      const reportHits = [...allowed].some((i) => docById.get(chunks[i]!.docId)!.kind === "report");
      if (!reportHits && (bureaus.size > 0 || years.length > 0)) {
        const asked = bureaus.size > 0 ? [...bureaus].join("、") : "任何信访部门";
        const have =
          bureaus.size > 0
            ? catalog.bureaus
                .filter((b) => bureaus.has(b.bureau))
                .map((b) => `${b.bureau}：${b.years.map((y) => `${y}年`).join("、")}`)
                .join("；")
            : catalog.years.map((y) => `${y}年`).join("、");
        return {
          outOfScope: {
            reason: "missing-year",
            message: `现有文档中没有${asked}${years.map((y) => `${y}年`).join("、")}的报告，无法回答该年度的情况。现有报告年份：${have}。`,
          },
        };
      }
      return { allowed };
    }
    return {};
  }
}

function indexesWhere(chunks: Chunk[], keep: (c: Chunk) => boolean): Set<number> {
  const out = new Set<number>();
  chunks.forEach((c, i) => keep(c) && out.add(i));
  return out;
}

/** The IDF a term would have if it were in one document: what an unknown term is worth. */
function maxIdf(size: number): number {
  return Math.log(1 + (size - 0.5) / 1.5);
}

/** Weight of each distinct query term; unknown terms get the rarest weight (they count as missing). */
export function termWeights(terms: string[], weight: (t: string) => number, unknown: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of new Set(terms)) {
    const w = weight(t);
    out.set(t, w > 0 ? w : unknown * (t.startsWith("#") ? 0.4 : 1));
  }
  return out;
}

/** IDF-weighted share of query terms present in a set of passage terms. */
export function coverageOf(weights: Map<string, number>, passageTerms: Set<string>): number {
  let have = 0;
  let all = 0;
  for (const [t, w] of weights) {
    all += w;
    if (passageTerms.has(t)) have += w;
  }
  return all === 0 ? 0 : have / all;
}
