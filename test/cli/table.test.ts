import { describe, expect, it } from "vitest";
import { score, table } from "../../src/cli/table.ts";

describe("table", () => {
  it("aligns columns by display width, CJK counting double", () => {
    const lines = table(
      ["set", "n"],
      [
        ["开发", "20"],
        ["dev2", "3"],
      ],
    ).split("\n");
    expect(lines).toEqual(["  set     n", "  ----   --", "  开发   20", "  dev2    3"]);
  });
});

describe("score", () => {
  it("gives three decimals, and n/a when there is no value", () => {
    expect(score(0.5)).toBe("0.500");
    expect(score(NaN)).toBe("n/a");
    expect(score(undefined)).toBe("n/a");
  });
});
