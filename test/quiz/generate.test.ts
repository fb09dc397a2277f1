import { describe, expect, it } from "vitest";
import { citationLabel } from "../../src/answer/citations.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { generateQuiz } from "../../src/quiz/generate.ts";
import { quizProblems } from "../../src/quiz/validate.ts";
import { CORPUS, regulationsPresent } from "../helpers.ts";

const loaded = await loadCorpus(CORPUS);
const corpus = { documents: loaded.documents.map((d) => d.meta), chunks: loaded.documents.flatMap((d) => d.chunks) };

describe("generateQuiz on the real corpus", () => {
  const seeds = ["a", "b", "培训", "2026"];
  const rounds = seeds.map((seed) => generateQuiz(corpus, { count: 40, seed }));

  it("every question is well-formed for Telegram and proved by its cited passage", () => {
    for (const q of rounds.flat()) {
      expect(quizProblems(q), q.question).toEqual([]);
      expect([...q.question].length).toBeLessThanOrEqual(300);
      expect(q.options.length).toBeGreaterThanOrEqual(3);
      expect(new Set(q.options).size).toBe(q.options.length);
      expect(q.explanation.length).toBeLessThanOrEqual(200);
      expect((q.explanation.match(/\n/g) ?? []).length).toBeLessThanOrEqual(2);
      // The explanation names the article or passage, whole.
      expect(q.explanation.split("\n")[1]).toBe(`出处：${citationLabel(q.citation)}`);
    }
  });

  it("no distractor is also correct: regulation figures are not stated in the same article", () => {
    for (const q of rounds.flat()) {
      const correct = q.options[q.correctOptionIds[0]!]!;
      for (const [i, o] of q.options.entries()) if (!q.correctOptionIds.includes(i)) expect(o).not.toBe(correct);
      if (q.kind === "reg-figure") {
        const others = q.options.filter((o) => o !== correct);
        for (const o of others) expect(q.citation.quote).not.toMatch(new RegExp(`(?<!\\d)${o}`));
      }
      if (q.kind === "report-bureau") expect(correct.startsWith(q.citation.bureau!)).toBe(true);
    }
  });

  it("options are plausible and give nothing away: no date's year or day as a period, no share over 100%, one spelling", () => {
    const all = seeds.flatMap((seed) => generateQuiz(corpus, { count: 200, seed }));
    for (const q of all) {
      if (q.kind === "reg-figure") expect(q.question, q.question).not.toMatch(/（ {2}）\d+月|月（ {2}）/);
      for (const o of q.options) {
        if (o.endsWith("%")) expect(Number.parseFloat(o), q.question).toBeLessThanOrEqual(100);
        if (q.kind === "report-figure") expect(o, q.question).not.toMatch(/\s/);
      }
    }
  });

  it("never repeats a question within a round, and mixes kinds", () => {
    for (const round of rounds) {
      expect(new Set(round.map((q) => q.question)).size).toBe(round.length);
      expect(new Set(round.map((q) => q.kind)).size).toBeGreaterThanOrEqual(regulationsPresent ? 6 : 3);
    }
  });

  it("is deterministic for a seed and different across seeds", () => {
    expect(generateQuiz(corpus, { count: 10, seed: "a" })).toEqual(generateQuiz(corpus, { count: 10, seed: "a" }));
    expect(generateQuiz(corpus, { count: 10, seed: "a" }).map((q) => q.question)).not.toEqual(
      generateQuiz(corpus, { count: 10, seed: "b" }).map((q) => q.question),
    );
  });

  it("narrows to a topic: 报告, a bureau by alias, or 条例", () => {
    for (const q of generateQuiz(corpus, { count: 15, seed: "t", topic: "报告" }))
      expect(q.citation.kind).toBe("report");
    const huian = generateQuiz(corpus, { count: 10, seed: "t", topic: "惠安" });
    expect(huian.length).toBeGreaterThan(3);
    for (const q of huian) expect(q.citation.bureau).toBe("惠安县人民政府信访局");
    expect(() => generateQuiz(corpus, { count: 5, seed: "t", topic: "火星" })).toThrow(/火星/);
  });

  it.skipIf(!regulationsPresent)("covers the regulation: deadlines, articles, prohibited conduct, commencement", () => {
    const reg = generateQuiz(corpus, { count: 60, seed: "t", topic: "条例" });
    for (const q of reg) expect(q.citation.kind).toBe("regulation");
    const kinds = new Set(reg.map((q) => q.kind));
    expect(kinds).toEqual(new Set(["reg-figure", "reg-article", "reg-prohibited", "reg-since"]));
    const deadline = reg.find(
      (q) => q.kind === "reg-figure" && q.citation.article === 36 && q.question.includes("请求复核"),
    )!;
    expect(deadline.options[deadline.correctOptionIds[0]!]).toBe("30日");
    const since = reg.find((q) => q.kind === "reg-since" && q.citation.regulation === "信访工作条例")!;
    expect(since.options[since.correctOptionIds[0]!]).toBe("2022年5月1日");
    const prohibited = reg.find((q) => q.kind === "reg-prohibited")!;
    expect(prohibited.citation.article).toBe(26);
  });
});
