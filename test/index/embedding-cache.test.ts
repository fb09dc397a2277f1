import { appendFile, copyFile, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddingCache, embeddingKey } from "../../src/index/embedding-cache.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-embcache-"));
  dirs.push(dir);
  return dir;
}
const vec = (seed: number) => new Float32Array([seed, seed + 0.5, -seed, 0.25]);
const files = (dir: string) => ({
  vectors: path.join(dir, "embedding-cache", "local__m.f32"),
  keys: path.join(dir, "embedding-cache", "local__m.keys"),
});

/** A cache of `n` vectors (texts t0.., vectors vec(0)..), saved. */
async function filled(dir: string, n: number): Promise<void> {
  const cache = await EmbeddingCache.open(dir, "local", "m");
  for (let i = 0; i < n; i++) cache.set(embeddingKey(`t${i}`), vec(i));
  cache.save();
}

describe("EmbeddingCache", () => {
  it("round-trips vectors through its files, exactly as float32", async () => {
    const dir = await dataDir();
    const cache = await EmbeddingCache.open(dir, "local", "m");
    cache.set(embeddingKey("信访事项"), vec(1));
    cache.set(embeddingKey("b"), new Float32Array([0.1, 0.2, 0.3, 0.4]));
    cache.save();
    const again = await EmbeddingCache.open(dir, "local", "m");
    expect(again.size).toBe(2);
    expect(again.get(embeddingKey("信访事项"))).toEqual(vec(1));
    expect(again.get(embeddingKey("b"))).toEqual(new Float32Array([0.1, 0.2, 0.3, 0.4]));
    expect(again.get(embeddingKey("c"))).toBeUndefined();
    again.close();
    expect((await EmbeddingCache.open(dir, "local", "other-model")).get(embeddingKey("信访事项"))).toBeUndefined();
  });

  it("appends a build's new vectors to the files instead of writing them again", async () => {
    const dir = await dataDir();
    await filled(dir, 50);
    const before = await stat(files(dir).vectors);
    const head = (await readFile(files(dir).vectors)).subarray(0, before.size);
    const cache = await EmbeddingCache.open(dir, "local", "m");
    cache.set(embeddingKey("new"), vec(99));
    cache.save({ prune: false });
    const after = await stat(files(dir).vectors);
    expect(after.ino).toBe(before.ino);
    expect(after.size).toBe(before.size + 16);
    expect((await readFile(files(dir).vectors)).subarray(0, before.size)).toEqual(head);
    const again = await EmbeddingCache.open(dir, "local", "m");
    expect(again.get(embeddingKey("new"))).toEqual(vec(99));
    expect(again.get(embeddingKey("t49"))).toEqual(vec(49));
    again.close();
  });

  it("compacts to the latest build's vectors and at most as many others once it holds more than twice them", async () => {
    const dir = await dataDir();
    await filled(dir, 6);
    // The next build uses two of them and adds one: 7 rows > 2 × 3, so three are kept as the
    // build's and three spare at most, the newest.
    let cache = await EmbeddingCache.open(dir, "local", "m");
    cache.get(embeddingKey("t0"));
    cache.get(embeddingKey("t1"));
    cache.set(embeddingKey("new"), vec(9));
    cache.save();
    cache = await EmbeddingCache.open(dir, "local", "m");
    const present = [...Array(6).keys()].filter((i) => cache.get(embeddingKey(`t${i}`)) !== undefined);
    expect(present).toEqual([0, 1, 3, 4, 5]);
    expect(cache.get(embeddingKey("new"))).toEqual(vec(9));
    cache.close();
  });

  it("keeps every vector when saved without pruning (a patched build, which read none of the vectors it kept)", async () => {
    const dir = await dataDir();
    await filled(dir, 6);
    let cache = await EmbeddingCache.open(dir, "local", "m");
    cache.set(embeddingKey("new"), vec(9));
    cache.save({ prune: false });
    cache = await EmbeddingCache.open(dir, "local", "m");
    expect([...Array(6).keys()].map((i) => cache.get(embeddingKey(`t${i}`)))).toEqual([...Array(6).keys()].map(vec));
    expect(cache.get(embeddingKey("new"))).toEqual(vec(9));
    cache.close();
  });

  it("writes new vectors out in batches, so what a build embedded survives its crash", async () => {
    const dir = await dataDir();
    const cache = await EmbeddingCache.open(dir, "local", "m");
    for (let i = 0; i < 9000; i++) cache.set(embeddingKey(`t${i}`), vec(i));
    // No save: the process dies here. The first full batch is on disk.
    const again = await EmbeddingCache.open(dir, "local", "m");
    expect(again.size).toBe(8192);
    expect(again.get(embeddingKey("t8191"))).toEqual(vec(8191));
    expect(again.get(embeddingKey("t8192"))).toBeUndefined();
    again.close();
    cache.close();
  });

  it("ignores a torn tail from a crash mid-append, and appends over it", async () => {
    const dir = await dataDir();
    await filled(dir, 3);
    await appendFile(files(dir).vectors, new Uint8Array(10)); // part of a fourth row
    let cache = await EmbeddingCache.open(dir, "local", "m");
    expect(cache.size).toBe(3);
    cache.set(embeddingKey("next"), vec(7));
    cache.save({ prune: false });
    await appendFile(files(dir).keys, new Uint8Array(5)); // part of a key row, its vector never written
    cache = await EmbeddingCache.open(dir, "local", "m");
    expect(cache.size).toBe(4);
    expect([0, 1, 2].map((i) => cache.get(embeddingKey(`t${i}`)))).toEqual([0, 1, 2].map(vec));
    expect(cache.get(embeddingKey("next"))).toEqual(vec(7));
    cache.close();
  });

  it("treats a damaged vector as missing, keeps the others, and keeps the one made again", async () => {
    const dir = await dataDir();
    await filled(dir, 3);
    const handle = await open(files(dir).vectors, "r+");
    await handle.write(new Uint8Array([0x7f]), 0, 1, 16 + 16 + 5); // a byte of the second row
    await handle.close();
    let cache = await EmbeddingCache.open(dir, "local", "m");
    expect(cache.get(embeddingKey("t0"))).toEqual(vec(0));
    expect(cache.get(embeddingKey("t1"))).toBeUndefined();
    expect(cache.get(embeddingKey("t2"))).toEqual(vec(2));
    // The vector made again is kept: the next build finds it.
    cache.set(embeddingKey("t1"), vec(1));
    cache.save({ prune: false });
    cache = await EmbeddingCache.open(dir, "local", "m");
    expect(cache.get(embeddingKey("t1"))).toEqual(vec(1));
    cache.close();
  });

  it("starts empty when its files are of different generations, damaged or of an earlier version", async () => {
    const dir = await dataDir();
    const other = await dataDir();
    await filled(dir, 2);
    await filled(other, 2);
    // The keys of one generation beside the vectors of another (a crash between compaction's renames).
    await copyFile(files(other).keys, files(dir).keys);
    expect((await EmbeddingCache.open(dir, "local", "m")).size).toBe(0);
    await writeFile(files(dir).keys, "not a keys file");
    expect((await EmbeddingCache.open(dir, "local", "m")).size).toBe(0);
    // The earlier JSON cache is removed; the earlier text keys file is overwritten on the next save.
    await writeFile(path.join(dir, "embedding-cache", "local__m.json"), "{}");
    const cache = await EmbeddingCache.open(dir, "local", "m");
    expect(await readdir(path.join(dir, "embedding-cache"))).not.toContain("local__m.json");
    cache.set(embeddingKey("a"), vec(1));
    cache.save();
    expect((await EmbeddingCache.open(dir, "local", "m")).get(embeddingKey("a"))).toEqual(vec(1));
  });
});
