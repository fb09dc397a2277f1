/**
 * jieba's general-language IDF table (idf.txt, shipped with @node-rs/jieba: "word idf" per line),
 * looked up without turning its 270,000 lines into objects: an open-addressing hash table of line
 * offsets over the file's own bytes (about 2 MB beside the 5 MB the package already holds).
 */
import { idf } from "@node-rs/jieba/dict.js";

const encoder = new TextEncoder();
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** FNV-1a over bytes[start, end). */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

interface Table {
  bytes: Uint8Array;
  /** Line start + 1 for each used slot (0 = empty). */
  slots: Uint32Array;
  mask: number;
}

let table: Table | undefined;

function build(): Table {
  const bytes = idf;
  let lines = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
  let size = 1;
  while (size < lines * 2) size <<= 1;
  const slots = new Uint32Array(size);
  const mask = size - 1;
  let start = 0;
  while (start < bytes.length) {
    // The word is the line up to its space, hashed as it is read (one pass over the line).
    let h = 0x811c9dc5;
    let at = start;
    for (let b = bytes[at]; at < bytes.length && b !== SPACE && b !== NEWLINE; b = bytes[++at])
      h = Math.imul(h ^ b!, 0x01000193);
    if (at > start && bytes[at] === SPACE) {
      let slot = (h >>> 0) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = start + 1;
    }
    const end = bytes.indexOf(NEWLINE, at);
    start = end < 0 ? bytes.length : end + 1;
  }
  return { bytes, slots, mask };
}

/** A word's IDF in jieba's general-language table, or undefined when the table lacks the word. */
export function generalIdf(word: string): number | undefined {
  table ??= build();
  const { bytes, slots, mask } = table;
  const key = encoder.encode(word);
  for (let slot = hash(key, 0, key.length) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    const start = slots[slot]! - 1;
    if (bytes[start + key.length] !== SPACE) continue;
    let same = true;
    for (let i = 0; i < key.length && same; i++) same = bytes[start + i] === key[i];
    if (!same) continue;
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    return Number(new TextDecoder().decode(bytes.subarray(start + key.length + 1, end)));
  }
  return undefined;
}
