/**
 * Answers made of a report's own structure: the items of the part a question is about (measures,
 * shortcomings, plans) — its subsections, or its "一是…二是…" enumerations — and a report's
 * outline for an overview. Every item is quoted verbatim and cited.
 */
import type { Chunk } from "../corpus/types.ts";
import { conceptCoverage, present } from "../search/concepts.ts";
import type { SectionRole } from "../search/intent.ts";
import { sectionChunks, sectionsFor, sectionText, type OutlineNode } from "../search/outline.ts";
import type { Retrieval } from "../search/retriever.ts";
import { normalizeForMatch } from "../text/script.ts";

/** One item of a list answer: the text shown and the chunk it is quoted from. */
export interface Item {
  text: string;
  chunk: Chunk;
  /** Depth in the outline (0 for a top-level section), for overviews. */
  depth: number;
}

/** An item this short is a heading of what follows it; with that, an item is no longer than LONG_ITEM. */
const SHORT_ITEM = 24;
const LONG_ITEM = 140;

/** Markers of an enumeration inside a paragraph. */
const ENUM_MARK = /(?:^|(?<=[。；;：:，,\n]))\s*(一是|二是|三是|四是|五是|六是|七是|八是|九是|十是)/g;

/** The chunk of a section whose text holds `needle` (else its first). */
function chunkAt(node: OutlineNode, needle: string): Chunk {
  const chunks = sectionChunks(node);
  return chunks.find((c) => c.text.includes(needle)) ?? chunks[0]!;
}

/**
 * The enumerations of a section's text: groups of "一是…二是…" items (a section may hold two, as
 * in "不足：一是…二是… 针对存在问题…：一是…二是…"), each item up to the end of its first sentence.
 */
export function enumerations(text: string): { lead: string; items: string[] }[] {
  const marks = [...text.matchAll(ENUM_MARK)].map((m) => ({ at: m.index! + m[0].indexOf(m[1]!), mark: m[1]! }));
  const groups: { lead: string; items: string[] }[] = [];
  let leadStart = 0;
  marks.forEach((m, i) => {
    const next = marks[i + 1]?.at ?? text.length;
    const body = text.slice(m.at, next);
    const stop = body.search(/[。；;]/);
    let item = (stop >= 0 ? body.slice(0, stop + 1) : body).trim().replace(/[；;，,]$/, "。");
    // A bare heading of an item ("三是法治信访宣传效果还不明显。") with what it means right after it.
    const more = stop >= 0 ? /^[^。；;]+[。；;]/.exec(body.slice(stop + 1).trimStart())?.[0] : undefined;
    if (more && item.length <= SHORT_ITEM && item.length + more.length <= LONG_ITEM) item = `${item}${more}`;
    if (m.mark === "一是" || groups.length === 0) {
      groups.push({ lead: text.slice(leadStart, m.at), items: [] });
    }
    groups.at(-1)!.items.push(item);
    leadStart = next;
  });
  return groups.filter((g) => g.items.length >= 2);
}

/** Which enumeration of a section answers the role: the shortcomings before 针对/对策, the plans after. */
function groupFor(groups: { lead: string; items: string[] }[], role: SectionRole) {
  if (groups.length <= 1) return groups[0];
  if (role === "plans") return groups.find((g) => /针对|对策|将|以下方面|计划|打算|思路/.test(g.lead)) ?? groups.at(-1);
  if (role === "shortcomings") return groups.find((g) => /不足|问题|差距/.test(g.lead)) ?? groups[0];
  return groups[0];
}

/** The items of one section for a role: its subsections' headings, or its enumeration. */
function itemsOf(node: OutlineNode, role: SectionRole): Item[] {
  if (node.children.length > 0) {
    return node.children.map((child) => ({ text: child.heading, chunk: sectionChunks(child)[0]!, depth: 1 }));
  }
  const text = sectionText(node);
  const group = groupFor(enumerations(text), role);
  if (group) {
    return group.items.map((item) => {
      const chunk = chunkAt(node, item.slice(0, 12));
      // An item is quoted from one chunk: its heading alone when what follows is in the next one.
      const text = chunk.text.includes(item) ? item : item.slice(0, item.search(/[。；;]/) + 1) || item;
      return { text, chunk, depth: 1 };
    });
  }
  const first = sectionChunks(node)[0];
  return first ? [{ text: node.heading, chunk: first, depth: 0 }] : [];
}

