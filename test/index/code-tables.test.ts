import { describe, expect, it } from "vitest";
import { CodeCounts, CodeIds } from "../../src/index/code-tables.ts";

/** Codes as the embedder and BM25 builder meet them: CJK bigrams (above 2^30) with repeats, and small ones. */
function codes(n: number, seed: number): number[] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return Array.from({ length: n }, () => {
    const r = next();
    if (r % 5 === 0) return r % 40; // repeats of a few small codes
    const a = 0x4e00 + (next() % 300);
    const b = 0x4e00 + (next() % 300);
    return ((a << 16) | b) >>> 0;
  });
}

describe("CodeCounts", () => {
  it("counts codes in the order first met, as a Map does, text after text", () => {
    const counter = new CodeCounts();
    for (const [n, seed] of [
      [500, 1],
      [3, 2],
      [2000, 3],
      [0, 4],
      [40, 5],
    ] as const) {
      const list = codes(n, seed);
      const expected = new Map<number, number>();
      for (const c of list) expected.set(c | 0, (expected.get(c | 0) ?? 0) + 1);
      const counts = counter.start(list.length);
      for (const c of list) counts.add(c);
      const got = Array.from({ length: counts.size }, (_, k) => [counts.keys[k]!, counts.counts[k]!]);
      expect(got).toEqual([...expected]);
    }
  });
});

describe("CodeIds", () => {
  it("keeps every code's value as it grows, and knows the codes it was never given", () => {
    const ids = new CodeIds();
    const expected = new Map<number, number>();
    for (const c of codes(50_000, 7)) {
      if (expected.has(c)) continue;
      expect(ids.get(c)).toBe(-1);
      ids.set(c, expected.size);
      expected.set(c, expected.size);
    }
    expect(expected.size).toBeGreaterThan(16_000); // grown several times over its first 4,096 slots
    for (const [c, id] of expected) expect(ids.get(c)).toBe(id);
    expect(ids.get(((0x9000 << 16) | 0x9001) >>> 0)).toBe(-1);
  });
});
