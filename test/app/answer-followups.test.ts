import { describe, expect, it } from "vitest";
import {
  asksForFullText,
  asksForMore,
  asksForSource,
  itemReference,
  noMoreAnswer,
} from "../../src/app/answer-followups.ts";
import type { Citation } from "../../src/answer/types.ts";

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
    // Asked with the verb first.
    expect(itemReference("详细说一下第1项")).toEqual({ n: 1, unit: "项" });
    expect(itemReference("说说第三个")).toEqual({ n: 3, unit: "个" });
    expect(itemReference("展开讲讲第三个")).toEqual({ n: 3, unit: "个" });
    expect(itemReference("解释一下第二点")).toEqual({ n: 2, unit: "点" });
  });

  it("is no item when the law is named or the ordinal counts something else", () => {
    expect(itemReference("条例第二条")).toBeUndefined();
    expect(itemReference("第二条规定了什么")).toBeUndefined();
    expect(itemReference("第二次听证会是什么时候开的")).toBeUndefined();
    expect(itemReference("第一季度办理了多少件")).toBeUndefined();
    expect(itemReference("第一责任人是谁")).toBeUndefined();
    expect(itemReference("说说第二次会议")).toBeUndefined();
    expect(itemReference("讲讲第一责任人")).toBeUndefined();
    expect(itemReference("2023")).toBeUndefined();
  });
});

describe("asksForMore", () => {
  it("reads the ways of asking for more", () => {
    for (const text of ["还有呢", "还有别的吗？", "其他的呢", "还有吗", "那还有呢", "还有其他的吗", "继续"])
      expect(asksForMore(text), text).toBe(true);
    for (const text of ["还有哪些报告提到枫桥经验", "其他地方呢有没有听证", "那律师参与接访多少次？"])
      expect(asksForMore(text), text).toBe(false);
  });
});

describe("asksForSource", () => {
  it("reads the ways of asking where the last answer comes from, not questions about a source", () => {
    for (const text of [
      "这个数字是哪年的",
      "出处呢？",
      "哪个报告说的",
      "这是从哪来的",
      "上面的内容出自哪里",
      "根据是什么",
    ])
      expect(asksForSource(text), text).toBe(true);
    for (const text of ["哪个报告说了律师参与接访", "2023年办了多少件", "出处", "惠安是哪年的报告讲了枫桥经验"])
      expect(asksForSource(text), text).toBe(false);
  });

  it("reads asking where in its document the last answer stands", () => {
    for (const text of ["这是哪一条", "在报告哪一部分", "这个规定是第几条？", "出自哪一部分"])
      expect(asksForSource(text), text).toBe(true);
    for (const text of ["哪一条规定了办结期限", "第几条讲复查"]) expect(asksForSource(text), text).toBe(false);
  });
});

describe("asksForFullText", () => {
  it("reads asking to see the last answer's passage in full, not a question about an original", () => {
    for (const text of ["原文呢", "这条规定的原文是什么", "详细点", "具体说说", "给我看看原文", "全文呢？"])
      expect(asksForFullText(text), text).toBe(true);
    for (const text of ["阎良学习宪法原文了吗", "详细说说惠安的律师接访", "原文是哪一年公布的"])
      expect(asksForFullText(text), text).toBe(false);
  });
});

describe("noMoreAnswer", () => {
  it("says there is no more, citing each source shown once", () => {
    const shown: Citation = {
      n: 1,
      kind: "regulation",
      title: "信访工作条例",
      article: 2,
      source: "r.md",
      quote: "第二条",
    };
    const answer = noMoreAnswer("还有呢", [shown, { ...shown, n: 3 }]);
    expect(answer.answer).toContain("没有更多相关内容了");
    expect(answer.citations).toEqual([shown]);
  });
});
