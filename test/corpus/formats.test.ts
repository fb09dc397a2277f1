/** Reports in every format, end to end: fixture -> ingest -> cited answer; bad files skipped. */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, htmlText } from "../../src/corpus/extract.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { docKey } from "../../src/app/library.ts";
import type { App } from "../../src/app/create-app.ts";
import { CORPUS, testApp, testConfig } from "../helpers.ts";
import { gb18030, makeDocx, makeHtml, makePdf, makeScannedPdf, reportLines } from "../support/fixtures.ts";

const FORMATS = [
  { file: "测试一县信访局-2024.docx", bureau: "测试一县信访局", n: 1 },
  { file: "测试二区信访局-2024.pdf", bureau: "测试二区信访局", n: 2 },
  { file: "测试三市信访局-2024.html", bureau: "测试三市信访局", n: 3 },
  { file: "测试四县信访局-2024.txt", bureau: "测试四县信访局", n: 4 }, // GB18030
  { file: "测试五县信访局-2024.txt", bureau: "测试五县信访局", n: 5 }, // UTF-8 with BOM
  { file: "测试六县信访局-2024.htm", bureau: "测试六县信访局", n: 6 }, // GBK page
];

let work: string;
let corpusDir: string;
let app: App;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "xinfang-formats-"));
  corpusDir = path.join(work, "corpus");
  await cp(CORPUS, corpusDir, { recursive: true });
  const reports = path.join(corpusDir, "reports");
  const lines = (i: number) => reportLines(FORMATS[i]!.bureau, 2024, FORMATS[i]!.n);
  await writeFile(path.join(reports, FORMATS[0]!.file), await makeDocx(lines(0), [["指标", "数量"], ["群众来访", "612人次"]]));
  await writeFile(path.join(reports, FORMATS[1]!.file), makePdf(lines(1), 2));
  await writeFile(path.join(reports, FORMATS[2]!.file), makeHtml(lines(2)));
  await writeFile(path.join(reports, FORMATS[3]!.file), gb18030(lines(3).join("\r\n")));
  await writeFile(path.join(reports, FORMATS[4]!.file), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(4).join("\n"))]));
  await writeFile(path.join(reports, FORMATS[5]!.file), gb18030(makeHtml(lines(5), "gbk")));
  // Bad files, and a second report for a bureau and year that already has one.
  await writeFile(path.join(reports, "扫描件.pdf"), makeScannedPdf());
  await writeFile(path.join(reports, "损坏.docx"), Buffer.from("PK\u0003\u0004 this is not a zip"));
  await writeFile(path.join(reports, "统计表.xls"), Buffer.from("binary"));
  await writeFile(path.join(reports, "空文件.txt"), "");
  await writeFile(path.join(reports, "测试一县信访局-2024-修订版.txt"), reportLines("测试一县信访局", 2024, 1).join("\n"));
  app = await testApp(testConfig(path.join(work, "data"), corpusDir));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("every format, end to end", () => {
  it.each(FORMATS.map((f) => [f.file, f] as const))("%s: ingested with its metadata and answered with a citation", async (_name, f) => {
    const a = await app.ask(`${f.bureau}2024年全年共受理群众来信来访多少件？`);
    expect(a.found).toBe(true);
    expect(a.answer).toContain(`${3127 + f.n}件`);
    expect(a.citations[0]).toMatchObject({ bureau: f.bureau, year: 2024, section: "一、主要工作 > （一）依法办理信访事项" });
    expect(a.citations.map((c) => c.source)).toContain(`corpus/reports/${f.file}`);
  });

  it("a .docx table's rows are text too, each with its headers", async () => {
    const doc = app.library
      .sections(docKey(FORMATS[0]!.file))!
      .map((s) => s.text)
      .join("\n");
    expect(doc).toContain("指标：群众来访；数量：612人次。");
  });

  it("an HTML page keeps the article, not its navigation, scripts or footer", async () => {
    const text = await htmlText(makeHtml(reportLines("测试三市信访局", 2024)));
    expect(text.split("\n")[0]).toBe("测试三市信访局2024年法治政府建设年度报告");
    for (const junk of ["网站首页", "新闻中心", "不应出现的脚本文字", "当前位置", "相关链接", "主办单位", "扫一扫"]) expect(text).not.toContain(junk);
    expect(text).toContain("全年共受理群众来信来访3127件");
  });
});

describe("bad files", () => {
  it("are skipped with a line saying which and why, and nothing else is lost", () => {
    const skipped = Object.fromEntries(app.library.manifest().skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(skipped["扫描件.pdf"]).toMatch(/without a text layer/);
    expect(skipped["损坏.docx"]).toMatch(/not a readable \.docx/);
    expect(skipped["统计表.xls"]).toMatch(/unsupported file type "\.xls"/);
    expect(skipped["空文件.txt"]).toMatch(/empty/);
    // The five real reports and the two regulations or so are all still there, with the new ones.
    const bureaus = new Set(app.library.reports().map((r) => r.bureau));
    for (const b of ["惠安县人民政府信访局", "阎良区信访局", "西安市信访局", ...FORMATS.map((f) => f.bureau)]) expect(bureaus).toContain(b);
  });

  it("two reports for the same bureau and year are both kept, and the clash is reported", () => {
    expect(app.library.manifest().clashes).toEqual([
      { bureau: "测试一县信访局", year: 2024, paths: expect.arrayContaining(["corpus/reports/测试一县信访局-2024.docx", "corpus/reports/测试一县信访局-2024-修订版.txt"]) },
    ]);
  });
});

describe("encoding detection", () => {
  it("reads GB18030 by its bytes whatever the extension says", async () => {
    const bytes = gb18030("测试县信访局2024年报告\n共办理12件。");
    expect((await extractText("report.md", bytes)).text).toContain("共办理12件");
    const corpus = await loadCorpus(corpusDir);
    expect(corpus.documents.find((d) => d.meta.id === FORMATS[3]!.file)?.text).toContain("全年共受理群众来信来访3131件");
  });
});
