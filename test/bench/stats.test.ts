import { describe, expect, it } from "vitest";
import { latency, percentile, spread } from "../../src/bench/stats.ts";

describe("spread", () => {
  it("gives min, median and max, the median of an even count being the mean of the middle two", () => {
    expect(spread([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5, n: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4, n: 4 });
    expect(spread([]).median).toBeNaN();
  });
});

describe("latency", () => {
  it("gives nearest-rank p50 and p95 and the maximum", () => {
    const times = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(latency(times)).toEqual({ p50: 10, p95: 19, max: 20 });
    expect(percentile([7], 95)).toBe(7);
  });
});
