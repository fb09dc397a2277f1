import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PieceReader, readTextPieces, readWhole, splitPieces } from "../../src/storage/read-whole.ts";

describe("readWhole", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "read-whole-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("returns every byte of a file, large or empty", async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    await writeFile(path.join(dir, "big"), bytes);
    await writeFile(path.join(dir, "empty"), "");
    expect((await readWhole(path.join(dir, "big"))).equals(bytes)).toBe(true);
    expect((await readWhole(path.join(dir, "empty"))).length).toBe(0);
  });

  it("rejects for a missing file", async () => {
    await expect(readWhole(path.join(dir, "missing"))).rejects.toThrow(/ENOENT/);
  });
});

describe("readTextPieces", () => {
  // Chinese, a character outside the BMP (a surrogate pair) and the match file's separator.
  const text = "信访工作条例\u0000第三十四条𠀋60日内办结\u0000\u0000情况复杂的，可以延长30日。";

  it("reads a UTF-16 file in pieces that join to its text, a pair of surrogates split or not", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "read-pieces-"));
    try {
      const file = path.join(dir, "t.u16.txt");
      await writeFile(file, Buffer.from(text, "utf16le"));
      for (const pieceBytes of [2, 6, 10, 64, 8 << 20]) {
        const pieces = await readTextPieces(file, pieceBytes);
        expect(pieces.join(""), `${pieceBytes}`).toBe(text);
        expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(pieceBytes / 2);
      }
      await writeFile(path.join(dir, "empty"), "");
      expect(await readTextPieces(path.join(dir, "empty"))).toEqual([]);
      await expect(readTextPieces(file, 3)).rejects.toThrow(/even/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("texts taken by length, and texts split at a separator, are the whole text's wherever the pieces part", () => {
    const lengths = [6, 1, 13, 1, 1, text.length - 22];
    for (const size of [1, 2, 3, 5, 7, text.length]) {
      const pieces = Array.from({ length: Math.ceil(text.length / size) }, (_, k) =>
        text.slice(k * size, (k + 1) * size),
      );
      const reader = new PieceReader(pieces);
      let at = 0;
      for (const n of lengths) expect(reader.take(n), `${size}`).toBe(text.slice(at, (at += n)));
      expect(reader.done).toBe(true);
      expect(reader.take(1)).toBeUndefined();
      expect(splitPieces(pieces, "\u0000")).toEqual(text.split("\u0000"));
    }
    const partly = new PieceReader(["abc", "def"]);
    expect(partly.take(4)).toBe("abcd");
    expect(partly.done).toBe(false);
    expect(splitPieces([], "\u0000")).toEqual([""]);
  });
});
