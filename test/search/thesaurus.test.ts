/** The domain thesaurus: well formed, grounded in the documents, and read as whole words. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { domainThesaurus, findExpansions, parseThesaurus } from "../../src/search/thesaurus.ts";
import { normalizeForMatch } from "../../src/text/script.ts";
import { regulationsPresent, REGULATIONS, REPORTS } from "../helpers.ts";

const thesaurus = domainThesaurus();
const corpusText = normalizeForMatch(
  [
    ...readdirSync(REPORTS)
      .filter((f) => f.endsWith(".txt"))
      .map((f) => path.join(REPORTS, f)),
    ...(regulationsPresent
      ? readdirSync(REGULATIONS)
          .filter((f) => f.endsWith(".md"))
          .map((f) => path.join(REGULATIONS, f))
      : []),
  ]
    .map((f) => readFileSync(f, "utf8"))
    .join("\n"),
);

describe("thesaurus.tsv", () => {
  it("is a few hundred lines of document words and what users say for them", () => {
    expect(thesaurus.entries.length).toBeGreaterThan(300);
    expect(thesaurus.bySaid.size).toBeGreaterThan(1500);
  });

  it.skipIf(!regulationsPresent)("uses only document words that stand in the documents", () => {
    const missing = thesaurus.entries.flatMap((e) => e.doc).filter((d) => !corpusText.includes(normalizeForMatch(d)));
    expect(missing).toEqual([]);
  });

  it("never maps a user word to itself, and keeps legal distinctions apart", () => {
    for (const { doc, said } of thesaurus.entries) for (const s of said) expect(doc, s).not.toContain(s);
    // 复查 and 复核 are different procedures; so are 受理 and 办理.
    expect(thesaurus.docWords.get("复查") ?? []).not.toContain("复核");
    expect(thesaurus.bySaid.get("复核")).toBeUndefined();
  });

  it("reads what users say as the documents' words", () => {
    const means = (said: string) => thesaurus.bySaid.get(said) ?? [];
    expect(means("办完")).toContain("办结");
    expect(means("上访")).toContain("走访");
    expect(means("转走")).toEqual(expect.arrayContaining(["转送"]));
    expect(means("亲戚")).toEqual(expect.arrayContaining(["回避"]));
    expect(means("闹事")).toContain("滋事");
    expect(means("告状")).toContain("投诉请求");
    expect(means("一把手")).toContain("主要负责人");
  });

  it("rejects a malformed line with its number", () => {
    expect(() => parseThesaurus("# ok\n办结 办完\n")).toThrow(/line 2/);
  });
});

describe("findExpansions", () => {
  const tiny = parseThesaurus("办结\t办完 办好\n宪法宣传周\t宪法宣传\n学法\t学法律\n");

  it("matches the longest word first, and a document word whole", () => {
    expect(findExpansions("信访件多久能办完", tiny).map((e) => e.said)).toEqual(["办完"]);
    expect(findExpansions("宪法宣传周是哪几天", tiny)).toMatchObject([{ said: "宪法宣传周", doc: [] }]);
  });

  it("with word boundaries, never inside another word", () => {
    const text = "组织学法律法规";
    expect(findExpansions(text, tiny).map((e) => e.said)).toEqual(["学法律"]);
    // 组织学 / 法律法规: 学法律 starts inside 组织学.
    expect(findExpansions(text, tiny, new Set([0, 3, 7]))).toEqual([]);
  });
});
