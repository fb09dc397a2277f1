/**
 * Rebuilds that start from the previous build: unchanged files carried over, the lexical index
 * and (large corpora) the HNSW graph patched, with the same answers as a build from scratch.
 */
import { appendFile, cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSources } from "../../src/corpus/load.ts";
import { createEmbeddings } from "../../src/index/embeddings.ts";
import { currentIndexDir, ensureIndex, loadIndex, type SearchIndex } from "../../src/index/store.ts";
import { createLogger } from "../../src/log.ts";
import { normalizeForMatch } from "../../src/text/script.ts";
import { queryTerms } from "../../src/text/tokenize.ts";
import { REPORTS } from "../helpers.ts";

const embedder = await createEmbeddings({ provider: "local" });
const log = createLogger("silent");
const QUESTIONS = ["惠安县办理了多少件信访事项", "阎良区网上信访", "律师参与接访", "专题培训", "平城区化解信访积案"];
const REPORT_FILES = [
  "惠安县人民政府信访局-2023.txt",
  "阎良区信访局-2022.txt",
  "大同市平城区信访局-2022.txt",
  "西安市信访局-2021.txt",
  "重庆市沙坪坝区信访办公室-2021.txt",
];

let work: string;
let corpusDir: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "xinfang-incremental-"));
  corpusDir = path.join(work, "corpus");
  await cp(
    path.join(REPORTS, "..", "regulations", "manifest.json"),
    path.join(corpusDir, "regulations", "manifest.json"),
  );
  for (const name of [...REPORT_FILES, "manifest.json"]) {
    await cp(path.join(REPORTS, name), path.join(corpusDir, "reports", name));
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Builds (or refreshes) the index in `dataDir`, keeping its progress lines. */
async function build(
  dataDir: string,
  extra: { fromScratch?: boolean; graphPatchFrom?: number; graphThread?: boolean } = {},
) {
  const lines: string[] = [];
  const index = await ensureIndex({ corpusDir, dataDir, embedder, log, onProgress: (l) => lines.push(l), ...extra });
  return { index, lines };
}

/** What retrieval sees: lexical and vector hits by chunk id, for each question. */
async function hits(index: SearchIndex) {
  const id = (i: number) => index.chunks[i]!.id;
  return Promise.all(
    QUESTIONS.map(async (q) => ({
      lexical: index.lexical.search(queryTerms(q), 20).map((h) => [id(h.index), h.score]),
      vector: (await index.vectors.similaritySearchVectorWithScore(await embedder.embeddings.embedQuery(q), 10)).map(
        ([doc, score]) => [id(doc.metadata["i"] as number), score],
      ),
    })),
  );
}

/** Changes one report, adds one and withdraws one. */
async function changeCorpus(): Promise<void> {
  await appendFile(path.join(corpusDir, "reports", REPORT_FILES[1]!), "\n七、补充说明\n今年新增开展专题培训5次。\n");
  await writeFile(
    path.join(corpusDir, "reports", "某某县信访局-2024.txt"),
    "某某县信访局2024年法治政府建设年度报告\n\n一、主要工作\n全年开展专题培训12次，办理信访事项321件。\n",
  );
  await rm(path.join(corpusDir, "reports", REPORT_FILES[2]!));
}

describe("rebuilding from the previous build", () => {
  it("carries unchanged files over and patches the lexical index, retrieving exactly as a build from scratch", async () => {
    const dataDir = path.join(work, "data-carry");
    await build(dataDir);
    await changeCorpus();
    const { index, lines } = await build(dataDir);
    // One report read again, one read for the first time, one carried over; the third withdrawn.
    expect(lines.find((l) => l.includes("carried over"))).toMatch(/carried over, \d+ withdrawn/);
    expect(index.manifest.documents).toBe(5);
    expect(index.chunks.some((c) => c.text.includes("专题培训5次"))).toBe(true);
    expect(index.documents.some((d) => d.kind === "report" && d.bureau.includes("平城"))).toBe(false);

    const scratch = (await build(path.join(work, "data-scratch"), { fromScratch: true })).index;
    expect(index.chunks.map((c) => c.id)).toEqual(scratch.chunks.map((c) => c.id));
    expect(await hits(index)).toEqual(await hits(scratch));
    // The texts retrieval matches in are saved normalised, carried over with their chunks.
    expect(index.match).toEqual(scratch.match);
    expect(index.match.texts).toEqual(index.chunks.map((c) => normalizeForMatch(c.text)));
    // And so after a restart.
    const reloaded = await loadIndex(dataDir, embedder);
    expect(await hits(reloaded)).toEqual(await hits(scratch));
    expect(reloaded.match).toEqual(scratch.match);
  });

  it.each([
    ["on its thread", true],
    ["on the main thread (a few points)", false],
  ])(
    "patches a large corpus's graph %s: new chunks found by their own vectors, withdrawn ones never",
    async (_, graphThread) => {
      const dataDir = path.join(work, `data-graph-${graphThread}`);
      const options = { graphPatchFrom: 0, graphThread };
      await build(dataDir, options);
      await appendFile(
        path.join(corpusDir, "reports", REPORT_FILES[0]!),
        "\n附：全年开展业务培训3期，培训干部120人次。\n",
      );
      const { index } = await build(dataDir, options);
      // Chunks carried over keep their labels; the changed report's chunks got new ones.
      expect(Math.max(...index.labels)).toBeGreaterThanOrEqual(index.chunks.length);

      for (const reloaded of [index, await loadIndex(dataDir, embedder)]) {
        const fresh = reloaded.chunks.flatMap((c, i) => (c.docId === REPORT_FILES[0] ? [i] : []));
        for (const i of fresh) {
          const own = reloaded.vectors.index.getPoint(reloaded.labels[i]!);
          const [[top]] = [await reloaded.vectors.similaritySearchVectorWithScore(own, 1)];
          expect(reloaded.chunks[top![0].metadata["i"] as number]!.text).toBe(reloaded.chunks[i]!.text);
        }
        const all = await reloaded.vectors.similaritySearchVectorWithScore(
          await embedder.embeddings.embedQuery("业务培训"),
          reloaded.chunks.length,
        );
        // Every point the graph returns is a chunk of the index: withdrawn points are gone, and
        // their places taken by new ones first.
        expect(all.length).toBe(reloaded.chunks.length);
        expect(reloaded.vectors.index.getCurrentCount()).toBe(
          reloaded.chunks.length + reloaded.manifest.graph!.deleted,
        );
        expect(new Set(all.map(([doc]) => doc.metadata["i"] as number)).size).toBe(reloaded.chunks.length);
      }
    },
  );

  it("builds the same graph on a worker thread as on the main one", async () => {
    const onThread = path.join(work, "data-thread");
    const inline = path.join(work, "data-inline");
    await build(onThread, { fromScratch: true, graphThread: true });
    await build(inline, { fromScratch: true, graphThread: false });
    const graph = (dir: string) => readFile(path.join(currentIndexDir(dir), "vectors", "hnswlib.index"));
    expect((await graph(onThread)).equals(await graph(inline))).toBe(true);
  });
});

describe("listSources", () => {
  it("trusts a known hash while size and modification time are unchanged, and hashes again when they change", async () => {
    const before = await listSources(corpusDir);
    const file = before.files.find((f) => f.path.endsWith(REPORT_FILES[0]!))!;
    const known = before.files.map((f) => (f === file ? { ...f, sha256: "0".repeat(64) } : f));
    // Same size and time: the file is not read, so the (deliberately wrong) known hash stays.
    expect((await listSources(corpusDir, known)).files.find((f) => f.path === file.path)!.sha256).toBe("0".repeat(64));
    const { atime } = await stat(file.absolute);
    await utimes(file.absolute, atime, new Date(file.mtimeMs + 5000));
    expect((await listSources(corpusDir, known)).files.find((f) => f.path === file.path)!.sha256).toBe(file.sha256);
  });
});
