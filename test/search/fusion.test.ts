import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "../../src/search/fusion.ts";

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