/** The items answering a role question about a report, in reading order. */
export function roleItems(outline: OutlineNode, role: SectionRole): Item[] {
  const sections = sectionsFor(outline, role);
  // A report whose work sections have no subsections: each section is one item of its work.
  if (role === "measures" && sections.length > 1 && sections.every((s) => s.children.length === 0)) {
    return sections.flatMap((s) => {
      const first = sectionChunks(s)[0];
      return first ? [{ text: s.heading, chunk: first, depth: 0 }] : [];
    });
  }
  return sections.flatMap((s) => itemsOf(s, role));
}

/** The outline of a report as items: top-level sections and their subsections. */
export function overviewItems(outline: OutlineNode): Item[] {
  return outline.children.flatMap((top) => {
    const first = sectionChunks(top)[0];
    if (!first) return [];
    return [
      { text: top.heading, chunk: first, depth: 0 },
      ...top.children.flatMap((child) => {
        const c = sectionChunks(child)[0];
        return c ? [{ text: child.heading, chunk: c, depth: 1 }] : [];
      }),
    ];
  });
}

/** Verbs of going about work in general: a question's "咋推进" asks how the whole part goes on. */
const PROCEEDING = /^(?:推进|推动|开展|落实|加强|实施|进行|做好|抓好|搞好|干好|完成)$/;

/**
 * The one item a question singles out, if it does: it covers the question's concepts clearly
 * better than every other item ("准备怎么营造依法信访的社会氛围" -> （三）着力营造依法信访社会氛围).
 */
export function focusedItem(items: Item[], retrieval: Retrieval): Item | undefined {
  if (items.length < 2) return undefined;
  const scored = items
    .map((item) => ({ item, coverage: conceptCoverage(retrieval.weights, normalizeForMatch(item.text)) }))
    .sort((a, b) => b.coverage - a.coverage);
  const [best, second] = scored;
  if (!best || !second || best.coverage < 0.3 || best.coverage < 2 * second.coverage + 0.1) return undefined;
  // What singles an item out is what it is about ("普法"), not the question's verb ("准备咋推进")
  // nor a word for the part asked about ("打算" is also the 工作思路 an item may name).
  const text = normalizeForMatch(best.item.text);
  return [...retrieval.weights.keys()].some((c) => !c.cue && !PROCEEDING.test(c.said) && present(c, text))
    ? best.item
    : undefined;
}

/** Most characters of what a heading item goes on with, shown after it in a list. */
const GIST_CHARS = 40;

/**
 * A heading item with the start of what it heads, as its chunk has it ("4、加大信访问题化解工作力度。
 * 在“解决问题”上发力,按照“三到位一处理”的总要求…"): the first sentence after the heading, cut at a
 * clause past GIST_CHARS. The item alone when it heads nothing or its chunk does not go on from it.
 */
export function withGist(item: Item, outline: OutlineNode): string {
  if (!itemSection(outline, item)) return item.text;
  const text = item.chunk.text;
  const at = text.indexOf(item.text);
  const after = at + item.text.length;
  if (at < 0 || !/^[。：:]/.test(text.slice(after))) return item.text;
  const rest = text.slice(after + 1);
  const end = rest.search(/[。；;\n]/);
  const sentence = (end >= 0 ? rest.slice(0, end + 1) : rest).trimEnd();
  if (sentence.length < 4) return item.text;
  let gist = sentence;
  if (gist.length > GIST_CHARS) {
    const breaks = [...gist.slice(0, GIST_CHARS).matchAll(/[，,]/g)].map((m) => m.index);
    const cut = breaks.at(-1) ?? GIST_CHARS;
    gist = `${gist.slice(0, cut > 12 ? cut : GIST_CHARS)}…`;
  }
  return `${text.slice(at, after + 1)}${gist}`;
}

/** The full text of the subsection an item heads (a heading item), or undefined for other items. */
export function itemSection(outline: OutlineNode, item: Item): OutlineNode | undefined {
  const find = (node: OutlineNode): OutlineNode | undefined =>
    node.heading === item.text ? node : node.children.map(find).find(Boolean);
  return find(outline);
}
