/** Old Word binary files (.doc) and .doc-compatible WPS files: read, ingested, uploaded, answered. */
import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { extractText, UnreadableFileError } from "../../src/corpus/extract.ts";
import { isOleFile, wordBodyLines } from "../../src/corpus/word-doc.ts";
import { UserError } from "../../src/errors.ts";
import { CORPUS, testApp, testConfig } from "../helpers.ts";
import { compoundFile } from "../support/compound-file.ts";
import { makeDoc } from "../support/doc-file.ts";
import { makeDocx, makeHtml, reportLines } from "../support/fixtures.ts";

const TABLE = [
  ["项目", "数量"],
  ["信访事项", "6246件"],
  ["群众来访", "612人次"],
];

/** The reason an extraction was refused with. */
async function refusal(name: string, bytes: Uint8Array): Promise<UnreadableFileError> {
  const error = await extractText(name, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableFileError);
  return error as UnreadableFileError;
}

describe("reading a .doc", () => {
  it("gives its paragraphs as lines, headings on their own, Chinese quotes kept", async () => {
    const lines = reportLines("测试九县信访局", 2024, 9);
    const { text, format } = await extractText("测试九县信访局-2024.doc", makeDoc(lines));
    expect(format).toBe("doc");
    expect(text.split("\n")).toEqual(lines);
  });

  it("gives each table row with its headers", async () => {
    const { text } = await extractText("x.doc", makeDoc(reportLines("测试九县信访局", 2024), TABLE));
    expect(text.split("\n").slice(4, 8)).toEqual([
      "全年共受理群众来信来访3127件，按期办结率达到98.6%。",
      "项目：信访事项；数量：6246件。",
      "项目：群众来访；数量：612人次。",
      "（二）开展普法宣传",
    ]);
  });

  it("reads word-extractor's cells (tab-ended) and rows (lines) as a table", () => {
    expect(wordBodyLines("标题\n项目\t数量\t\n信访事项\t6246件\t\n正文\t缩进\n")).toEqual([
      "标题",
      "项目：信访事项；数量：6246件。",
      "正文 缩进",
    ]);
  });

  it("reads a .doc that is really a .docx or a web page, and a .docx that is really a .doc", async () => {
    const lines = reportLines("测试九县信访局", 2024);
    expect((await extractText("x.doc", await makeDocx(lines))).text).toContain("全年共受理群众来信来访3127件");
    expect((await extractText("x.doc", Buffer.from(makeHtml(lines)))).text).toContain("全年共受理群众来信来访3127件");
    expect((await extractText("x.docx", makeDoc(lines))).text).toContain("全年共受理群众来信来访3127件");
  });

  it("refuses what is not a Word document, saying why", async () => {
    expect((await refusal("x.doc", Buffer.from("plain text, not Word"))).reason).toBe("bad-doc");
    const notWord = compoundFile({ Workbook: Buffer.alloc(5000, 1) });
    expect(isOleFile(notWord)).toBe(true);
    const bad = await refusal("x.doc", notWord);
    expect(bad.reason).toBe("bad-doc");
    expect(bad.message).toMatch(/^not a readable \.doc file/);
  });
});

describe("reading a .wps", () => {
  it("reads one saved in the .doc format (an OLE file)", async () => {
    const { text, format } = await extractText("x.wps", makeDoc(reportLines("测试九县信访局", 2024)));
    expect(format).toBe("wps");
    expect(text).toContain("全年共受理群众来信来访3127件");
  });

  it("refuses any other WPS format with its own reason", async () => {
    const zip = await refusal("x.wps", await makeDocx(["x"]));
    expect(zip.reason).toBe("unsupported-wps");
    expect(zip.message).toMatch(/^unsupported WPS format/);
    const works = await refusal("x.wps", compoundFile({ CONTENTS: Buffer.alloc(5000, 1) }));
    expect(works.reason).toBe("unsupported-wps");
  });
});

describe(".doc and .wps reports, end to end", () => {
  const DOC = "测试九县信访局-2024.doc";
  const WPS = "测试十县信访局-2023.wps";
  let work: string;
  let app: App;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "xinfang-doc-"));
    const corpusDir = path.join(work, "corpus");
    await cp(CORPUS, corpusDir, { recursive: true });
    const reports = path.join(corpusDir, "reports");
    await writeFile(path.join(reports, DOC), makeDoc(reportLines("测试九县信访局", 2024, 9), TABLE));
    await writeFile(path.join(reports, WPS), makeDoc(reportLines("测试十县信访局", 2023, 10)));
    await writeFile(path.join(reports, "新格式.wps"), await makeDocx(reportLines("测试十一县信访局", 2023)));
    app = await testApp(testConfig(path.join(work, "data"), corpusDir));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it.each([
    [DOC, "测试九县信访局", 2024, "3136件"],
    [WPS, "测试十县信访局", 2023, "3137件"],
  ])("%s answers a figure question, citing its bureau, year and section", async (file, bureau, year, figure) => {
    const a = await app.ask(`${bureau}${year}年全年共受理群众来信来访多少件？`);
    expect(a.found).toBe(true);
    expect(a.answer).toContain(figure);
    expect(a.citations[0]).toMatchObject({
      bureau,
      year,
      section: "一、主要工作 > （一）依法办理信访事项",
      source: `corpus/reports/${file}`,
    });
  });

  it("answers a figure from a .doc table with its header", async () => {
    const a = await app.ask("测试九县信访局2024年群众来访多少人次？");
    expect(a.answer).toContain("项目：群众来访；数量：612人次。");
    expect(a.citations[0]?.source).toBe(`corpus/reports/${DOC}`);
  });

  it("skips a .wps in another format with a line saying so", () => {
    const skipped = app.library.manifest().skipped.find((s) => path.basename(s.path) === "新格式.wps");
    expect(skipped?.reason).toMatch(/unsupported WPS format/);
  });

  it("takes a .doc an admin sends, and refuses another WPS format in Chinese", async () => {
    const added = await app.reports.add("测试十二县信访局-2025.doc", makeDoc(reportLines("测试十二县信访局", 2025, 12)));
    expect(added).toMatchObject({ saved: "测试十二县信访局-2025.doc", bureau: "测试十二县信访局", year: 2025 });
    expect(added.sections).toEqual(["一、主要工作", "二、下一步工作"]);
    await app.reports.reindex();
    const a = await app.ask("测试十二县信访局2025年全年共受理群众来信来访多少件？");
    expect(a.answer).toContain("3139件");
    expect(a.citations[0]?.source).toBe("corpus/reports/测试十二县信访局-2025.doc");

    const refused = await app.reports.add("某县.wps", await makeDocx(["某县信访局2025年报告"])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).reply).toContain("无法使用这个文件，未保存：不支持的 WPS 格式");
    expect(await readdir(path.join(work, "corpus", "reports"))).not.toContain("某县.wps");
  });
});
