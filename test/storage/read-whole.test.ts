import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readWhole } from "../../src/storage/read-whole.ts";

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
