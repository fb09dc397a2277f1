import { describe, expect, it } from "vitest";
import { citationLabel, citationReference, formatSources, quotePages } from "../../src/answer/citations.ts";
import type { Chunk } from "../../src/corpus/types.ts";
import { checkQuestion } from "../../src/answer/question-guard.ts";

describe("citationLabel", () => {
  it("labels a report by bureau, year and section", () => {
    expect(
      citationLabel({
        n: 1,
        kind: "report",
        title: "t",
        bureau: "惠安县人民政府信访局",
        year: 2023,
        section: "一、工作开展情况 > （二）坚持依法行政",
        source: "s",
        quote: "q",
      }),
    ).toBe("惠安县人民政府信访局 · 2023年 · 一、工作开展情况 > （二）坚持依法行政");
  });

  it("labels a regulation by title, article in Chinese numerals and chapter", () => {
    expect(
      citationLabel({
        n: 2,
        kind: "regulation",
        title: "信访工作条例",
        regulation: "信访工作条例",
        article: 34,
        section: "第四章 信访事项的办理",
        source: "s",
        quote: "q",
      }),
    ).toBe("《信访工作条例》第三十四条（第四章 信访事项的办理）");
  });

  it("formats a numbered source list with file paths", () => {
    const text = formatSources([
      {
        n: 1,
        kind: "regulation",
        title: "信访条例",
        regulation: "信访条例",
        article: 33,
        source: "corpus/regulations/信访条例-2005.md",
        quote: "q",
      },
    ]);
    expect(text).toBe("来源：\n[1] 《信访条例》第三十三条\n    corpus/regulations/信访条例-2005.md");
  });
});

describe("citationReference", () => {
  const report = { n: 1, kind: "report" as const, bureau: "阎良区信访局", year: 2022, source: "s", quote: "q" };

  it("writes an article as 《title》第N条, without the chapter", () => {
    const article = {
      n: 1,
      kind: "regulation" as const,
      title: "信访工作条例",
      regulation: "信访工作条例",
      source: "s",
    };
    expect(citationReference({ ...article, article: 34, section: "第四章 信访事项的办理", quote: "q" })).toBe(
      "《信访工作条例》第三十四条",
    );
  });

  it("writes a report as bureau《title》section, the bureau not repeated in the title", () => {
    expect(citationReference({ ...report, title: "阎良区信访局2022年法治政府建设情况报告", section: "二、贯彻" })).toBe(
      "阎良区信访局《2022年法治政府建设情况报告》二、贯彻",
    );
    expect(citationReference({ ...report, title: "2022年度报告" })).toBe("阎良区信访局《2022年度报告》");
  });

  it("names the page of a PDF report, in the label too", () => {
    const pdf = { ...report, title: "2022年度报告", section: "二、贯彻", page: 2 };
    expect(citationReference(pdf)).toBe("阎良区信访局《2022年度报告》二、贯彻，第2页");
    expect(citationLabel(pdf)).toBe("阎良区信访局 · 2022年 · 二、贯彻 · 第2页");
    expect(citationLabel({ ...pdf, pageEnd: 3 })).toBe("阎良区信访局 · 2022年 · 二、贯彻 · 第2–3页");
  });
});

describe("quotePages", () => {
  // A chunk from the foot of page 1 onto page 2.
  const chunk: Chunk = {
    id: "d#0",
    docId: "d",
    kind: "report",
    text: "全年受理3127件。全年化解积案52件。",
    headingPath: [],
    start: 500,
    end: 520,
    hash: "h",
    page: 1,
    pageEnd: 2,
    pageSpans: [
      { page: 1, start: 0 },
      { page: 2, start: 10 },
    ],
  };

  it("gives a quote the page it is on, not the chunk's first page", () => {
    expect(quotePages(chunk, "全年化解积案52件")).toEqual({ page: 2 });
    expect(quotePages(chunk, "全年受理3127件。")).toEqual({ page: 1 });
    expect(quotePages(chunk, "全年受理3127件……全年化解积案52件")).toEqual({ page: 1, pageEnd: 2 });
  });

  it("falls back to the chunk's pages for a quote not found verbatim, and to none for unpaged sources", () => {
    expect(quotePages(chunk, "改写过的引文")).toEqual({ page: 1, pageEnd: 2 });
    const { page: _p, pageEnd: _e, pageSpans: _s, ...plain } = chunk;
    expect(quotePages(plain, "全年化解积案52件")).toEqual({});
  });
});

describe("checkQuestion", () => {
  it("refuses empty, too long, symbol-only and non-Chinese questions politely", () => {
    expect(checkQuestion("   ", 500)).toMatch(/问题是空的/);
    expect(checkQuestion("问".repeat(501), 500)).toMatch(/问题太长（501字）/);
    expect(checkQuestion("😀🎉", 500)).toMatch(/没有识别到文字/);
    expect(checkQuestion("How long does it take?", 500)).toMatch(/只支持中文/);
    expect(checkQuestion("信访事项多久要办结？", 500)).toBeUndefined();
  });
});
