import { describe, expect, it } from "vitest";
import { readAhead } from "../../src/storage/read-ahead.ts";

describe("readAhead", () => {
  it("yields in the items' order with at most `ahead` calls running, failures as values", async () => {
    let running = 0;
    let most = 0;
    const fn = async (n: number) => {
      running++;
      most = Math.max(most, running);
      // Later items finish first: the order must still be the items'.
      await new Promise((resolve) => setTimeout(resolve, 10 - n));
      running--;
      if (n === 3) throw new Error("three");
      return n * 10;
    };
    const out: unknown[] = [];
    for await (const settled of readAhead([0, 1, 2, 3, 4, 5], 3, fn)) {
      out.push(settled.ok ? settled.value : (settled.error as Error).message);
    }
    expect(out).toEqual([0, 10, 20, "three", 40, 50]);
    expect(most).toBe(3);
  });
});
