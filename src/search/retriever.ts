/** Hybrid retrieval: metadata scoping, BM25 and vector search, fused and checked for relevance. */
import type { Chunk, DocumentMeta, ReportMeta } from "../corpus/types.ts";
import { normalizedContext } from "../index/index-text.ts";
import { articleStatements } from "../text/paragraphs.ts";
import { toChineseNumeral } from "../text/numerals.ts";
import { splitSentences } from "../text/sentences.ts";
import { chunksByLabel, type SearchIndex } from "../index/store.ts";
import { normalizeForMatch } from "../text/script.ts";
import { cjkBigrams, phraseScore } from "../text/tokenize.ts";
import { articlesOf, lookupArticle } from "./articles.ts";
import { buildCatalog, type Catalog } from "./catalog.ts";
import { generalIdf } from "../text/general-idf.ts";
import { conceptCoverage, conceptWeights, CUE_WEIGHT, present, type Concept } from "./concepts.ts";
import { reciprocalRankFusion } from "./fusion.ts";
import { isComparisonWord, type SectionRole } from "./intent.ts";
import { buildOutline, headingRoles, type OutlineNode } from "./outline.ts";
import { aboutOne, ARTICLE, parseQuery, type ParsedQuery } from "./query.ts";

/** A retrieved chunk with its scores. */
export interface Passage {
  chunk: Chunk;
  doc: DocumentMeta;
  /** Score used for ranking. */
  score: number;
  /** Weighted share of the question's concepts found in the passage or its headings (0..1). */
  coverage: number;
}

/** Why a question cannot be answered from the corpus, before any search. */
export interface OutOfScope {
  reason: "unknown-bureau" | "missing-year" | "missing-article" | "missing-regulation" | "missing-law-version";
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
  /** Weight of each concept of the question, for scoring sentences the same way as passages. */
  weights: Map<Concept, number>;
  /** The question's year has no report of its own: the previous year's report's plans answer it. */
  planYear?: number;
  /** Old law against new: the best article of each (in force first). */
  pair?: Passage[];
  /** The laws compared with nothing named ("新旧条例最大的区别是什么"): the pair is their scope articles. */
  broad?: boolean;
  /** The report a list, overview or section question is about, with its outline. */
  report?: { doc: ReportMeta; outline: OutlineNode };
  /** A question naming several bureaus ("阎良和平城各有啥打算"): the same question about each of them. */
  each?: Retrieval[];
  /** Which reports the corpus holds, of the bureaus and years asked ("陕西的信访局有哪些报告"). */
  inventory?: ReportMeta[];
}

/** Dice similarity of two sets: 2|A∩B| / (|A| + |B|). */
function dice(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return a.size + b.size === 0 ? 0 : (2 * both) / (a.size + b.size);
}

/** Tuning of the retriever. */
export interface RetrieverOptions {
  /** How many candidates each search returns before fusion. */
  candidates: number;
  /** How many passages search() returns (more for questions across reports). */
  limit: number;
  compareLimit: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Score factor for a superseded regulation the question did not name. */
  supersededPenalty: number;
  /** Added to a passage in the part of a report the question is about (plans, shortcomings…). */
  roleBonus: number;
  /**
   * A narrow scope's vectors are compared exactly up to this many chunks (reading a point from the
   * graph costs tens of microseconds); a larger scope is searched through the graph with a filter,
   * which finds enough of a scope that size quickly.
   */
  exactVectorsMax: number;
  /** At most this many chunks are read to count a concept's chunks (chunksContaining); more are sampled. */
  dfSample: number;
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  candidates: 40,
  limit: 8,
  compareLimit: 40,
  lexicalWeight: 1,
  vectorWeight: 0.7,
  supersededPenalty: 0.6,
  roleBonus: 0.12,
  exactVectorsMax: 300,
  dfSample: 2048,
};

/** How much closer (character-pair Dice) another law's article must be than the one of the same number. */
const SAME_NUMBER = 0.1;

/** What an anchor of an old-and-new pair pays for each point of score it ranks below the first. */
const RANK_COST = 2;

/**
 * What an article whose opening leaves out who a question about the rules is about loses ("信访局
 * 收到…" against "党委和政府信访部门以外的其他机关、单位收到…", whose later paragraphs share as
 * many of the question's words about receiving and passing on as the article about the 信访部门).
 */
const SUBJECT_BONUS = 0.12;

/** Whether a text names one of a concept's words only to leave it out ("信访部门以外的其他机关"). */
function excludes(text: string, c: Concept): boolean {
  return c.alternatives.some((a) => text.includes(a)) && !present(c, text);
}

