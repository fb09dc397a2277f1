import { describe, expect, it } from "vitest";
import { cleanReport } from "../../src/corpus/clean.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { deriveAliases, extractReportMeta, regionOf } from "../../src/corpus/report-meta.ts";
import type { ReportMeta } from "../../src/corpus/types.ts";
import { CORPUS } from "../helpers.ts";

describe("report metadata from the real files", async () => {
  const corpus = await loadCorpus(CORPUS);
  const meta = (bureau: string) =>
    corpus.documents.map((d) => d.meta).find((m): m is ReportMeta => m.kind === "report" && m.bureau === bureau);

  it.each([
    ["阎良区信访局", 2022, "阎良区"],
    ["大同市平城区信访局", 2022, "大同市平城区"],
    ["惠安县人民政府信访局", 2023, "惠安县"],
    ["西安市信访局", 2021, "西安市"],
    ["重庆市沙坪坝区信访办公室", 2021, "重庆市沙坪坝区"],
  ])("%s covers %d (region %s)", (bureau, year, region) => {
    expect(meta(bureau)).toMatchObject({ bureau, year, region });
  });

  it("the year covered is not the publishing year (平城: covers 2022, published 2023)", () => {
    expect(meta("大同市平城区信访局")).toMatchObject({ year: 2022, publishedDate: "2023-02-01", signedDate: "2023-01-20" });
  });

  it("joins the manifest's facts: parent city, province, aliases", () => {
    expect(meta("阎良区信访局")).toMatchObject({ city: "西安市", province: "陕西省" });
    expect(meta("大同市平城区信访局")!.aliases).toContain("大同");
  });
});

describe("extractReportMeta without a manifest", () => {
  it("derives bureau, year and short aliases from the text alone", () => {
    const cleaned = cleanReport("某某市新华区信访局\n2024年法治政府建设年度报告\n\n2024年，我局依法办理信访事项。");
    const m = extractReportMeta(cleaned, "x", "corpus/reports/x.txt");
    expect(m).toMatchObject({ bureau: "某某市新华区信访局", region: "某某市新华区", year: 2024 });
    expect(m.aliases).toEqual(expect.arrayContaining(["新华区", "新华"]));
    expect(m.aliases).not.toContain("某某");
  });

  it("fails with a message naming the file when no bureau can be found", () => {
    expect(() => extractReportMeta(cleanReport("年度工作总结\n\n今年工作很好。"), "y", "corpus/reports/y.txt")).toThrow(/y\.txt/);
  });

  it("regionOf and deriveAliases", () => {
    expect(regionOf("惠安县人民政府信访局")).toBe("惠安县");
    expect(deriveAliases("重庆市沙坪坝区")).toEqual(["重庆市沙坪坝区", "沙坪坝区", "沙坪坝"]);
  });
});
