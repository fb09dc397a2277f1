import { describe, expect, it } from "vitest";
import { LocalHashEmbeddings, fnv1a } from "../../src/index/local-embeddings.ts";
import { textTokens, WordTable } from "../../src/text/tokenize.ts";

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("LocalHashEmbeddings", () => {
  const e = new LocalHashEmbeddings();

  it("is deterministic, normalised and of the configured size", async () => {
    const [a] = await e.embedDocuments(["信访事项应当自受理之日起60日内办结"]);
    const b = await e.embedQuery("信访事项应当自受理之日起60日内办结");
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
    expect(cosine(a!, a!)).toBeCloseTo(1, 6);
    expect(new LocalHashEmbeddings({ dimensions: 64 }).embed("信访")).toHaveLength(64);
  });

  it("puts related texts closer than unrelated ones, across scripts", () => {
    const q = e.embed("信访事项多久要办结");
    const related = e.embed("信访事项应当自受理之日起60日内办结");
    const unrelated = e.embed("请推荐一家好吃的火锅店");
    expect(cosine(q, related)).toBeGreaterThan(cosine(q, unrelated) + 0.2);
    expect(cosine(e.embed("開展保密工作自查"), e.embed("开展保密工作自查"))).toBeCloseTo(1, 6);
  });

  it("embeds tokens numbered by a table shared among texts as it embeds each text alone", () => {
    const table = new WordTable();
    const texts = ["信访事项应当自受理之日起60日内办结", "律师律师律师参与接访", "開展保密工作自查", "信访事项办结"];
    for (const text of texts)
      expect(Array.from(e.embedTokens(textTokens(text, table)))).toEqual(e.embed(text).map(Math.fround));
    expect(table.words.length).toBeLessThan(texts.flatMap((t) => textTokens(t).wordIds.length).reduce((a, b) => a + b));
  });

  it("hashes stably (FNV-1a test vector)", () => {
    expect(fnv1a("a")).toBe(0xe40c292c);
  });
});