/** Regulations (or their passages), the one in force first. */
function inForceFirst(a: { status?: string }, b: { status?: string }): number {
  return Number(b.status === "in_force") - Number(a.status === "in_force");
}

/** Scoping decided before any search. */
type Scope =
  | { outOfScope: OutOfScope }
  | { direct: Passage }
  | { pair: Passage[]; broad?: boolean }
  | { status: Passage[] }
  | { inventory: ReportMeta[] }
  | { allowed?: ChunkSet; planYear?: number };

/**
 * Chunk indexes a question is scoped to: a byte per chunk of the index says whether it is in, and
 * the members are listed in the order added (ascending, as chunksWhere adds them). Cheaper than a
 * Set<number> when a scope holds most of a large corpus (every report of 10,000).
 */
class ChunkSet {
  private readonly member: Uint8Array;
  readonly list: number[] = [];

  constructor(capacity: number) {
    this.member = new Uint8Array(capacity);
  }

  add(i: number): void {
    if (this.member[i] === 1) return;
    this.member[i] = 1;
    this.list.push(i);
  }

  has(i: number): boolean {
    return this.member[i] === 1;
  }

  get size(): number {
    return this.list.length;
  }
}

const NO_YEARS: number[] = [];

const ITEM_MARKS = [/（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)/g, /[一二三四五六七八九十]是/g];
/** A sentence that announces its list: "不得有下列行为：", "主要做法如下：". */
const LIST_INTRO = /(下列|以下|如下)[^。；\n]{0,12}[：:]/;

/**
 * What a list question adds to a passage that enumerates (three or more items marked （一）（二）…
 * or 一是、二是…), and more where a sentence announces the list: a tie-breaker, not a topic.
 */
function listBonus(text: string): number {
  if (!ITEM_MARKS.some((mark) => (text.match(mark)?.length ?? 0) >= 3)) return 0;
  return LIST_INTRO.test(text) ? 0.06 : 0.03;
}

/** Retrieves passages for questions from one loaded index. */
export class HybridRetriever {
  readonly catalog: Catalog;
  private readonly options: RetrieverOptions;
  /** Each chunk's text with its bureau, year and headings, normalised: where concepts are looked for (made on first use). */
  private readonly haystacks: (string | undefined)[] = [];
  /** Each chunk's own text, normalised: what a concept's rarity is counted in (not the shared titles). */
  private readonly texts: string[];
  /** The years each chunk's headings name ("二、2024年工作思路"), by chunk index (read on first use). */
  private readonly headingYears: (number[] | undefined)[] = [];
  /** The chunk of each graph label (-1: none); made on the first scoped graph search. */
  private chunkOfLabel: Int32Array | undefined;
  /** Each document's chunk indexes, in order: a scope costs what its documents hold. */
  private readonly chunksOfDoc = new Map<string, number[]>();
  private readonly bigrams = new WeakMap<Chunk, Set<string>>();
  /** Each regulation chunk's opening (normalised), for the subject of a question about the rules. */
  private readonly openings = new WeakMap<Chunk, string>();
  /** The regulations' haystacks, joined (made on the first question about the rules). */
  private regulationsText: string | undefined;
  private readonly conceptIdf = new Map<string, number>();
  private readonly outlines = new Map<string, OutlineNode>();
  private readonly headingRoleCache = new Map<string, SectionRole[]>();
  /** `${docId}:${第N条's N}` -> the liability article citing it; built on the first consequence question. */
  private citingArticles: Map<string, Chunk> | undefined;
  /** Each chunk's sentences (an article's statements) with its headings, normalised; built on first use. */
  private readonly statements = new WeakMap<Chunk, string[]>();

  constructor(
    private readonly index: SearchIndex,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.catalog = buildCatalog(index.documents);
    this.options = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
    this.texts = index.match.texts;
    index.chunks.forEach((c, i) => {
      const ofDoc = this.chunksOfDoc.get(c.docId);
      if (ofDoc) ofDoc.push(i);
      else this.chunksOfDoc.set(c.docId, [i]);
    });
  }

  /**
   * The graph's k nearest chunks among those allowed. The graph is asked directly with a filter on
   * its labels: through the vector store, every node the search visits would become a Document for
   * the filter to read, which costs more than the search itself when the scope is wide.
   */
  private nearestAllowed(query: number[], k: number, allowed: ChunkSet): number[] {
    const { labels, vectors } = this.index;
    const chunkOf = (this.chunkOfLabel ??= chunksByLabel(labels));
    const found = vectors.index.searchKnn(query, k, (label: number) => allowed.has(chunkOf[label]!));
    return found.neighbors.map((label) => chunkOf[label]!);
  }

