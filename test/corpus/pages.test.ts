import { describe, expect, it } from "vitest";
import { layoutLines } from "../../src/corpus/chunk.ts";
import { cleanReport } from "../../src/corpus/clean.ts";
import { dropPageNumbers, isPageNumberLine, pageAt, pagesOfRange, pageTable, withPages } from "../../src/corpus/pages.ts";
import type { Chunk } from "../../src/corpus/types.ts";

/** Raw text of pages joined as the PDF reader joins them, with where each page starts. */
function paged(pages: string[][]): { raw: string; pageStarts: number[] } {
  const texts = pages.map((lines) => lines.join("\n"));
  const pageStarts: number[] = [];
  let offset = 0;
  for (const t of texts) {
    pageStarts.push(offset);
    offset += t.length + 1;
  }
  return { raw: texts.join("\n"), pageStarts };
}

const BROKEN = "全年共受理群众来信来访3127件，其中来信1200件、来访1927件，按期办结率达到98.6%，群众";

describe("pageTable", () => {
  it("maps every offset of the cleaned text to its page, inside a paragraph a page break cut too", () => {
    const { raw, pageStarts } = paged([
      ["测试县信访局2024年法治政府建设年度报告", "一、主要工作", BROKEN],
      ["满意度明显提升。", "二、下一步工作", "继续推进信访工作法治化。"],
    ]);
    const cleaned = cleanReport(raw);
    // The title is taken out, the broken paragraph joined into one line.
    expect(cleaned.lines).toEqual(["一、主要工作", `${BROKEN}满意度明显提升。`, "二、下一步工作", "继续推进信访工作法治化。"]);
    const { text, offsets } = layoutLines(cleaned.lines);
    const spans = pageTable(raw, pageStarts, cleaned.sources, offsets);
    expect(spans).toEqual([
      { page: 1, start: 0 },
      { page: 2, start: text.indexOf("满意度") },
    ]);
    expect(pageAt(spans, text.indexOf("3127"))).toBe(1);
    expect(pageAt(spans, text.indexOf("满意度"))).toBe(2);
    expect(pageAt(spans, text.indexOf("继续推进"))).toBe(2);
  });

  it("counts empty pages and pages whose lines were all removed", () => {
    const { raw, pageStarts } = paged([["测试县信访局2024年工作报告", "一、主要工作", "办理信访事项12件。"], [""], ["二、下一步工作", "继续推进。"]]);
    const cleaned = cleanReport(raw);
    const { text, offsets } = layoutLines(cleaned.lines);
    const spans = pageTable(raw, pageStarts, cleaned.sources, offsets);
    expect(pageAt(spans, text.indexOf("12件"))).toBe(1);
    expect(pageAt(spans, text.indexOf("继续推进"))).toBe(3);
  });
});

describe("withPages", () => {
  const chunk = (start: number, end: number): Chunk => ({
    id: "d#0",
    docId: "d",
    kind: "report",
    text: "x".repeat(end - start),
    headingPath: [],
    start,
    end,
    hash: "h",
  });
  const spans = [
    { page: 1, start: 0 },
    { page: 2, start: 100 },
    { page: 3, start: 200 },
  ];

  it("gives a chunk within one page that page only", () => {
    expect(withPages(chunk(10, 90), spans)).toMatchObject({ page: 1 });
    expect(withPages(chunk(100, 150), spans).pageEnd).toBeUndefined();
  });

  it("gives a chunk across a page break its first and last page, and where each page starts in its text", () => {
    const c = withPages(chunk(80, 220), spans);
    expect(c).toMatchObject({ page: 1, pageEnd: 3 });
    expect(c.pageSpans).toEqual([
      { page: 1, start: 0 },
      { page: 2, start: 20 },
      { page: 3, start: 120 },
    ]);
    expect(pagesOfRange(c, 0, 10)).toEqual({ page: 1 });
    expect(pagesOfRange(c, 30, 60)).toEqual({ page: 2 });
    expect(pagesOfRange(c, 30, 130)).toEqual({ page: 2, pageEnd: 3 });
  });

  it("leaves chunks of unpaged sources alone", () => {
    expect(pagesOfRange(chunk(0, 10), 0, 5)).toEqual({});
  });
});

describe("page numbers", () => {
  it("recognises a line that is only a page number", () => {
    for (const line of ["- 2 -", "—3—", "－ 12 －", "4", "第5页 共12页", "第 6 页", "7/12"]) expect(isPageNumberLine(line), line).toBe(true);
    for (const line of ["2023年", "一、主要工作", "共办理34件。", "2023"]) expect(isPageNumberLine(line), line).toBe(false);
  });

  it("drops one printed as a page's first or last line, never a line inside the page", () => {
    expect(dropPageNumbers(["- 2 -", "正文第一行", "12", "正文第二行", "— 3 —", ""])).toEqual(["正文第一行", "12", "正文第二行"]);
  });
});
