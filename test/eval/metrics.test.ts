import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { failed, parseEvalFile, scoreItem, summarize } from "../../src/eval/metrics.ts";

const answer = (over: Partial<Answer>): Answer => ({ question: "q", answer: "", found: true, citations: [], ...over });
const huian = {
  n: 1,
  kind: "report" as const,
  title: "t",
  bureau: "惠安县人民政府信访局",
  year: 2023,
  source: "s",
  quote: "q",
};
const art36 = {
  n: 2,
  kind: "regulation" as const,
  title: "信访工作条例",
  regulation: "信访工作条例",
  article: 36,
  source: "s",
  quote: "q",
};

describe("scoreItem", () => {
  const [fact, reg, none] = parseEvalFile(
    [
      '{"id":"F","q":"x","kind":"fact","sources":[{"bureau":"惠安","year":2023}],"facts":[["12次","12 次"]]}',
      '{"id":"R","q":"x","kind":"reg","sources":[{"doc":"信访工作条例","article":36}],"facts":[["复核"]]}',
      '{"id":"N","q":"x","kind":"none"}',
    ].join("\n"),
  );

  it("scores hits by bureau substring and year, facts by alternatives", () => {
    const r = scoreItem(fact!, answer({ answer: "共计12 次", citations: [huian] }));
    expect(r).toMatchObject({ hit1: true, hit5: true, facts: true, none: true });
    expect(scoreItem(fact!, answer({ answer: "共计13次", citations: [{ ...huian, year: 2022 }] }))).toMatchObject({
      hit1: false,
      facts: false,
    });
  });

  it("scores regulations by title and article; hit@5 looks past the first", () => {
    expect(scoreItem(reg!, answer({ answer: "请求复核", citations: [huian, art36] }))).toMatchObject({
      hit1: false,
      hit5: true,
      facts: true,
    });
    expect(scoreItem(reg!, answer({ citations: [{ ...art36, regulation: "信访条例" }] })).hit5).toBe(false);
  });

  it("none questions need found=false; others need found=true", () => {
    expect(scoreItem(none!, answer({ found: false })).none).toBe(true);
    expect(scoreItem(none!, answer({ found: true })).none).toBe(false);
    expect(failed(scoreItem(fact!, answer({ found: false, answer: "12次", citations: [huian] })))).toBe(true);
  });

  it("summarises each metric over the items it applies to", () => {
    const s = summarize([
      scoreItem(fact!, answer({ answer: "12次", citations: [huian] })),
      scoreItem(none!, answer({ found: true })),
    ]);
    expect(s["hit@1"]).toEqual({ value: 1, n: 1 });
    expect(s.none).toEqual({ value: 0.5, n: 2 });
  });

  it("counts answered over the answerable questions only: found, whatever the none questions did", () => {
    const s = summarize([
      scoreItem(fact!, answer({ found: false })),
      scoreItem(reg!, answer({ answer: "请求复核", citations: [art36] })),
      scoreItem(none!, answer({ found: false })),
    ]);
    expect(s.answered).toEqual({ value: 0.5, n: 2 });
    expect(s.none).toEqual({ value: 2 / 3, n: 3 });
  });
});
