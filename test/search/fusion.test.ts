import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "../../src/search/fusion.ts";
import { coverageOf, termWeights } from "../../src/search/retriever.ts";

describe("reciprocalRankFusion", () => {
  it("rewards keys ranked well by several lists", () => {
    const fused = reciprocalRankFusion([
      { keys: [1, 2, 3], weight: 1 },
      { keys: [2, 4, 1], weight: 1 },
    ]);
    expect(fused.map((f) => f.key)).toEqual([2, 1, 4, 3]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
  });

  it("respects weights", () => {
    const fused = reciprocalRankFusion([
      { keys: [1], weight: 0.1 },
      { keys: [2], weight: 1 },
    ]);
    expect(fused[0]!.key).toBe(2);
  });
});

describe("coverageOf", () => {
  it("is the weighted share of query terms present; unknown terms count as missing", () => {
    const w = termWeights(["律师", "接访", "火锅"], (t) => ({ 律师: 2, 接访: 1 })[t] ?? 0, 3);
    expect(coverageOf(w, new Set(["律师", "接访"]))).toBeCloseTo(3 / 6, 10);
    expect(coverageOf(w, new Set())).toBe(0);
  });
});