  /**
   * A question about the rules weighs the words of its story that no regulation uses like cues
   * ("我们村因为征地补偿想一块去上访": the reports speak of 征地, the rules do not), so passages
   * of the reports that share the asker's matter do not outrank the article asked about.
   */
  private untold(weights: Map<Concept, number>): void {
    if (this.regulationsText === undefined) {
      const { chunks } = this.index;
      const texts = chunks.flatMap((c, i) => (c.kind === "regulation" ? [this.haystack(i)] : []));
      this.regulationsText = texts.join("\n");
    }
    for (const [c, w] of weights) {
      if (c.story && w > CUE_WEIGHT && !present(c, this.regulationsText)) weights.set(c, CUE_WEIGHT);
    }
  }

  /** Chunk i's haystack (see `haystacks`). */
  private haystack(i: number): string {
    let haystack = this.haystacks[i];
    if (haystack === undefined) {
      const chunk = this.index.chunks[i]!;
      const context = normalizedContext(chunk, this.index.docById.get(chunk.docId)!);
      this.haystacks[i] = haystack = `${context}\n${this.texts[i]}`;
    }
    return haystack;
  }

  /** The years chunk i's headings name (see `headingYears`). */
  private yearsInHeadings(i: number): number[] {
    let years = this.headingYears[i];
    if (!years) {
      years = this.index.chunks[i]!.headingPath.flatMap((h) => [...h.matchAll(/(\d{4})年/g)].map((m) => Number(m[1])));
      this.headingYears[i] = years.length ? years : NO_YEARS;
    }
    return years;
  }

  /** Reads a question against this index's catalog (see parseQuery). */
  understand(question: string): ParsedQuery {
    return parseQuery(question, this.catalog);
  }

  /** Finds the passages that may answer the question, best first. */
  async search(query: ParsedQuery): Promise<Retrieval> {
    const weights = this.weigh(query.concepts);
    if (query.intent.aboutRules) this.untold(weights);
    const scoped = this.scope(query);
    if ("outOfScope" in scoped) return { query, passages: [], outOfScope: scoped.outOfScope, weights };
    if ("direct" in scoped) return { query, passages: [scoped.direct], direct: true, weights };
    if ("pair" in scoped) {
      const broad = scoped.broad ? { broad: true } : {};
      return { query, passages: scoped.pair, pair: scoped.pair, weights, ...broad };
    }
    if ("status" in scoped) return { query, passages: scoped.status, status: true, weights };
    if ("inventory" in scoped) return { query, passages: [], inventory: scoped.inventory, weights };

    const { chunks, lexical, vectors, embedder } = this.index;
    const { allowed, planYear } = scoped;
    const { candidates, roleBonus } = this.options;
    // A narrow scope (one report, one year of a few) is searched exactly, at what it holds; a wide
    // one through the indexes with a filter.
    const narrow = allowed && allowed.size <= Math.max(NARROW_SCOPE_MIN, chunks.length / NARROW_SCOPE_SHARE);
    const within = narrow ? [...allowed.list].sort((a, b) => a - b) : undefined;
    const lexicalHits = within
      ? lexical.searchWithin(query.terms, candidates, within)
      : lexical.search(query.terms, candidates, allowed ? (i) => allowed.has(i) : undefined);
    const k = Math.min(candidates, allowed ? allowed.size : chunks.length);
    const expanded = query.concepts.flatMap((c) => c.alternatives.slice(1));
    const queryVector = await embedder.embeddings.embedQuery([query.text, ...expanded].join(" "));
    const vectorKeys =
      k === 0
        ? []
        : within && within.length <= this.options.exactVectorsMax
          ? nearestWithin(vectors, this.index.labels, queryVector, within, k)
          : allowed
            ? this.nearestAllowed(queryVector, k, allowed)
            : (await vectors.similaritySearchVectorWithScore(queryVector, k)).map(
                ([doc]) => doc.metadata["i"] as number,
              );
    const fused = reciprocalRankFusion([
      { keys: lexicalHits.map((h) => h.index), weight: this.options.lexicalWeight },
      { keys: vectorKeys, weight: this.options.vectorWeight },
    ]);

    const { role, oldVsNew } = query.intent;
    const subject = query.concepts.find((c) => c.subject);
    const planYearText = planYear ? new RegExp(`${planYear}\\s*年`) : undefined;
    const best = fused[0]?.score ?? 1;
    const passages = fused.slice(0, candidates).map(({ key, score }) => {
      const chunk = chunks[key]!;
      const doc = this.index.docById.get(chunk.docId)!;
      const coverage = conceptCoverage(weights, this.haystack(key));
      // Concepts found together in one sentence answer better than the same concepts scattered.
      const together = this.sentenceCoverage(weights, chunk, doc);
      let final =
        0.35 * (score / best) + 0.2 * coverage + 0.35 * together + 0.1 * phraseScore(query.phrases, this.texts[key]!);
      if (role && chunk.headingPath.some((h) => this.rolesOf(h).includes(role))) final += roleBonus;
      if (planYearText?.test(chunk.text)) final += roleBonus;
      // A question about rules (deadlines, permissions, sanctions) is first a question about the law,
      // and not about an article whose opening leaves out who the question is about ("信访局收到…"
      // against "党委和政府信访部门以外的其他机关、单位收到…").
      if (query.intent.aboutRules && doc.kind === "regulation") {
        final += roleBonus;
        if (subject && excludes(this.opening(chunk), subject)) final -= SUBJECT_BONUS;
      }
      // A question asking for a list (哪些…，都列一下) is answered by a passage that lists.
      if (query.intent.shape === "list") final += listBonus(chunk.text);
      if (doc.kind === "regulation" && doc.status === "superseded" && query.regulation !== doc.title && !oldVsNew) {
        final *= this.options.supersededPenalty;
      }
      return { chunk, doc, score: final, coverage };
    });
    passages.sort((a, b) => b.score - a.score);

    if (query.intent.consequence) this.followLiability(passages);
    const limit = query.intent.compare ? this.options.compareLimit : this.options.limit;
    const retrieval: Retrieval = {
      query,
      passages: passages.slice(0, limit),
      weights,
      ...(planYear ? { planYear } : {}),
    };
    if (oldVsNew && !query.regulation) {
      const pair = this.catalog.regulations
        .slice()
        .sort(inForceFirst)
        .flatMap((reg) => passages.find((p) => p.doc.id === reg.id) ?? this.bestArticle(reg.id, weights) ?? []);
      if (pair.length === 2) retrieval.pair = this.counterparts(pair as [Passage, Passage], passages, weights);
    }
    const top = retrieval.passages[0];
    const wantsSections = query.intent.shape === "list" || query.intent.shape === "overview" || role !== undefined;
    if (top?.doc.kind === "report" && wantsSections && !query.intent.compare) {
      retrieval.report = { doc: top.doc, outline: this.outline(top.doc.id) };
    }
    if (query.intent.compare && query.bureaus.length >= 2) {
      retrieval.each = await Promise.all(query.bureaus.map((bureau) => this.search(aboutOne(query, bureau))));
    }
    return retrieval;
  }

