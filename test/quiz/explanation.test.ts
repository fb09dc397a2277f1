import { describe, expect, it } from "vitest";
import type { Citation } from "../../src/answer/types.ts";
import { quizExplanation } from "../../src/quiz/explanation.ts";

const article: Citation = {
  n: 1,
  kind: "regulation",
  title: "信访工作条例",
  regulation: "信访工作条例",
  article: 34,
  section: "第四章 信访事项的办理",
  source: "corpus/regulations/信访工作条例.md",
  quote: "第三十四条 …",
};
const report: Citation = {
  n: 1,
  kind: "report",
  title: "惠安县人民政府信访局2023年度法治政府建设工作年度报告",
  bureau: "惠安县人民政府信访局",
  year: 2023,
  section: "一、工作开展情况 > （二）坚持依法行政，推进法治信访",
  source: "corpus/reports/惠安县人民政府信访局-2023.txt",
  quote: "…",
};
const lines = (text: string) => text.split("\n");

describe("quizExplanation", () => {
  it("names the article, or the bureau, year and section, on its own line", () => {
    const a = quizExplanation({ answer: "60日", citation: article, evidence: "应当自受理之日起60日内办结。" });
    expect(lines(a)).toEqual([
      "答案：60日",
      "出处：《信访工作条例》第三十四条（第四章 信访事项的办理）",
      "应当自受理之日起60日内办结。",
    ]);
    const r = quizExplanation({ answer: "6246件", citation: report });
    expect(lines(r)).toEqual([
      "答案：6246件",
      "出处：惠安县人民政府信访局 · 2023年 · 一、工作开展情况 > （二）坚持依法行政，推进法治信访",
    ]);
  });

  it("keeps the source whole within 200 characters and 2 line feeds, cutting the answer and the passage", () => {
    const longAnswer = "在信访接待场所滞留、滋事，或者将生活不能自理的人弃留在信访接待场所".repeat(3);
    const e = quizExplanation({
      answer: longAnswer,
      citation: report,
      evidence: `${"依法分类处理信访诉求，坚持法定途径优先原则，".repeat(10)}\n第二段`,
    });
    expect([...e].length).toBeLessThanOrEqual(200);
    expect(lines(e)).toHaveLength(3);
    expect(lines(e)[1]).toBe(
      "出处：惠安县人民政府信访局 · 2023年 · 一、工作开展情况 > （二）坚持依法行政，推进法治信访",
    );
    expect(lines(e)[0]!.startsWith("答案：在信访接待场所")).toBe(true);
    // A passage that would be cut to a few characters is left out rather than shown as a stub.
    const full = quizExplanation({ answer: "甲".repeat(160), citation: article, evidence: "很长的原文。".repeat(20) });
    expect(lines(full)).toHaveLength(2);
    expect([...full].length).toBeLessThanOrEqual(200);
    expect(lines(full)[1]).toBe("出处：《信访工作条例》第三十四条（第四章 信访事项的办理）");
  });
});
