import { describe, expect, it } from "vitest";
import { itemReference } from "../../src/app/answer-followups.ts";

describe("itemReference", () => {
  it("reads an item asked by its ordinal and counting word, or by a bare number", () => {
    expect(itemReference("第二点具体说说")).toEqual({ n: 2, unit: "点" });
    expect(itemReference("第2条展开讲讲")).toEqual({ n: 2, unit: "条" });
    expect(itemReference("第三个是什么意思？")).toEqual({ n: 3, unit: "个" });
    expect(itemReference("那第四项呢")).toEqual({ n: 4, unit: "项" });
    expect(itemReference("第二条是什么")).toEqual({ n: 2, unit: "条" });
    expect(itemReference("2")).toEqual({ n: 2 });
    expect(itemReference("２")).toEqual({ n: 2 });
    expect(itemReference("第二")).toEqual({ n: 2 });
  });

  it("is no item when the law is named or the ordinal counts something else", () => {
    expect(itemReference("条例第二条")).toBeUndefined();
    expect(itemReference("第二条规定了什么")).toBeUndefined();
    expect(itemReference("第二次听证会是什么时候开的")).toBeUndefined();
    expect(itemReference("第一季度办理了多少件")).toBeUndefined();
    expect(itemReference("第一责任人是谁")).toBeUndefined();
    expect(itemReference("2023")).toBeUndefined();
  });
});
