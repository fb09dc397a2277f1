import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { articleOf, articleSpans, BaselineAnswerer, jiebaTerms } from "../../src/bench/baseline.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { CORPUS, regulationsPresent, ROOT } from "../helpers.ts";

const REGULATION =
  "## 第一章 总则\n\n第一条 为了做好信访工作，制定本条例。\n\n第二条 本条例适用于各级机关。\n\n第十一条 联席会议办公室设在国家信访局。\n";

describe("articleSpans", () => {
  it("finds each article from its line start to the next article", () => {
    const spans = articleSpans(REGULATION);
    expect(spans.map((s) => s.article)).toEqual([1, 2, 11]);
    expect(REGULATION.slice(spans[1]!.start, spans[1]!.end).trim()).toBe("第二条 本条例适用于各级机关。");
    expect(spans.at(-1)!.end).toBe(REGULATION.length);
  });

  it("ignores an article mentioned inside a sentence", () => {
    expect(articleSpans("第一条 依照本条例第三十一条的规定。").map((s) => s.article)).toEqual([1]);
  });
});

describe("articleOf", () => {
  it("gives a chunk the article it holds most of, and none before the first article", () => {
    const spans = articleSpans(REGULATION);
    const at = (s: string) => REGULATION.indexOf(s);
    expect(articleOf(spans, at("本条例适用"), at("联席会议") + 2)).toBe(2);
    expect(articleOf(spans, at("信访工作"), at("本条例适用") + 3)).toBe(1);
    expect(articleOf(spans, 0, at("第一条"))).toBeUndefined();
  });
});

describe("jiebaTerms", () => {
  it("keeps jieba's words, without punctuation and spaces", () => {
    const terms = jiebaTerms("信访事项多久要办结？ OK");
    expect(terms).toContain("信访");
    expect(terms).toContain("ok");
    expect(terms.some((t) => /[？\s]/.test(t))).toBe(false);
  });
});

describe.skipIf(!regulationsPresent)("BaselineAnswerer on the real corpus", () => {
  it("cites regulation chunks with their article, as the pipeline does", async () => {
    const baseline = await BaselineAnswerer.build(await loadCorpus(CORPUS));
    const a = await baseline.answer("信访工作条例第三十四条是怎么规定的？");
    const regulations = a.citations.filter((c) => c.kind === "regulation");
    expect(regulations.length).toBeGreaterThan(0);
    for (const c of regulations) {
      // The cited article is one the chunk holds text of.
      const text = await readFile(path.join(ROOT, c.source), "utf8");
      const span = articleSpans(text).find((s) => s.article === c.article);
      const at = text.indexOf(c.quote);
      expect(span, c.quote).toBeDefined();
      expect(at).toBeGreaterThanOrEqual(0);
      expect(Math.min(at + c.quote.length, span!.end) - Math.max(at, span!.start), c.quote).toBeGreaterThan(0);
    }
  });
});
