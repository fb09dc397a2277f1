/** File names that fit: cut by UTF-8 bytes (what file systems count), never inside a character. */
import path from "node:path";

/** Longest file name on common file systems (ext4, XFS, btrfs, ZFS), in bytes. */
export const NAME_MAX_BYTES = 255;

/** Length of text in UTF-8 bytes (a Chinese character takes 3). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The longest start of text within maxBytes of UTF-8, cut between characters (whole graphemes). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let out = "";
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)) {
    const size = utf8Bytes(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/**
 * A file name within maxBytes of UTF-8: the start of its stem is kept (where a report's bureau and
 * year are written) and its extension whole; unchanged when it already fits.
 */
export function fitFileName(name: string, maxBytes: number): string {
  if (utf8Bytes(name) <= maxBytes) return name;
  const ext = path.extname(name);
  if (utf8Bytes(ext) >= maxBytes) return truncateUtf8(name, maxBytes);
  return `${truncateUtf8(name.slice(0, name.length - ext.length), maxBytes - utf8Bytes(ext)).trimEnd()}${ext}`;
}