  /** The outline of a report (built once per loaded index). */
  outline(docId: string): OutlineNode {
    let outline = this.outlines.get(docId);
    if (!outline) {
      outline = buildOutline((this.chunksOfDoc.get(docId) ?? []).map((i) => this.index.chunks[i]!));
      this.outlines.set(docId, outline);
    }
    return outline;
  }

  /**
   * For a question about consequences: when the best passage is an article that forbids or
   * requires something, the article of the liability chapter that cites it ("违反本条例第二十六条规定的…")
   * says what happens; it goes first.
   */
  private followLiability(passages: Passage[]): void {
    const citing = this.liabilityCitations();
    const citingOf = (p: Passage) => {
      if (p.doc.kind !== "regulation" || p.chunk.article === undefined || LIABILITY.test(p.chunk.chapter ?? "")) return;
      return citing.get(`${p.doc.id}:${toChineseNumeral(p.chunk.article)}`);
    };
    const top = passages.slice(0, 5).find((p) => citingOf(p) !== undefined);
    const article = top && citingOf(top);
    if (!top || !article) return;
    const existing = passages.findIndex((p) => p.chunk === article);
    const passage =
      existing >= 0 ? passages.splice(existing, 1)[0]! : { chunk: article, doc: top.doc, score: 0, coverage: 0 };
    passages.unshift({
      ...passage,
      score: passages[0]!.score + 0.01,
      coverage: Math.max(passage.coverage, top.coverage),
    });
  }

  /**
   * Which article of a law's liability chapter cites which article ("违反本条例第二十六条规定的…"):
   * the first such chapter article in the law's order, for each article cited in one of its sentences.
   */
  private liabilityCitations(): Map<string, Chunk> {
    if (this.citingArticles) return this.citingArticles;
    const citing = new Map<string, Chunk>();
    for (const doc of this.catalog.regulations) {
      for (const i of this.chunksOfDoc.get(doc.id) ?? []) {
        const chunk = this.index.chunks[i]!;
        if (!LIABILITY.test(chunk.chapter ?? "")) continue;
        for (const sentence of chunk.text.match(/违反本条例[^。]*/g) ?? []) {
          for (const m of sentence.matchAll(/第([零〇一二三四五六七八九十百]+)条/g)) {
            const key = `${doc.id}:${m[1]}`;
            if (!citing.has(key)) citing.set(key, chunk);
          }
        }
      }
    }
    return (this.citingArticles = citing);
  }

