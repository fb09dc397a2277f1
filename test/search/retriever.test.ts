import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { createEmbeddings } from "../../src/index/embeddings.ts";
import { ensureIndex } from "../../src/index/store.ts";
import { HybridRetriever } from "../../src/search/retriever.ts";
import { domainThesaurus } from "../../src/search/thesaurus.ts";
import { normalizeForMatch } from "../../src/text/script.ts";
import { CORPUS } from "../helpers.ts";

let dataDir: string;
let retriever: HybridRetriever;
let texts: string[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-retriever-"));
  const index = await ensureIndex({
    corpusDir: CORPUS,
    dataDir,
    embedder: createEmbeddings({ provider: "local" }),
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
