/** PDF citations carry the page: extraction -> cleaning -> chunks -> saved index -> answer, `ask --json` and labels. */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citationLabel, citationReference } from "../../src/answer/citations.ts";
import { extractText } from "../../src/corpus/extract.ts";
import { readReport } from "../../src/corpus/report-file.ts";
import type { App } from "../../src/app/create-app.ts";
import { CORPUS, reportFile, testApp, testConfig } from "../helpers.ts";
import { runNpm } from "../support/bot-process.ts";
import { makePdf } from "../support/fixtures.ts";

const FILE = "测试七县信访局-2024.pdf";
// makePdf splits the lines evenly: five on page 1, five on page 2. Section （一） starts on page 1
// and runs onto page 2, where its figure 52件 is.
const LINES = [
  "测试七县信访局2024年法治政府建设年度报告",
  "2024年，测试七县信访局坚持依法行政，现将有关情况报告如下：",
  "一、主要工作",
  "（一）依法办理信访事项",
  "全年共受理群众来信来访3127件，按期办结率达到98.6%，群众满意度明显提升。",
  "全年化解信访积案52件，其中交办积案38件。",
  "（二）开展普法宣传",
  "组织“信访法治宣传周”活动7次，发放宣传资料4500余份。",
  "二、下一步工作",
  "继续推进信访工作法治化。",
];

let work: string;
let corpusDir: string;
let dataDir: string;
let app: App;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "xinfang-pages-"));
  corpusDir = path.join(work, "corpus");
  dataDir = path.join(work, "data");
  await mkdir(path.join(corpusDir, "reports"), { recursive: true });
  await cp(path.join(CORPUS, "regulations"), path.join(corpusDir, "regulations"), { recursive: true });
  await writeFile(path.join(corpusDir, "reports", FILE), makePdf(LINES, 2));
  await cp(reportFile("惠安"), path.join(corpusDir, "reports", path.basename(reportFile("惠安"))));
  app = await testApp(testConfig(dataDir, corpusDir));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("PDF pages", () => {
  it("extraction says where each page starts", async () => {
    const { text, pageStarts } = await extractText(FILE, makePdf(LINES, 2));
    expect(pageStarts).toHaveLength(2);
    expect(text.slice(pageStarts![1]!)).toMatch(/^全年化解信访积案52件/);
  });

  it("chunks carry the page they start on, and the last one when they run onto the next", async () => {
    const { chunks, pages } = await readReport(FILE, `corpus/reports/${FILE}`, makePdf(LINES, 2));
    expect(pages?.map((p) => p.page)).toEqual([1, 2]);
    const first = chunks.find((c) => c.text.includes("3127件"))!;
    expect(first).toMatchObject({ page: 1, pageEnd: 2 });
    expect(chunks.find((c) => c.text.includes("7次"))).toMatchObject({ page: 2 });
    expect(chunks.find((c) => c.text.includes("7次"))?.pageEnd).toBeUndefined();
  });

  it("a figure on page 2 is cited with page 2, one on page 1 with page 1", async () => {
    const onTwo = await app.ask("测试七县信访局2024年化解信访积案多少件？");
    expect(onTwo.answer).toContain("52件");
    expect(onTwo.citations[0]).toMatchObject({ source: `corpus/reports/${FILE}`, page: 2 });
    expect(onTwo.citations[0]!.pageEnd).toBeUndefined();
    expect(citationLabel(onTwo.citations[0]!)).toMatch(/ · 第2页$/);
    expect(citationReference(onTwo.citations[0]!)).toMatch(/，第2页$/);

    const onOne = await app.ask("测试七县信访局2024年全年共受理群众来信来访多少件？");
    expect(onOne.answer).toContain("3127件");
    expect(onOne.citations[0]).toMatchObject({ page: 1 });
  });

  it("ask --json has the page (from the saved index), and the sources printed for people say 第N页", async () => {
    const env = { CORPUS_DIR: corpusDir, DATA_DIR: dataDir };
    const json = await runNpm(["run", "ask", "--", "--json", "测试七县信访局2024年化解信访积案多少件？"], "", env);
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout);
    expect(answer.citations[0]).toMatchObject({ kind: "report", bureau: "测试七县信访局", year: 2024, page: 2 });
    const human = await runNpm(["run", "ask", "--", "测试七县信访局2024年化解信访积案多少件？"], "", env);
    expect(human.stdout).toContain("[1] 测试七县信访局 · 2024年 · 一、主要工作 > （一）依法办理信访事项 · 第2页");
  });

  it("a text report's citations have no page", async () => {
    const a = await app.ask("惠安县2023年办理了多少件信访事项？");
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) expect(c).not.toHaveProperty("page");
  });
});