  /**
   * Old law against new: the article of one that answers the question better, and of the other the
   * article that says the same thing most closely (its words and the question's): "旧条例写了电子邮件，
   * 新条例怎么说" sets old 第二条 (书信、电子邮件…) beside new 第十七条 (信息网络、书信…), though
   * the new law never says 电子邮件. Of the articles answering the question as well, the one whose
   * counterpart is closest.
   */
  private counterparts(pair: [Passage, Passage], passages: Passage[], weights: Map<Concept, number>): Passage[] {
    const anchorAt = pair[0].coverage >= pair[1].coverage ? 0 : 1;
    const first = pair[anchorAt]!;
    const other = pair[1 - anchorAt]!;
    const anchors = [first, ...passages.filter((p) => p.doc === first.doc && p !== first)]
      .filter((p) => p.coverage >= first.coverage - 0.05)
      .slice(0, 3);
    const { chunks } = this.index;
    let best: { anchor: Passage; i: number; score: number } | undefined;
    for (const anchor of anchors) {
      const words = this.bigramsOf(anchor.chunk);
      for (const i of this.chunksOfDoc.get(other.doc.id) ?? []) {
        const same = chunks[i]!.article === anchor.chunk.article ? SAME_NUMBER : 0;
        // An anchor ranked below the first pays twice what it is behind: a near twin in the other law
        // (复核's) does not displace the pair of the article that answers ("办理期限新旧条例一样不").
        const behind = RANK_COST * (first.score - anchor.score);
        const score =
          0.5 * conceptCoverage(weights, this.haystack(i)) +
          0.5 * dice(words, this.bigramsOf(chunks[i]!)) +
          same -
          behind;
        if (!best || score > best.score) best = { anchor, i, score };
      }
    }
    if (!best) return pair;
    const chunk = chunks[best.i]!;
    const found: Passage =
      chunk === other.chunk
        ? other
        : { chunk, doc: other.doc, score: other.score, coverage: conceptCoverage(weights, this.haystack(best.i)) };
    return anchorAt === 0 ? [best.anchor, found] : [found, best.anchor];
  }

  /** The opening of an article, normalised: its first statement, up to the first comma. */
  private opening(chunk: Chunk): string {
    let opening = this.openings.get(chunk);
    if (opening === undefined) {
      const first = articleStatements(chunk.text)[0] ?? "";
      opening = normalizeForMatch(first.replace(/^第[一二三四五六七八九十百零]+条\s*/, "").split(/[，,；;：:]/)[0]!);
      this.openings.set(chunk, opening);
    }
    return opening;
  }

  /** A regulation chunk's distinct character pairs (made once: old-vs-new questions compare them). */
  private bigramsOf(chunk: Chunk): Set<string> {
    let pairs = this.bigrams.get(chunk);
    if (!pairs) {
      const text = normalizeForMatch(chunk.text);
      pairs = new Set<string>();
      for (let i = 0; i + 1 < text.length; i++) pairs.add(text.slice(i, i + 2));
      this.bigrams.set(chunk, pairs);
    }
    return pairs;
  }

  /** The article of a law that best covers the question (by concepts alone: a law has few articles). */
  private bestArticle(docId: string, weights: Map<Concept, number>): Passage | undefined {
    let best: Passage | undefined;
    const doc = this.index.docById.get(docId)!;
    (this.chunksOfDoc.get(docId) ?? []).forEach((i) => {
      const chunk = this.index.chunks[i]!;
      const coverage = conceptCoverage(weights, this.haystack(i));
      const score = 0.5 * coverage + 0.5 * this.sentenceCoverage(weights, chunk, doc);
      if (!best || score > best.score) best = { chunk, doc, score, coverage };
    });
    return best;
  }

  /** The best coverage of one sentence (one paragraph of an article, with its items) of a chunk. */
  private sentenceCoverage(weights: Map<Concept, number>, chunk: Chunk, doc: DocumentMeta): number {
    let units = this.statements.get(chunk);
    if (!units) {
      const context = normalizedContext(chunk, doc);
      const raw = doc.kind === "regulation" ? articleStatements(chunk.text) : splitSentences(chunk.text);
      units = raw.map((u) => `${context}\n${normalizeForMatch(u)}`);
      this.statements.set(chunk, units);
    }
    return Math.max(0, ...units.map((u) => conceptCoverage(weights, u)));
  }

