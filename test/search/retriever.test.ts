import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { createEmbeddings } from "../../src/index/embeddings.ts";
import { ensureIndex, type SearchIndex } from "../../src/index/store.ts";
import { HybridRetriever } from "../../src/search/retriever.ts";
import { domainThesaurus } from "../../src/search/thesaurus.ts";
import { normalizeForMatch } from "../../src/text/script.ts";
import { CORPUS } from "../helpers.ts";

let dataDir: string;
let retriever: HybridRetriever;
let index: SearchIndex;
let texts: string[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-retriever-"));
  index = await ensureIndex({
    corpusDir: CORPUS,
    dataDir,
    embedder: await createEmbeddings({ provider: "local" }),
    log: createLogger("silent"),
  });
  retriever = new HybridRetriever(index);
  texts = index.chunks.map((c) => normalizeForMatch(c.text));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("HybridRetriever.chunksContaining", () => {
  it("counts what a scan of every chunk counts, for every word of the thesaurus and mixed strings", () => {
    const words = domainThesaurus()
      .entries.flatMap((e) => [...e.doc, ...e.said])
      .map(normalizeForMatch);
    const groups = [...words.map((w) => [w]), ["信访", "12次"], ["第三十四条", "60日"], ["不存在的词语甲乙"]];
    for (const strings of groups) {
      const scanned = texts.filter((t) => strings.some((s) => t.includes(s))).length;
      expect(retriever.chunksContaining(strings), strings.join("|")).toBe(scanned);
    }
  });
});

describe("HybridRetriever.chunksContaining on a sample", () => {
  it("scales the count read in an even sample of the candidates", () => {
    const sampling = new HybridRetriever(index, { dfSample: 16 });
    for (const strings of [["信访"], ["工作"], ["信访", "群众"], ["法治"]]) {
      const scanned = texts.filter((t) => strings.some((s) => t.includes(s))).length;
      expect(scanned, strings.join("|")).toBeGreaterThan(32); // so the sample is a sample
      const estimate = sampling.chunksContaining(strings);
      expect(estimate, strings.join("|")).toBeGreaterThan(scanned * 0.6);
      expect(estimate, strings.join("|")).toBeLessThan(scanned * 1.4);
    }
  });
});

describe("a scope with more chunks than are compared exactly", () => {
  it("is searched through the graph with a filter: the same best passage, nothing outside the scope", async () => {
    const throughGraph = new HybridRetriever(index, { exactVectorsMax: 0 });
    const questions = [
      "惠安县2023年律师参与接访多少次？",
      "阎良区2022年网上信访的情况如何？",
      "西安市2021年开展了哪些普法宣传活动？",
      "沙坪坝区2021年信访工作有哪些不足？",
    ];
    for (const q of questions) {
      const exact = await retriever.search(retriever.understand(q));
      const graph = await throughGraph.search(throughGraph.understand(q));
      expect(graph.passages.length, q).toBeGreaterThan(0);
      expect(graph.passages[0]!.chunk.id, q).toBe(exact.passages[0]!.chunk.id);
      const scope = new Set(exact.passages.map((p) => p.chunk.docId));
      for (const p of graph.passages) expect(scope.has(p.chunk.docId), `${q}: ${p.chunk.docId}`).toBe(true);
    }
  });
});
