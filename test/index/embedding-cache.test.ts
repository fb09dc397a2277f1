import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddingCache } from "../../src/index/embedding-cache.ts";

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

describe("EmbeddingCache", () => {
  it("round-trips vectors through its files, exactly as float32", async () => {
    const dir = await dataDir();
    const cache = await EmbeddingCache.open(dir, "local", "m");
    cache.set("a", vec(1));
    cache.set("b", new Float32Array([0.1, 0.2, 0.3, 0.4]));
    await cache.save();
    const again = await EmbeddingCache.open(dir, "local", "m");
    expect(again.get("a")).toEqual(vec(1));
    expect(again.get("b")).toEqual(new Float32Array([0.1, 0.2, 0.3, 0.4]));
    expect(again.get("c")).toBeUndefined();
    expect((await EmbeddingCache.open(dir, "local", "other-model")).get("a")).toBeUndefined();
  });

  it("keeps the latest build's vectors and at most as many others", async () => {
    const dir = await dataDir();
    let cache = await EmbeddingCache.open(dir, "local", "m");
    for (let i = 0; i < 6; i++) cache.set(`old${i}`, vec(i));
    await cache.save();
    // The next build uses two of them and adds one: three kept as the build's, three spare at most.
    cache = await EmbeddingCache.open(dir, "local", "m");
    cache.get("old0");
    cache.get("old1");
    cache.set("new", vec(9));
    await cache.save();
    cache = await EmbeddingCache.open(dir, "local", "m");
    const present = [...Array(6).keys()].filter((i) => cache.get(`old${i}`) !== undefined);
    expect(present).toContain(0);
    expect(present).toContain(1);
    expect(present.length).toBe(5);
    expect(cache.get("new")).toEqual(vec(9));
  });

  it("keeps every vector when saved without pruning (a patched build, which read none of the vectors it kept)", async () => {
    const dir = await dataDir();
    let cache = await EmbeddingCache.open(dir, "local", "m");
    for (let i = 0; i < 6; i++) cache.set(`old${i}`, vec(i));
    await cache.save();
    cache = await EmbeddingCache.open(dir, "local", "m");
    cache.set("new", vec(9));
    await cache.save({ prune: false });
    cache = await EmbeddingCache.open(dir, "local", "m");
    expect([...Array(6).keys()].map((i) => cache.get(`old${i}`))).toEqual([...Array(6).keys()].map(vec));
    expect(cache.get("new")).toEqual(vec(9));
  });

  it("starts empty when its files are damaged or disagree, and forgets the old JSON cache", async () => {
    const dir = await dataDir();
    const cache = await EmbeddingCache.open(dir, "local", "m");
    cache.set("a", vec(1));
    await cache.save();
    const folder = path.join(dir, "embedding-cache");
    await writeFile(path.join(folder, "local__m.keys"), "a\nb");
    expect((await EmbeddingCache.open(dir, "local", "m")).get("a")).toBeUndefined();
    // As many keys as vectors, but not the ones they were written with (a crash between the renames).
    await writeFile(path.join(folder, "local__m.keys"), "z");
    expect((await EmbeddingCache.open(dir, "local", "m")).get("z")).toBeUndefined();
    await writeFile(path.join(folder, "local__m.json"), "{}");
    await EmbeddingCache.open(dir, "local", "m");
    expect(await readdir(folder)).not.toContain("local__m.json");
  });
});
