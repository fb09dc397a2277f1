/**
 * A file's bytes read by one request to libuv's threads (two for the open and its size): the read
 * goes on while this thread is busy. fs.readFile reads half a megabyte at a time and needs this
 * thread between pieces, so a large file read "in the background" waits for whatever runs here.
 */
import { open, type FileHandle } from "node:fs/promises";

export async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    await fill(handle, bytes, size, 0, file, size);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Reads `length` bytes at `position` into the start of `into`; throws when the file (of `size`) ends first. */
async function fill(handle: FileHandle, into: Buffer, length: number, position: number, file: string, size: number) {
  for (let filled = 0; filled < length;) {
    const { bytesRead } = await handle.read(into, filled, length - filled, position + filled);
    if (bytesRead === 0)
      throw new Error(`${file} ended after ${position + filled} of ${size} bytes (changed while read?)`);
    filled += bytesRead;
  }
}

/** Bytes decoded at a time by readTextPieces (even: a UTF-16 unit is never cut). */
const PIECE_BYTES = 8 << 20;

/**
 * A UTF-16LE text file's content, as consecutive strings of at most `pieceBytes / 2` characters,
 * read through one buffer of that size (a surrogate pair may straddle two pieces). No buffer of
 * the whole file is made: a large file's bytes, let go once decoded, would stay in memory until a
 * garbage collection, which falls when it falls (at 10,000 reports the two largest text files'
 * bytes were still held when the first questions were answered, 125 MB at the peak of the
 * process's life).
 */
export async function readTextPieces(file: string, pieceBytes = PIECE_BYTES): Promise<string[]> {
  if (pieceBytes < 2 || pieceBytes % 2 !== 0) throw new RangeError("pieceBytes must be even and positive");
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(Math.min(pieceBytes, size));
    const pieces: string[] = [];
    for (let done = 0; done < size;) {
      const want = Math.min(buffer.length, size - done);
      await fill(handle, buffer, want, done, file, size);
      pieces.push(buffer.toString("utf16le", 0, want));
      done += want;
    }
    return pieces;
  } finally {
    await handle.close();
  }
}

/** Takes texts of given lengths, one after another, from the consecutive pieces of one text. */
export class PieceReader {
  private piece = 0;
  private at = 0;

  constructor(private readonly pieces: readonly string[]) {}

  /**
   * The next `length` characters: a slice of one piece, or slices of two or more joined for a text
   * that straddles them; undefined when fewer are left.
   */
  take(length: number): string | undefined {
    const current = this.pieces[this.piece];
    if (current !== undefined && this.at + length <= current.length) {
      return current.slice(this.at, (this.at += length));
    }
    let text = "";
    while (text.length < length) {
      const piece = this.pieces[this.piece];
      if (piece === undefined) return undefined;
      const part = piece.slice(this.at, this.at + length - text.length);
      text += part;
      this.at += part.length;
      if (this.at === piece.length) [this.piece, this.at] = [this.piece + 1, 0];
    }
    return text;
  }

  /** Whether every character was taken. */
  get done(): boolean {
    return this.pieces.slice(this.piece).every((p, k) => p.length === (k === 0 ? this.at : 0));
  }
}

/** The consecutive pieces of one text, split at `separator` (one character) as the whole text would be. */
export function splitPieces(pieces: readonly string[], separator: string): string[] {
  if (separator.length !== 1) throw new RangeError("the separator must be one character");
  const out: string[] = [];
  let carried = "";
  for (const piece of pieces) {
    const parts = piece.split(separator);
    parts[0] = carried + parts[0]!;
    carried = parts.pop()!;
    for (const part of parts) out.push(part);
  }
  out.push(carried);
  return out;
}
