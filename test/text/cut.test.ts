import { describe, expect, it } from "vitest";
import { cut } from "../../src/text/cut.ts";

describe("cut", () => {
  it("leaves a text of at most `max` characters as it is, spaces included", () => {
    expect(cut("信访事项", 4)).toBe("信访事项");
    expect(cut(" 信访 ", 10)).toBe(" 信访 ");
    expect(cut("", 3)).toBe("");
  });

  it("cuts a longer text to `max` characters, the last one an ellipsis", () => {
    expect(cut("信访事项多久要办结？", 5)).toBe("信访事项…");
    expect([...cut("信访".repeat(100), 120)]).toHaveLength(120);
  });

  it("counts characters, not UTF-16 units: a character outside the BMP is never split", () => {
    expect(cut("𠀀𠀁𠀂𠀃", 4)).toBe("𠀀𠀁𠀂𠀃");
    expect(cut("𠀀𠀁𠀂𠀃", 3)).toBe("𠀀𠀁…");
  });

  it("gives the ellipsis alone at 1 and nothing at 0", () => {
    expect(cut("信访", 1)).toBe("…");
    expect(cut("信访", 0)).toBe("");
  });
});
