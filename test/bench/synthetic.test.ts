import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pinyin } from "pinyin-pro";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import type { EvalItem } from "../../src/eval/metrics.ts";
import { changeFigure, REPORT_TEMPLATES, sampleReports, scaleQuestions } from "../../src/bench/synthetic-questions.ts";
import {
  makeSyntheticReport,
  NAME_CHARS,
  perturbFigures,
  shiftYears,
  syntheticRegion,
  writeSyntheticCorpus,
  type BaseReport,
  type SyntheticReport,
} from "../../src/bench/synthetic.ts";
import { CORPUS } from "../helpers.ts";

describe("syntheticRegion", () => {
  it("gives every report its own name of three name characters and 区", () => {
    const names = Array.from({ length: 20_000 }, (_, i) => syntheticRegion(i));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names.slice(0, 500)) expect(n).toMatch(new RegExp(`^[${NAME_CHARS}]{3}区$`));
  });

  it("uses characters that all sound different, so no name is another one's typo", () => {
    const sounds = [...NAME_CHARS].map((c) => pinyin(c, { toneType: "none" }));
    expect(new Set(sounds).size).toBe(sounds.length);
  });

  it("refuses numbers outside its name space", () => {
    expect(() => syntheticRegion(NAME_CHARS.length ** 3)).toThrow(RangeError);
  });
});

describe("shiftYears", () => {
  it("moves years, dates and ranges but not counts", () => {
    expect(shiftYears("2023年以来，2021 年度，2023-02-01，（2021—2025年），2000多份，12月4日", -10)).toBe(
      "2013年以来，2011 年度，2013-02-01，（2011—2015年），2000多份，12月4日",
    );
  });
});

describe("perturbFigures", () => {
  it("adds the delta to counts and leaves ordinals, percentages and dates alone", () => {
    expect(perturbFigures("办理1270件，12 次，30余人，2000多份，第20次，100%，12月4日，5个", 3)).toBe(
      "办理1273件，15 次，33余人，2003多份，第20次，100%，12月4日，8个",
    );
  });
});

/** A tiny real-looking report holding one template's facts. */
const fixture: BaseReport = {
  file: "阎良区信访局-2022.txt",
  bureau: "阎良区信访局",
  year: 2022,
  text: "阎良区信访局\n2022年法治政府建设情况报告\n今年我局共召开保密工作会议2次，党规党纪知识测试3次。阎良信访局要求聘用的专职法律顾问到局内开展法治教育培训活动。2023年继续。",
};

describe("makeSyntheticReport", () => {
  it("renames the bureau and its short names, moves the years and changes the figures", () => {
    const { report, text } = makeSyntheticReport(fixture, 7);
    expect(report.bureau).toBe(`${report.region}信访局`);
    expect(text.startsWith(`${report.bureau}\n${report.year}年法治政府建设情况报告`)).toBe(true);
    expect(text).not.toMatch(/阎良/);
    expect(text).toContain(`${report.region.slice(0, -1)}信访局要求`);
    expect(text).toContain(`保密工作会议${2 + report.figureDelta}次`);
    expect(text).toContain(`${report.year + 1}年继续`);
    expect(report.file).toBe(`${report.bureau}-${report.year}.txt`);
  });
});

describe("sampleReports", () => {
  it("takes as many reports of each real one, spread over the corpus", () => {
    const reports = Array.from({ length: 1000 }, (_, i) => ({ index: i, base: `b${i % 5}` }) as SyntheticReport);
    const sample = sampleReports(reports, 5, 15);
    expect(sample).toHaveLength(15);
    expect(new Set(sample.map((r) => r.index)).size).toBe(15);
    for (let k = 0; k < 5; k++) expect(sample.filter((r) => r.base === `b${k}`)).toHaveLength(3);
    expect(Math.max(...sample.map((r) => r.index))).toBeGreaterThan(800);
  });
});

