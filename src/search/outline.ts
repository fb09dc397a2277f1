/** A report's outline and section texts, rebuilt from its chunks' offsets (no overlap repeated). */
import { createHash } from "node:crypto";
import type { Chunk } from "../corpus/types.ts";

/** One section of a report: its heading path and its full text. */
export interface Section {
  path: string[];
  text: string;
}

/** A short stable key for a document id (8 hex characters), for button data. */
export function docKey(docId: string): string {
  return createHash("sha256").update(docId).digest("hex").slice(0, 8);
}

/** The sections of a document in reading order, each with its text reassembled from its chunks. */
export function documentSections(chunks: Chunk[], docId: string): Section[] {
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
