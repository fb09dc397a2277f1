/** The hybrid retriever as a LangChain retriever, on the real corpus. */
import { Document } from "@langchain/core/documents";
import { BaseRetriever } from "@langchain/core/retrievers";
import { RunnableLambda } from "@langchain/core/runnables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { PassageRetriever, type PassageMetadata } from "../../src/search/langchain-retriever.ts";
import { buildTestApp, regulationsPresent } from "../helpers.ts";

let app: App;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ app, cleanup } = await buildTestApp());
});
afterAll(() => cleanup());

describe("PassageRetriever", () => {
  it("is a LangChain BaseRetriever returning Documents with a report's citation fields", async () => {
    expect(app.retriever).toBeInstanceOf(BaseRetriever);
    const docs = await app.retriever.invoke("惠安县2023年办理了多少件信访事项？");
    expect(docs.length).toBeGreaterThan(0);
    expect(docs[0]).toBeInstanceOf(Document);
    expect(docs[0]!.metadata).toMatchObject({
      kind: "report",
      bureau: "惠安县人民政府信访局",
      year: 2023,
      docId: "惠安县人民政府信访局-2023.txt",
      source: "corpus/reports/惠安县人民政府信访局-2023.txt",
      rank: 1,
    });
    expect(docs.map((d) => d.metadata.rank)).toEqual(docs.map((_, i) => i + 1));
  });

  it("gives the same passages, in the same order, as the engine's own retrieval", async () => {
    const question = "惠安县2023年办理了多少件信访事项？";
    const engine = app.engine();
    const retrieval = await engine.retrieve(engine.understand(question));
    const docs = await app.retriever.invoke(question);
    expect(docs.map((d) => d.metadata.chunkId)).toEqual(retrieval.passages.map((p) => p.chunk.id));
    const [first, best] = [docs[0]!, retrieval.passages[0]!];
    expect(first.pageContent).toBe(best.chunk.text);
    expect(first.id).toBe(best.chunk.id);
    expect(first.metadata).toMatchObject({
      headingPath: best.chunk.headingPath,
      section: best.chunk.headingPath.join(" > "),
      start: best.chunk.start,
      end: best.chunk.end,
      score: best.score,
      coverage: best.coverage,
    });
  });

  it.skipIf(!regulationsPresent)("cites a regulation by title, article and chapter", async () => {
    const [first] = await app.retriever.invoke("信访工作条例第三十四条");
    expect(first!.metadata).toMatchObject({
      kind: "regulation",
      regulation: "信访工作条例",
      article: 34,
      section: "第四章 信访事项的办理",
      status: "in_force",
    });
    expect(first!.metadata.bureau).toBeUndefined();
    expect(first!.pageContent).toMatch(/^第三十四条/);
  });

  it("returns nothing for a bureau or year the corpus does not hold, or for text that cannot be searched", async () => {
    expect(await app.retriever.invoke("惠安县信访局2022年办理了多少件信访事项？")).toEqual([]);
    expect(await app.retriever.invoke("   ")).toEqual([]);
  });

  it("honours k and composes with other runnables", async () => {
    const retriever = new PassageRetriever({ engine: app.engine, k: 2 });
    const labels = retriever.pipe(
      RunnableLambda.from((docs: Document<PassageMetadata>[]) =>
        docs.map((d) => `${d.metadata.bureau} ${d.metadata.year}`),
      ),
    );
    expect(await labels.invoke("西安市信访局2021年召开了多少次听证评议会？")).toEqual([
      "西安市信访局 2021",
      "西安市信访局 2021",
    ]);
  });
});