  /**
   * Concept weights: how rare each concept is among the chunks, counting a chunk once whichever of
   * its alternatives it holds (so a rare synonym does not make a common concept look rare).
   */
  private weigh(concepts: Concept[]): Map<Concept, number> {
    const n = this.texts.length;
    // A dictionary word counts where the segmenter found it as a word (组织学 is not in 组织学习);
    // a phrase (宪法宣传周, 检举、揭发材料) wherever its characters stand.
    const counts = (alt: string) => generalIdf(alt) === undefined || this.index.lexical.has(alt);
    const rarity = (strings: string[]) => {
      const usable = strings.filter(counts);
      const key = usable.join("\u0000");
      let value = this.conceptIdf.get(key);
      if (value === undefined) {
        const df = usable.length ? this.chunksContaining(usable) : 0;
        value = df === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5));
        if (this.conceptIdf.size >= CONCEPT_IDF_CACHE) this.conceptIdf.clear(); // a bot runs for months
        this.conceptIdf.set(key, value);
      }
      return value;
    };
    return conceptWeights(concepts, rarity, Math.log(1 + (n - 0.5) / 1.5));
  }

  /**
   * How many chunks' texts contain one of `strings`. Only the chunks holding the rarest character
   * pair of each string are read (the lexical index lists them), so a new concept costs what it
   * matches, not a scan of the corpus; a string with other characters falls back to the scan. When
   * more than `dfSample` chunks hold those pairs, an even sample of them is read and the count
   * scaled: a rarity needs no more precision than that, and a large corpus no longer pays tens of
   * milliseconds for each common concept of a question.
   */
  chunksContaining(strings: string[]): number {
    const { lexical } = this.index;
    const lists: Int32Array[] = [];
    for (const s of strings) {
      const pairs = cjkBigrams(s);
      if (pairs.length === 0 || pairs.length !== s.length - 1) {
        return this.texts.reduce((count, t) => count + (strings.some((a) => t.includes(a)) ? 1 : 0), 0);
      }
      const rarest = pairs.reduce((a, b) =>
        lexical.documentFrequency(`#${b}`) < lexical.documentFrequency(`#${a}`) ? b : a,
      );
      lists.push(lexical.documentsWith(`#${rarest}`));
    }
    const candidates = lists.length === 1 ? lists[0]! : union(lists, this.texts.length);
    const step = Math.max(1, Math.ceil(candidates.length / this.options.dfSample));
    let count = 0;
    let read = 0;
    for (let k = 0; k < candidates.length; k += step, read++) {
      if (strings.some((a) => this.texts[candidates[k]!]!.includes(a))) count++;
    }
    return step === 1 ? count : Math.round((count * candidates.length) / read);
  }

  /** The roles of a heading (计划, 不足, …), read once per heading: many chunks share their headings. */
  private rolesOf(heading: string): SectionRole[] {
    let roles = this.headingRoleCache.get(heading);
    if (!roles) this.headingRoleCache.set(heading, (roles = headingRoles(heading)));
    return roles;
  }

  /** The indexes of the chunks of the documents kept (and, within them, of the chunks kept). */
  private chunksWhere(
    keepDoc: (d: DocumentMeta) => boolean,
    keepChunk?: (i: number, d: DocumentMeta) => boolean,
  ): ChunkSet {
    const out = new ChunkSet(this.index.chunks.length);
    for (const [docId, indexes] of this.chunksOfDoc) {
      const doc = this.index.docById.get(docId)!;
      if (!keepDoc(doc)) continue;
      for (const i of indexes) if (!keepChunk || keepChunk(i, doc)) out.add(i);
    }
    return out;
  }

  /** Narrows the search to what the question names, or says why it cannot be answered. */
  private scope(query: ParsedQuery): Scope {
    const { chunks } = this.index;
    const catalog = this.catalog;

    const { asksIssued, asksLength } = query.intent;
    if (
      (query.intent.asksStatus || asksIssued || asksLength) &&
      query.bureaus.length === 0 &&
      query.article === undefined
    ) {
      // The article that says when a regulation takes effect, for the one named and the one in force
      // (asked when or by whom a law was made: the one named, or else the one in force).
      const named = catalog.regulations.filter(
        (r) => r.title === query.regulation || query.lawsNamed.includes(r.title),
      );
      const inForce = catalog.regulations.filter((r) => r.status === "in_force");
      const laws = (asksIssued || asksLength) && named.length > 0 ? named : [...new Set([...named, ...inForce])];
      const status = laws.flatMap((reg) => {
        // How long a law is: its last article, which has the number and its chapter the count.
        if (asksLength) {
          const last = articlesOf(chunks, reg.id).at(-1);
          return last ? [{ chunk: last, doc: reg, score: 1, coverage: 1 }] : [];
        }
        const chunk = chunks.find((c) => c.docId === reg.id && /起施行/.test(c.text));
        return chunk ? [{ chunk, doc: reg, score: 1, coverage: 1 }] : [];
      });
      if (status.length > 0) return { status };
    }

    // "旧条例呢？" after "第十七条讲啥": that article, and the other law's that answers to it (the
    // closest in wording: character-pair Dice), the one in force first.
    if (query.article !== undefined && query.counterpartIn) {
      const found = lookupArticle(catalog, chunks, query.article, query.regulation);
      const other = catalog.regulations.find((r) => r.title === query.counterpartIn);
      if ("chunk" in found && other) {
        const words = this.bigramsOf(found.chunk);
        let best: Chunk | undefined;
        let bestScore = -1;
        for (const i of this.chunksOfDoc.get(other.id) ?? []) {
          // The same number, unless another article is clearly closer (old 第二条 for new 第二条,
          // old 第二条 for new 第十七条).
          const same = chunks[i]!.article === query.article ? SAME_NUMBER : 0;
          const score = dice(words, this.bigramsOf(chunks[i]!)) + same;
          if (chunks[i]!.article !== undefined && score > bestScore) [best, bestScore] = [chunks[i]!, score];
        }
        if (best) {
          const pair = [
            { chunk: found.chunk, doc: found.regulation, score: 1, coverage: 1 },
            { chunk: best, doc: other, score: bestScore, coverage: 1 },
          ].sort((a, b) => inForceFirst(a.doc, b.doc));
          return { pair };
        }
      }
    }
    // "新旧条例第二条对比一下": the article of that number in each law, the one in force first.
    const oneNumber = (query.normalized.match(new RegExp(ARTICLE.source, "g")) ?? []).length <= 1;
    if (
      query.article !== undefined &&
      query.bureaus.length === 0 &&
      query.intent.oldVsNew &&
      !query.regulation &&
      oneNumber
    ) {
      const both = [...catalog.regulations]
        .sort(inForceFirst)
        .map((r) => lookupArticle(catalog, chunks, query.article!, r.title));
      const pair = both.flatMap((f) =>
        "chunk" in f ? [{ chunk: f.chunk, doc: f.regulation, score: 1, coverage: 1 }] : [],
      );
      if (pair.length === 2) return { pair };
    }
    // "新旧条例最大的区别是什么": no article says how the laws differ; their scope (第二条) shows it most.
    const nothingNamed = query.concepts.every((c) => isComparisonWord(c.said));
    if (query.intent.oldVsNew && query.article === undefined && query.bureaus.length === 0 && nothingNamed) {
      const both = [...catalog.regulations].sort(inForceFirst).map((r) => lookupArticle(catalog, chunks, 2, r.title));
      const pair = both.flatMap((f) =>
        "chunk" in f ? [{ chunk: f.chunk, doc: f.regulation, score: 1, coverage: 1 }] : [],
      );
      if (pair.length === 2) return { pair, broad: true };
    }
    if (query.unknownLawYear !== undefined && query.bureaus.length === 0) {
      const have = catalog.regulations
        .map((r) => `${r.inForceDate ? `${r.inForceDate.slice(0, 4)}年施行的` : ""}《${r.title}》`)
        .join("和");
      return {
        outOfScope: {
          reason: "missing-law-version",
          message: `现有文档中没有${query.unknownLawYear}年版的条例，只有${have}。`,
        },
      };
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
      // "重庆市信访办": the bureaus of that place the corpus does hold.
      const asked = query.unknownBureau;
      const near = catalog.bureaus.filter((b) => [b.city, b.province].some((p) => p && asked.startsWith(p)));
      const held = near.length
        ? `${near.map((b) => `${b.bureau}（${b.years.map((y) => `${y}年`).join("、")}）`).join("、")}有报告。`
        : "";
      return { outOfScope: { reason: "unknown-bureau", message: `现有文档中没有“${asked}”的报告。${held}` } };
    }

    // "陕西的信访局有哪些报告": the catalog answers, when nothing else is asked.
    if (query.intent.inventory && query.concepts.every((c) => c.cue)) {
      const bureaus = new Set(query.bureaus);
      const years = query.years;
      return {
        inventory: catalog.reports.filter(
          (r) => (bureaus.size === 0 || bureaus.has(r.bureau)) && (years.length === 0 || years.includes(r.year)),
        ),
      };
    }

    if (query.aboutLaw && query.bureaus.length === 0) {
      const regs = catalog.regulations.filter((r) => !query.regulation || r.title === query.regulation);
      if (regs.length === 0) {
        return {
          outOfScope: { reason: "missing-regulation", message: "现有文档中没有可查询的条例全文。" },
        };
      }
      const ids = new Set(regs.map((r) => r.id));
      return { allowed: this.chunksWhere((d) => ids.has(d.id)) };
    }

    // Questions across reports (哪些局…): the regulations are not candidates.
    const reportsOnly = query.intent.compare;
    if (query.bureaus.length === 0 && query.years.length === 0) {
      return reportsOnly ? { allowed: this.chunksWhere((d) => d.kind === "report") } : {};
    }

    const bureaus = new Set(query.bureaus);
    const years = query.years;
    // A year matches a report covering it, or a section of a report about it ("二、2024年工作思路").
    const yearMatches = (i: number, d: DocumentMeta) =>
      d.kind === "report" && (years.includes(d.year) || this.yearsInHeadings(i).some((y) => years.includes(y)));
    const inScope = (keepYear: (i: number, d: DocumentMeta) => boolean) =>
      this.chunksWhere(
        (d) =>
          d.kind === "regulation"
            ? bureaus.size === 0 && !reportsOnly // a year alone does not rule out the law
            : bureaus.size === 0 || bureaus.has(d.bureau),
        (i, d) => d.kind === "regulation" || years.length === 0 || keepYear(i, d),
      );
    const allowed = inScope(yearMatches);
    const hasReport = (set: ChunkSet) => set.list.some((i) => chunks[i]!.kind === "report");
    // A named bureau's year that only a section heading names ("四、2022年推进…的工作思路" of its
    // 2021 report) answers what it planned for that year, not what it did then ("沙坪坝 2022年呢").
    const planned = query.intent.role === "plans" || query.intent.wantsTarget || bureaus.size === 0;
    const ofYear = () =>
      years.length === 0 ||
      catalog.bureaus.some((b) => bureaus.has(b.bureau) && b.years.some((y) => years.includes(y)));
    if (hasReport(allowed) && (planned || ofYear())) return { allowed };

    // A plan for year Y is written in the report on year Y-1 ("西安 2022年准备…" -> the 2021 report).
    if (query.intent.role === "plans" && years.length === 1) {
      const planYear = years[0]!;
      const previous = inScope((_i, d) => d.kind === "report" && d.year === planYear - 1);
      if (hasReport(previous)) return { allowed: previous, planYear };
    }

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
}

