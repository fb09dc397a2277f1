import { cp, mkdtemp, readFile, readlink, rm, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import type { EmbeddingsProvider } from "../../src/index/embeddings.ts";
import { LocalHashEmbeddings } from "../../src/index/local-embeddings.ts";
import { currentIndexDir, ensureIndex, loadIndex, staleReasons } from "../../src/index/store.ts";
import type { TextTokens } from "../../src/text/tokenize.ts";
import { CORPUS, REPORTS, regulationsPresent } from "../helpers.ts";

/** The real local embedder, counting how many chunk texts it is asked to embed. */
class CountingEmbeddings extends LocalHashEmbeddings {
  embedded = 0;
  override embedTokens(tokens: TextTokens): Float32Array {
    this.embedded++;
    return super.embedTokens(tokens);
  }
}

let work: string;
let corpusDir: string;
let dataDir: string;
const log = createLogger("silent");
const counting = new CountingEmbeddings();
const embedder: EmbeddingsProvider = { embeddings: counting, provider: "local", model: "hashed-ngrams-v1-512" };
const options = () => ({ corpusDir, dataDir, embedder, log });

beforeAll(async () => {
  // A corpus of two reports (no regulation files) in a temp dir, so files can be changed freely.
  work = await mkdtemp(path.join(tmpdir(), "xinfang-store-"));
  corpusDir = path.join(work, "corpus");
  dataDir = path.join(work, "data");
  await cp(
    path.join(REPORTS, "..", "regulations", "manifest.json"),
    path.join(corpusDir, "regulations", "manifest.json"),
    { recursive: true },
  );
  for (const name of ["惠安县人民政府信访局-2023.txt", "阎良区信访局-2022.txt", "manifest.json"]) {
    await cp(path.join(REPORTS, name), path.join(corpusDir, "reports", name));
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("index store", () => {
  it("builds when missing, records what it was built from, and loads without rebuilding", async () => {
    expect(await staleReasons(options())).toEqual(["no index yet"]);
    const built = await ensureIndex(options());
    expect(built.manifest.documents).toBe(2);
    expect(built.manifest.missingRegulations.sort()).toEqual(["信访工作条例.md", "信访条例-2005.md"]);
    expect(built.manifest.sources.map((s) => s.path)).toContain("corpus/reports/惠安县人民政府信访局-2023.txt");
    expect(built.manifest.embeddings).toMatchObject({ provider: "local", dimensions: 512 });
    expect(counting.embedded).toBe(built.chunks.length);

    expect(await staleReasons(options())).toEqual([]);
    const before = counting.embedded;
    const loaded = await ensureIndex(options());
    expect(counting.embedded).toBe(before);
    expect(loaded.chunks.map((c) => c.hash)).toEqual(built.chunks.map((c) => c.hash));
  });

  it("notices a changed file and re-embeds only its new chunks", async () => {
    const file = path.join(corpusDir, "reports", "阎良区信访局-2022.txt");
    await appendFile(file, "\n七、补充说明\n今年新增开展专题培训5次。\n");
    expect(await staleReasons(options())).toEqual(["changed file corpus/reports/阎良区信访局-2022.txt"]);
    const before = counting.embedded;
    const rebuilt = await ensureIndex(options());
    expect(counting.embedded - before).toBe(1);
    expect(rebuilt.chunks.some((c) => c.text.includes("专题培训5次"))).toBe(true);
  });

  it("notices added and removed files and a changed embeddings model", async () => {
    await writeFile(
      path.join(corpusDir, "reports", "新文件.txt"),
      "某某县信访局\n2024年工作报告\n\n一、工作\n开展工作3次。\n",
    );
    expect(await staleReasons(options())).toContain("new file corpus/reports/新文件.txt");
    await rm(path.join(corpusDir, "reports", "新文件.txt"));
    expect(await staleReasons(options())).toEqual([]);
    const other = { ...options(), embedder: { ...embedder, model: "other-model" } };
    expect((await staleReasons(other))[0]).toMatch(/embeddings changed/);
  });

  it("swaps builds through a symlink and rebuilds an unreadable index", async () => {
    const target = await readlink(currentIndexDir(dataDir));
    expect(target).toMatch(/^index-builds\//);
    await writeFile(path.join(dataDir, target, "lexical.bin"), "broken");
    await expect(loadIndex(dataDir, embedder)).rejects.toThrow(/cannot load the index/);
    const repaired = await ensureIndex(options());
    expect(repaired.manifest.documents).toBe(2);
    expect(await readlink(currentIndexDir(dataDir))).not.toBe(target);
    expect(JSON.parse(await readFile(path.join(currentIndexDir(dataDir), "manifest.json"), "utf8")).chunks).toBe(
      repaired.chunks.length,
    );
  });

  it("loads each chunk's text back exactly from the texts file, and rebuilds when that file is cut short", async () => {
    const built = await ensureIndex(options());
    const loaded = await loadIndex(dataDir, embedder);
    expect(loaded.chunks).toEqual(built.chunks);
    const texts = path.join(currentIndexDir(dataDir), "chunk-texts.u16.txt");
    await writeFile(texts, (await readFile(texts)).subarray(0, 200));
    await expect(loadIndex(dataDir, embedder)).rejects.toThrow(/does not match/);
    expect((await ensureIndex(options())).chunks.map((c) => c.text)).toEqual(built.chunks.map((c) => c.text));
  });

  it.skipIf(!regulationsPresent)(
    "loads regulation chunks back with their articles and chapters, and reports' with their heading paths",
    async () => {
      const whole = { corpusDir: CORPUS, dataDir: path.join(work, "data-whole"), embedder, log };
      const built = await ensureIndex(whole);
      const loaded = await loadIndex(whole.dataDir, embedder);
      expect(loaded.chunks).toEqual(built.chunks);
      expect(loaded.chunks.filter((c) => c.article !== undefined && c.chapter !== undefined).length).toBeGreaterThan(
        50,
      );
      // Chunks under one heading share its array once loaded (the corpus file keeps each path once).
      const shared = loaded.chunks.findIndex(
        (c, i) =>
          i > 0 &&
          c.docId === loaded.chunks[i - 1]!.docId &&
          c.headingPath.join() === loaded.chunks[i - 1]!.headingPath.join(),
      );
      expect(shared).toBeGreaterThan(0);
      expect(loaded.chunks[shared]!.headingPath).toBe(loaded.chunks[shared - 1]!.headingPath);
    },
  );
});