describe("changeFigure", () => {
  const item: EvalItem = { id: "S-1-1", q: "?", kind: "fact", facts: [["12次", "12 次"]] };

  it("grows the asked figure wherever it is written whole, and expects the new one", () => {
    const change = changeFigure("接访共计12次，另有112次。", item);
    expect(change?.text).toBe("接访共计100012次，另有112次。");
    expect(change?.check.facts).toEqual([["100012次"]]);
  });

  it("gives nothing when the text does not hold the figure", () => {
    expect(changeFigure("接访共计13次。", item)).toBeUndefined();
  });
});

describe("a synthetic corpus made from the real reports", () => {
  let dir: string;
  let written: Awaited<ReturnType<typeof writeSyntheticCorpus>>;
  let items: EvalItem[];
  const textOf = (r: SyntheticReport) => readFile(path.join(dir, "reports", r.file), "utf8");

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "xinfang-synthetic-"));
    written = await writeSyntheticCorpus(CORPUS, dir, 40);
    items = scaleQuestions(written.bases, written.reports, { samples: 10, regulations: [] });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("has a template for every real report, each holding the facts it asks for", () => {
    const usable = REPORT_TEMPLATES.filter((t) =>
      t.facts.every((g) => g.some((alt) => written.bases.find((b) => b.bureau === t.base)?.text.includes(alt))),
    );
    expect(usable).toEqual(REPORT_TEMPLATES);
    expect(new Set(REPORT_TEMPLATES.map((t) => t.base))).toEqual(new Set(written.bases.map((b) => b.bureau)));
  });

  it("asks report questions that name an existing synthetic bureau, with gold facts in its text", async () => {
    const reportItems = items.filter((i) => i.kind === "fact" || i.kind === "list");
    expect(reportItems.length).toBeGreaterThanOrEqual(20);
    for (const item of reportItems) {
      const gold = item.sources![0]!;
      const report = written.reports.find((r) => "bureau" in gold && r.region === gold.bureau && r.year === gold.year);
      expect(report, item.q).toBeDefined();
      expect(item.q).toContain(report!.region);
      const text = await textOf(report!);
      for (const group of item.facts!)
        expect(
          group.some((alt) => text.includes(alt)),
          `${item.q} ${group}`,
        ).toBe(true);
    }
  });

  it("changes gold figures with the report: a figure question's answer is not the real one", () => {
    const huian = items.filter((i) => i.q.includes("依法分类处理信访诉求"));
    expect(huian.length).toBeGreaterThan(0);
    for (const i of huian) expect(i.facts![0]![0]).not.toBe("1270件");
  });

  it("asks none questions about a year or a bureau the corpus does not have", () => {
    const regions = new Set(written.reports.map((r) => r.region));
    const nones = items.filter((i) => i.kind === "none");
    expect(nones.length).toBeGreaterThanOrEqual(3);
    for (const i of nones) {
      const region = /^(.{3}区)/.exec(i.q)![1]!;
      const year = Number(/(\d{4})年/.exec(i.q)![1]);
      expect(
        written.reports.some((r) => r.region === region && r.year === year),
        i.q,
      ).toBe(false);
    }
    expect(nones.some((i) => !regions.has(/^(.{3}区)/.exec(i.q)![1]!))).toBe(true);
  });

  it("gives a cross question every report made from one that mentions the phrase", () => {
    const cross = items.find((i) => i.kind === "cross")!;
    expect(cross.sources!.length).toBe(
      written.reports.filter((r) => written.bases.find((b) => b.bureau === r.base)!.text.includes("枫桥经验")).length,
    );
  });

  it("is read back by the corpus loader with the invented bureau and year of each report", async () => {
    const corpus = await loadCorpus(dir);
    const reports = corpus.documents.flatMap((d) => (d.meta.kind === "report" ? [d.meta] : []));
    expect(reports).toHaveLength(40);
    for (const r of written.reports) {
      expect(reports.find((m) => m.source.endsWith(r.file))).toMatchObject({ bureau: r.bureau, year: r.year });
    }
  });
});
