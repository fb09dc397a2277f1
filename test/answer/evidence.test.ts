import { describe, expect, it } from "vitest";
import { figuresIn, hasFigure } from "../../src/answer/evidence.ts";

describe("hasFigure", () => {
  it("gives the same answer however often it is asked (no state left between calls)", () => {
    const clause = "邀请法律专家、律师 30 余人";
    expect([hasFigure(clause), hasFigure(clause), hasFigure("召开听证评议会 12 次"), hasFigure(clause)]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([hasFigure(clause, "人"), hasFigure(clause, "人"), hasFigure(clause, "件")]).toEqual([true, true, false]);
  });

  it("does not take a year for a figure", () => {
    expect(hasFigure("2023年以前")).toBe(false);
    expect(figuresIn("2023年共办理6246件", "件")).toEqual(["6246件"]);
  });

  it("does not take an ordinal for a count, nor the end of a longer number", () => {
    expect(figuresIn("今年是我局第一次开展述法点评工作", "次")).toEqual([]);
    expect(figuresIn("第3次会议", "次")).toEqual([]);
    expect(figuresIn("召开会议二十一次，其中第十一次为专题会", "次")).toEqual(["二十一次"]);
  });

  it("counts people by 位 as by 名 and 人", () => {
    expect(figuresIn("聘请林玮、朱琼婷两位律师作为我局法律顾问", "人")).toEqual(["两位"]);
    expect(figuresIn("聘请了一名法律顾问", "人")).toEqual(["一名"]);
  });
});
