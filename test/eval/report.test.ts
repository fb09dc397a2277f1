import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { parseEvalFile, scoreItem, summarize } from "../../src/eval/metrics.ts";
import { failureText, metricsTable } from "../../src/eval/report.ts";

const [fact] = parseEvalFile(
  '{"id":"F","q":"惠安县接访多少次？","kind":"fact","sources":[{"bureau":"惠安","year":2023}],"facts":[["12次"]]}',
);
const wrong: Answer = {
  question: "q",
  answer: "共计13次\n另有",
  found: true,
  citations: [
    {
      n: 1,
      kind: "report",
      title: "t",
      bureau: "惠安县人民政府信访局",
      year: 2022,
      section: "一、工作",
      source: "s",
      quote: "q",
    },
  ],
};

describe("metricsTable", () => {
  it("prints a row per group: label, count, then every metric with three decimals or n/a", () => {
    const summary = summarize([scoreItem(fact!, wrong)]);
    expect(metricsTable([{ label: "all", n: 1, summary }]).split("\n")).toEqual([
      "        n   hit@1   hit@5   facts   answered    none   cross",
      "  ---   -   -----   -----   -----   --------   -----   -----",
      "  all   1   0.000   0.000   0.000      1.000   1.000     n/a",
    ]);
  });
});

describe("failureText", () => {
  it("names the failed metrics, what was cited and the answer on one line", () => {
    expect(failureText(fact!, wrong, scoreItem(fact!, wrong))).toBe(
      "F 惠安县接访多少次？\n  failed: hit1,hit5,facts; found=true\n  cited: [1] 惠安县人民政府信访局 · 2022年 · 一、工作\n  answer: 共计13次 另有",
    );
  });
});
