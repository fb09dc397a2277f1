/**
 * A report's outline: its sections as a tree built from the chunks' heading paths, each section
 * knowing what part of a report it is (measures, shortcomings, plans, the first responsible
 * person's duties) from its heading's own words.
 */
import type { Chunk } from "../corpus/types.ts";
import type { SectionRole } from "./intent.ts";

/** One section of a report. */
export interface OutlineNode {
  /** The heading as written ("（二）坚持依法行政，推进法治信访"); "" for the report's opening. */
  heading: string;
  path: string[];
  roles: SectionRole[];
  /** Chunks directly under this heading, in reading order. */
  chunks: Chunk[];
  children: OutlineNode[];
}

const ROLE_WORDS: [SectionRole, RegExp][] = [
  // "工作计划", "2024年工作思路", "下一步工作打算" — but not "落实学习计划".
  ["plans", /(?:工作|建设)(?:计划|思路|打算)|思路|打算|下一步|对策|今后|工作重点|目标举措|展望/],
  ["shortcomings", /不足|存在的?问题|差距|短板/],
  ["responsibility", /第一责任人|履职|主要负责人/],
  ["measures", /举措|措施|成效|工作开展情况|主要工作|做法|工作情况/],
];

/** The roles a heading's words give its section. */
export function headingRoles(heading: string): SectionRole[] {
  const roles = ROLE_WORDS.filter(([, words]) => words.test(heading)).map(([role]) => role);
  // "工作思路目标举措" plans measures: it is a plan.
  return roles.includes("plans") ? roles.filter((r) => r !== "measures") : roles;
}

/** The outline of one document's chunks (all of the same docId), opening first. */
export function buildOutline(chunks: Chunk[]): OutlineNode {
  const root: OutlineNode = { heading: "", path: [], roles: [], chunks: [], children: [] };
  for (const chunk of [...chunks].sort((a, b) => a.start - b.start)) {
    let node = root;
    chunk.headingPath.forEach((heading, depth) => {
      let child = node.children.find((c) => c.heading === heading);
      if (!child) {
        const path = chunk.headingPath.slice(0, depth + 1);
        child = { heading, path, roles: headingRoles(heading), chunks: [], children: [] };
        node.children.push(child);
      }
      node = child;
    });
    node.chunks.push(chunk);
  }
  return root;
}

/** Every chunk of a section and its subsections, in reading order. */
export function sectionChunks(node: OutlineNode): Chunk[] {
  return [...node.chunks, ...node.children.flatMap(sectionChunks)].sort((a, b) => a.start - b.start);
}

/** The text of a section, its chunks' overlaps removed. */
export function sectionText(node: OutlineNode): string {
  return joinChunks(sectionChunks(node));
}

/** Chunks of one document joined in reading order, without what consecutive ones share. */
export function joinChunks(chunks: Chunk[]): string {
  let text = "";
  let pos = -1;
  for (const c of [...chunks].sort((a, b) => a.start - b.start)) {
    if (pos >= 0 && c.start > pos) text += "\n";
    text += pos < 0 ? c.text : c.text.slice(Math.max(0, pos - c.start));
    pos = Math.max(pos, c.end);
  }
  return text;
}

/** The top-level sections that have a role, or that are ordinary content when `role` is measures. */
export function sectionsFor(root: OutlineNode, role: SectionRole): OutlineNode[] {
  const top = root.children;
  const own = top.filter((n) => n.roles.includes(role));
  if (role !== "measures") return own;
  // Reports that do not call their work sections 举措/措施 (each section is one line of work).
  if (own.length > 0) return own;
  return top.filter((n) => !n.roles.some((r) => r === "plans" || r === "shortcomings"));
}
