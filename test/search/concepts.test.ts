import { describe, expect, it } from "vitest";
import { conceptCoverage, conceptWeights, specificity, type Concept } from "../../src/search/concepts.ts";
import { generalIdf } from "../../src/text/general-idf.ts";

const concept = (said: string, alternatives = [said], extra: Partial<Concept> = {}): Concept => ({
  said,
  alternatives,
  expanded: alternatives.length > 1,
  noun: true,
  ...extra,
});

describe("conceptCoverage", () => {
  it("is the weighted share of concepts present, any alternative counting", () => {
    const done = concept("办完", ["办完", "办结"]);
    const days = concept("60日");
    const w = new Map([
      [done, 2],
      [days, 1],
    ]);
    expect(conceptCoverage(w, "应当自受理之日起60日内办结")).toBeCloseTo(1, 10);
    expect(conceptCoverage(w, "应当及时办结")).toBeCloseTo(2 / 3, 10);
    expect(conceptCoverage(w, "")).toBe(0);
  });

  it("counts a phrase whose words stand apart in the passage", () => {
    const lawyers = concept("律师参与接访", ["律师参与接访"], { parts: ["律师", "参与", "接访"] });
    const w = new Map([[lawyers, 1]]);
    expect(conceptCoverage(w, "今年以来律师参与县主要领导接访共计12次")).toBe(1);
    expect(conceptCoverage(w, "律师参与信访工作")).toBe(0);
  });

  it("does not count a word the text names only to exclude it (…以外的其他机关)", () => {
    const w = new Map([[concept("信访部门"), 1]]);
    expect(conceptCoverage(w, "党委和政府信访部门以外的其他机关、单位收到信访事项")).toBe(0);
    expect(conceptCoverage(w, "信访部门之外的单位")).toBe(0);
    // Excluded once and said again: present.
    expect(conceptCoverage(w, "信访部门以外的机关，转送信访部门")).toBe(1);
  });
});

describe("conceptWeights", () => {
  const rarest = 5;
  const known: Record<string, number> = { 办结: 2, 信访: 0.1 };
  const rarity = (strings: string[]) => Math.max(0, ...strings.map((t) => known[t] ?? 0));

  it("weighs a concept by its best alternative in the corpus", () => {
    const w = conceptWeights([concept("办完", ["办完", "办结"])], rarity, rarest);
    expect([...w.values()][0]).toBeGreaterThan(0.8);
  });

  it("weighs an absent noun like the rarest word, an absent verb or fragment little, a cue at most 0.5", () => {
    const [hotpot, bring, cue] = [
      concept("火锅店"),
      concept("带人", ["带人"], { noun: false }),
      concept("准备", ["准备", "办结"], { cue: true }),
    ];
    const w = conceptWeights([hotpot, bring, cue], rarity, rarest);
    expect(w.get(hotpot)).toBeGreaterThan(4);
    expect(w.get(bring)).toBeLessThanOrEqual(1);
    expect(w.get(cue)).toBeLessThanOrEqual(0.5);
  });

  it("weighs a story's word less: an absent one like a cue, a known one by less than its rarity", () => {
    const [told, asked, toldKnown] = [
      concept("宅基地", ["宅基地"], { story: true }),
      concept("火锅店"),
      concept("办完", ["办完", "办结"], { story: true }),
    ];
    const w = conceptWeights([told, asked, toldKnown], rarity, rarest);
    expect(w.get(told)).toBeLessThanOrEqual(0.5);
    expect(w.get(asked)).toBeGreaterThan(4);
    const plain = conceptWeights([concept("办完", ["办完", "办结"])], rarity, rarest);
    expect(w.get(toldKnown)).toBeLessThan([...plain.values()][0]!);
    expect(w.get(toldKnown)).toBeGreaterThan(0.5);
  });
});

describe("specificity", () => {
  it("reads jieba's general-language IDF: everyday words low, rare words high", () => {
    expect(generalIdf("工作")).toBeLessThan(5);
    expect(specificity("工作")).toBeCloseTo(0.1, 5);
    expect(specificity("火锅店")).toBeGreaterThan(0.8);
    expect(specificity("从未见过的词")).toBe(1);
  });
});
