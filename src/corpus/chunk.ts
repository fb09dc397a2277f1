/** Structure-aware chunking: reports along their own headings, with sentence-bounded windows. */
import { hash } from "node:crypto";
import { splitSentences } from "../text/sentences.ts";
import { headingMarker, splitHeadingLine, type HeadingMarker, type MarkerKind } from "./headings.ts";
import type { Chunk } from "./types.ts";

/** Bump when chunk boundaries or texts change, so saved indexes are rebuilt. */
export const CHUNKER_VERSION = "7";

/** Options for report chunking. */
export interface ChunkOptions {
  /** Soft upper bound on a chunk's length in characters; a longer single sentence is kept whole. */
  maxChars: number;
  /** Sentences of one chunk repeated at the start of the next, when they are short enough. */
  overlapSentences: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 320, overlapSentences: 1 };

/** A paragraph of the cleaned text with its offset and the headings it sits under. */
export interface Paragraph {
  text: string;
  start: number;
  headingPath: string[];
}

/** Joins lines into the cleaned text and records where each starts. */
export function layoutLines(lines: string[]): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let pos = 0;
  for (const line of lines) {
    offsets.push(pos);
    pos += line.length + 1;
  }
  return { text: lines.join("\n"), offsets };
}

/**
 * Walks a report's lines and assigns every body paragraph its heading path. Marker kinds nest in
 * the order a document first uses them, so 一、 > （一） > 1、 but also 一、 > 1、 when a report
 * skips a level. A marker of a kind already open closes everything below it.
 */
export function outlineParagraphs(lines: string[], offsets: number[]): Paragraph[] {
  const stack: { kind: MarkerKind; heading: string; number: number }[] = [];
  const out: Paragraph[] = [];
  lines.forEach((line, i) => {
    const found = headingMarker(line);
    if (found) {
      const marker = { ...found, kind: misnumberedKind(stack, found) };
      const { heading, inlineBody } = splitHeadingLine(line);
      const open = stack.findIndex((s) => s.kind === marker.kind);
      if (open >= 0) stack.length = open;
      stack.push({ kind: marker.kind, heading, number: marker.number });
      if (!inlineBody) return;
    }
    out.push({ text: line, start: offsets[i]!, headingPath: stack.map((s) => s.heading) });
  });
  return out;
}

/**
 * The kind a marker really has. Exported Word files sometimes number a sub-item with the outer
 * kind ("（一）…（二）…（三）…" then "四、…" inside section 一): a marker that does not continue
 * its own kind's numbering but does continue the innermost open kind's is taken as that kind.
 */
function misnumberedKind(stack: { kind: MarkerKind; number: number }[], marker: HeadingMarker): MarkerKind {
  const own = stack.find((s) => s.kind === marker.kind);
  const inner = stack.at(-1);
  if (!own || !inner || inner.kind === marker.kind) return marker.kind;
  const continuesOwn = marker.number === own.number + 1;
  const continuesInner = marker.number === inner.number + 1;
  return !continuesOwn && continuesInner ? inner.kind : marker.kind;
}

/** sha256 of a chunk's text and path, shortened: what the embedding cache is keyed by. */
export function chunkHash(text: string, headingPath: string[]): string {
  return hash("sha256", `${headingPath.join(" > ")}\n${text}`).slice(0, 16);
}

interface Sentence {
  start: number;
  end: number;
}

/**
 * Chunks the paragraphs of one document. A chunk never crosses a section (heading path) and never
 * cuts a sentence; consecutive chunks of a section share `overlapSentences` sentences.
 */
export function chunkParagraphs(
  docId: string,
  fullText: string,
  paragraphs: Paragraph[],
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Chunk[] {
  const chunks: Chunk[] = [];
  // Group consecutive paragraphs that share a heading path into sections.
  const sections: { path: string[]; sentences: Sentence[] }[] = [];
  for (const p of paragraphs) {
    const key = p.headingPath.join("\u0000");
    let section = sections.at(-1);
    if (!section || section.path.join("\u0000") !== key) {
      section = { path: p.headingPath, sentences: [] };
      sections.push(section);
    }
    let pos = p.start;
    for (const s of splitSentences(p.text)) {
      if (s.trim() !== "") section.sentences.push({ start: pos, end: pos + s.length });
      pos += s.length;
    }
  }
  for (const { path, sentences } of sections) {
    let i = 0;
    while (i < sentences.length) {
      let j = i;
      while (j + 1 < sentences.length && sentences[j + 1]!.end - sentences[i]!.start <= options.maxChars) j++;
      const start = sentences[i]!.start;
      const end = sentences[j]!.end;
      const text = fullText.slice(start, end);
      chunks.push({
        id: `${docId}#${chunks.length}`,
        docId,
        kind: "report",
        text,
        headingPath: path,
        start,
        end,
        hash: chunkHash(text, path),
      });
      if (j + 1 >= sentences.length) break;
      // Overlap: restart a few sentences back, but always move forward and keep overlaps short.
      let next = j + 1;
      for (let k = 0; k < options.overlapSentences && next - 1 > i; k++) {
        const prev = sentences[next - 1]!;
        if (prev.end - prev.start > options.maxChars / 3) break;
        next--;
      }
      i = next;
    }
  }
  return chunks;
}
