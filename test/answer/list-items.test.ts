import { describe, expect, it } from "vitest";
import { itemInFull, listItems, numberedLines } from "../../src/answer/list-items.ts";
import type { Citation } from "../../src/answer/types.ts";
import type { Chunk } from "../../src/corpus/types.ts";

const report: Citation = {
  n: 1,
  kind: "report",
  title: "某局2021年度报告",
  bureau: "某局",
  year: 2021,
  section: "二、存在不足",
  source: "corpus/reports/某局-2021.txt",
  quote: "",
};
const law: Citation = {
  n: 1,
  kind: "regulation",
  title: "信访工作条例",
  regulation: "信访工作条例",
  article: 26,
  source: "corpus/regulations/信访工作条例.md",
  quote: "",
};

/** A chunk of a made-up document. */
function chunk(text: string, headingPath: string[], start: number, extra: Partial<Chunk> = {}): Chunk {
  return {
    id: `d#${start}`,
    docId: "d",
    kind: "report",
    text,
    headingPath,
    start,
    end: start + text.length,
    hash: "",
    ...extra,
  };
}

describe("listItems", () => {
  it("reads an answer's numbered lines with the citation each carries", () => {
    const answer = {
      answer: "根据某局2021年度报告，存在的不足有以下几项：\n1. 一是宣传不够。[1]\n2. 二是调解不够。[2]",
      citations: [report, { ...report, n: 2 }],
    };
    expect(listItems(answer).map((i) => [i.n, i.text, i.citation.n])).toEqual([
      [1, "一是宣传不够。", 1],
      [2, "二是调解不够。", 2],
    ]);
  });

  it("reads a law's quoted items, which share the marker ending their paragraph", () => {
    const answer = {
      answer:
        "根据《信访工作条例》第二十六条：\n第二十六条 …不得有下列行为：\n（一）非法聚集；\n（二）携带危险物品、管制器具；\n（三）其他行为。[1]",
      citations: [law],
    };
    expect(listItems(answer).map((i) => [i.n, i.text, i.citation.article])).toEqual([
      [1, "非法聚集；", 26],
      [2, "携带危险物品、管制器具；", 26],
      [3, "其他行为。", 26],
    ]);
  });

  it("finds no list in a plain answer, nor in one numbered item alone", () => {
    expect(listItems({ answer: "根据某局2021年度报告：\n共办理6246件。[1]", citations: [report] })).toEqual([]);
    expect(numberedLines("1. 只有一项[1]")).toEqual([]);
  });
});

describe("itemInFull", () => {
  it("quotes an enumerated item up to the next one, however it was shortened", () => {
    const text = "还存在一些不足：一是宣传不够。方式单一，效果有限；二是调解不够。\n针对问题：一是加强宣传。";
    const item = { n: 1, text: "一是宣传不够。", citation: report };
    expect(itemInFull(item, [chunk(text, ["二、存在不足"], 0)])).toBe("一是宣传不够。方式单一，效果有限；");
    const last = { n: 2, text: "二是调解不够。", citation: report };
    expect(itemInFull(last, [chunk(text, ["二、存在不足"], 0)])).toBe("二是调解不够。");
  });

  it("quotes a heading item's whole section", () => {
    const chunks = [
      chunk("（一）坚持理论武装", ["一、工作开展情况", "（一）坚持理论武装"], 0),
      chunk("组织学习12次，开展培训3场。", ["一、工作开展情况", "（一）坚持理论武装"], 20),
    ];
    const item = {
      n: 1,
      text: "（一）坚持理论武装",
      citation: { ...report, section: "一、工作开展情况 > （一）坚持理论武装" },
    };
    expect(itemInFull(item, chunks)).toContain("组织学习12次，开展培训3场。");
  });

  it("quotes a heading item's whole section when the list showed it with the start of what it heads", () => {
    const text = "（一）坚持理论武装。组织学习12次，开展培训3场。一是学法。二是用法。";
    const chunks = [chunk(text, ["一、工作开展情况", "（一）坚持理论武装"], 0)];
    const item = {
      n: 1,
      text: "坚持理论武装。组织学习12次，开展培训3场。",
      citation: { ...report, section: "一、工作开展情况 > （一）坚持理论武装" },
    };
    expect(itemInFull(item, chunks)).toBe(text);
  });

  it("quotes a law's item with the sentence introducing the items", () => {
    const article = "第二十六条 信访人不得有下列行为：\n（一）非法聚集；\n（二）携带危险物品、管制器具；";
    const chunks = [chunk(article, ["第二十六条"], 0, { kind: "regulation", article: 26 })];
    const item = { n: 2, text: "携带危险物品、管制器具；", citation: law };
    expect(itemInFull(item, chunks)).toBe("第二十六条 信访人不得有下列行为：\n（二）携带危险物品、管制器具；");
  });
});