/** The chunk indexes in any of `lists`, ascending, each once (indexes below `n`). */
function union(lists: Int32Array[], n: number): Int32Array {
  const seen = new Uint8Array(n);
  let size = 0;
  for (const list of lists) {
    for (const i of list) {
      if (seen[i] === 0) {
        seen[i] = 1;
        size++;
      }
    }
  }
  const out = new Int32Array(size);
  for (let i = 0, k = 0; k < size; i++) if (seen[i] === 1) out[k++] = i;
  return out;
}

/** Concept rarities remembered per loaded index before the cache starts over. */
const CONCEPT_IDF_CACHE = 50_000;

/**
 * A scope of at most max(NARROW_SCOPE_MIN, chunks / NARROW_SCOPE_SHARE) chunks is searched
 * lexically within its documents (its vectors: see RetrieverOptions.exactVectorsMax).
 */
const NARROW_SCOPE_MIN = 2000;
const NARROW_SCOPE_SHARE = 16;

/** The `k` chunks of `within` closest to `query` by cosine, computed exactly (the graph's own vectors, by each chunk's label). */
function nearestWithin(
  vectors: SearchIndex["vectors"],
  labels: Int32Array,
  query: number[],
  within: readonly number[],
  k: number,
): number[] {
  const norm = Math.hypot(...query) || 1;
  const scored = within.map((i) => {
    const point = vectors.index.getPoint(labels[i]!);
    let dot = 0;
    let len = 0;
    for (let d = 0; d < point.length; d++) {
      dot += point[d]! * query[d]!;
      len += point[d]! * point[d]!;
    }
    return { i, score: dot / ((Math.sqrt(len) || 1) * norm) };
  });
  return scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map((s) => s.i);
}

/** The chapter of a law on liability: 第五章 监督和追责 (2022), 第六章 法律责任 (2005). */
const LIABILITY = /追责|法律责任/;
