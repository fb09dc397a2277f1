/** Parsing of regulation texts (LawRefBook Markdown): metadata and one chunk per article. */
import { parseChineseNumeral } from "../text/numerals.ts";
import { chunkHash, layoutLines } from "./chunk.ts";
import type { Chunk, RegulationMeta } from "./types.ts";

/** A regulation as declared in corpus/regulations/manifest.json. */
export interface RegulationEntry {
  id: string;
  title: string;
  file: string;
  url: string;
  sha256: string;
  /** Title of the regulation this one replaces, when it does. */
  supersedes?: string;
}

const ARTICLE = /^第([一二三四五六七八九十百零〇]+)条/;
const CHAPTER = /^#{2,3}\s*(第[一二三四五六七八九十]+[章节].*)$/;
const DATED_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$/;

function iso(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** The parts of a regulation's metadata its own text can say. */
export type RegulationTextMeta = Pick<RegulationMeta, "title" | "issuer" | "issuedDate" | "inForceDate" | "header">;

/** Parses a regulation's Markdown into cleaned text, metadata and one chunk per article. */
export function parseRegulation(
  raw: string,
  docId: string,
): { meta: RegulationTextMeta; text: string; chunks: Chunk[] } {
  const all = raw.replace(/\r\n?/g, "\n").replace(/^\ufeff/, "").split("\n").map((l) => l.trim());
  const infoEnd = all.findIndex((l) => l.includes("<!-- INFO END -->"));
  const info = infoEnd >= 0 ? all.slice(0, infoEnd) : [];
  const bodyLines = (infoEnd >= 0 ? all.slice(infoEnd + 1) : all).filter((l) => l !== "");

  const titleLine = all.find((l) => l.startsWith("# "));
  const meta: RegulationTextMeta = { title: titleLine ? titleLine.slice(2).trim() : docId };
  for (const line of info) {
    const m = DATED_LINE.exec(line);
    if (!m) continue;
    const [, y, mo, d, rest] = m;
    (meta.header ??= []).push(line);
    if (/施行$/.test(rest!)) meta.inForceDate = iso(y!, mo!, d!);
    else if (/(发布|公布)$/.test(rest!)) {
      meta.issuedDate = iso(y!, mo!, d!);
      meta.issuer = rest!.replace(/(发布|公布)$/, "").replace(/令第\d+号$/, "").trim();
    }
  }

  // Cleaned text: chapter headings without their Markdown marks, one paragraph a line.
  const lines = bodyLines.map((l) => l.replace(/^#+\s*/, ""));
  const { text, offsets } = layoutLines(lines);
  const chunks: Chunk[] = [];
  let chapter: string | undefined;
  let current: { article: number; label: string; first: number; last: number } | undefined;
  const flush = () => {
    if (!current) return;
    const start = offsets[current.first]!;
    const end = offsets[current.last]! + lines[current.last]!.length;
    const chunkText = text.slice(start, end);
    const headingPath = [...(chapter ? [chapter] : []), current.label];
    chunks.push({
      id: `${docId}#${chunks.length}`,
      docId,
      kind: "regulation",
      text: chunkText,
      headingPath,
      start,
      end,
      hash: chunkHash(chunkText, headingPath),
      article: current.article,
      ...(chapter ? { chapter } : {}),
    });
    current = undefined;
  };
  bodyLines.forEach((line, i) => {
    const ch = CHAPTER.exec(line);
    if (ch) {
      flush();
      chapter = ch[1]!.trim();
      return;
    }
    const art = ARTICLE.exec(line);
    if (art) {
      flush();
      current = { article: parseChineseNumeral(art[1]!) ?? 0, label: `第${art[1]}条`, first: i, last: i };
      return;
    }
    if (current) current.last = i;
  });
  flush();

  if (!meta.inForceDate) {
    const m = /本条例自(\d{4})年(\d{1,2})月(\d{1,2})日起施行/.exec(text);
    if (m) meta.inForceDate = iso(m[1]!, m[2]!, m[3]!);
  }
  return { meta, text, chunks };
}
