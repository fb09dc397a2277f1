/** Tables as text: rows with their headers, from .docx and web pages, and answered from a cell. */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { extractText, htmlText } from "../../src/corpus/extract.ts";
import { tableLines, type TableCell } from "../../src/corpus/tables.ts";
import { isTableRow, splitSentences } from "../../src/text/sentences.ts";
import { CORPUS, testApp, testConfig } from "../helpers.ts";
import { makeDocx, reportLines } from "../support/fixtures.ts";

const cells = (rows: string[][]): TableCell[][] => rows.map((r) => r.map((text) => ({ text })));

describe("tableLines", () => {
  it("renders each data row with its column headers as keys, one row a line", () => {
    expect(
      tableLines(
        cells([
          ["项目", "数量"],
          ["信访事项", "6246件"],
          ["群众来访", "612人次"],
        ]),
      ),
    ).toEqual(["项目：信访事项；数量：6246件。", "项目：群众来访；数量：612人次。"]);
  });

  it("keeps the caption as a line before the table, and a first column without a header as the row's label", () => {
    expect(
      tableLines(
        cells([
          ["", "2022年", "2023年"],
          ["网上信访", "1980件", "2160件"],
        ]),
        "表1 近两年信访事项",
      ),
    ).toEqual(["表1 近两年信访事项", "网上信访；2022年：1980件；2023年：2160件。"]);
  });

  it("joins the cells of a table without a header row with “；”", () => {
    expect(
      tableLines(
        cells([
          ["群众来访", "612人次"],
          ["网上信访", "2160件"],
        ]),
      ),
    ).toEqual(["群众来访；612人次。", "网上信访；2160件。"]);
    expect(tableLines(cells([["只有一行", "没有数字"]]))).toEqual(["只有一行；没有数字。"]);
  });

  it("reads merged headers (a year over two columns) and repeats a merged row label on every row it covers", () => {
    const rows: TableCell[][] = [
      [
        { text: "项目", rowspan: 2, header: true },
        { text: "2023年", colspan: 2, header: true },
      ],
      [
        { text: "数量", header: true },
        { text: "同比", header: true },
      ],
      [{ text: "信访事项", rowspan: 2 }, { text: "6246件" }, { text: "增长5%" }],
      [{ text: "3000件" }, { text: "" }],
    ];
    expect(tableLines(rows)).toEqual([
      "项目：信访事项；2023年·数量：6246件；2023年·同比：增长5%。",
      "项目：信访事项；2023年·数量：3000件。",
    ]);
  });

  it("finds an unmarked two-row header under a merged cell, and keeps title and section rows as plain lines", () => {
    const rows: TableCell[][] = [
      [{ text: "2023年信访事项办理情况", colspan: 3 }],
      [{ text: "类别" }, { text: "办理", colspan: 2 }],
      [{ text: "" }, { text: "件数" }, { text: "办结率" }],
      [{ text: "一、来信", colspan: 3 }],
      [{ text: "群众来信" }, { text: "1200件" }, { text: "98.5%" }],
    ];
    expect(tableLines(rows)).toEqual([
      "2023年信访事项办理情况",
      "【一、来信】",
      "类别：群众来信；办理·件数：1200件；办理·办结率：98.5%。",
    ]);
  });

  it("keeps a table's own numbering from reading as a heading of the report", () => {
    expect(
      tableLines(
        cells([
          ["", "件数"],
          ["一、来信", "1200件"],
          ["二、来访", "612件"],
        ]),
      ),
    ).toEqual(["【一、来信】；件数：1200件。", "【二、来访】；件数：612件。"]);
  });

  it("skips empty rows and cells", () => {
    expect(
      tableLines(
        cells([
          ["项目", "数量", "备注"],
          ["", "", ""],
          ["信访事项", "6246件", ""],
        ]),
      ),
    ).toEqual(["项目：信访事项；数量：6246件。"]);
  });
});

describe("a rendered row is one sentence", () => {
  it("is not split at its “；”, while prose still is", () => {
    expect(isTableRow("项目：信访事项；数量：6246件。")).toBe(true);
    expect(isTableRow("信访事项；数量：6246件；同比：增长5%。")).toBe(true);
    expect(isTableRow("共12次；化解率100%")).toBe(false);
    expect(isTableRow("对信访事项，应当及时受理；不予受理的，书面告知。")).toBe(false);
    expect(splitSentences("组织活动12次。\n项目：信访事项；数量：6246件。\n共12次；化解率100%")).toEqual([
      "组织活动12次。",
      "\n",
      "项目：信访事项；数量：6246件。",
      "\n",
      "共12次；",
      "化解率100%",
    ]);
  });
});

describe("HTML tables", () => {
  it("are read row by row with their <th> headers and <caption>", async () => {
    const html = `<html><body><div id="zoom"><h1>某县信访局2024年工作报告</h1>
      <p>全年办理信访事项情况见下表，各项指标均达到要求。</p>
      <table><caption>表1 信访事项办理情况</caption>
        <thead><tr><th>项目</th><th>数量</th></tr></thead>
        <tbody><tr><td>信访事项</td><td>6246<br>件</td></tr><tr><td>群众来访</td><td><p>612</p><p>人次</p></td></tr></tbody>
      </table><p>下一步将继续推进信访工作法治化。</p></div></body></html>`;
    expect((await htmlText(html)).split("\n")).toEqual([
      "某县信访局2024年工作报告",
      "全年办理信访事项情况见下表，各项指标均达到要求。",
      "表1 信访事项办理情况",
      "项目：信访事项；数量：6246 件。",
      "项目：群众来访；数量：612 人次。",
      "下一步将继续推进信访工作法治化。",
    ]);
  });

  it("leave a layout table's cells to be read as paragraphs", async () => {
    const article = "一、主要工作。全年共受理群众来信来访3127件，按期办结率达到98.6%。".repeat(12);
    const html = `<html><body><table><tr><td><a href="/">首页</a></td></tr><tr><td>
      <p>${article}</p><p>二、下一步工作</p></td></tr></table></body></html>`;
    const lines = (await htmlText(html)).split("\n");
    expect(lines).toContain(article);
    expect(lines).toContain("二、下一步工作");
  });
});

describe("a .docx table, end to end", () => {
  const FILE = "测试八县信访局-2024.docx";
  let work: string;
  let app: App;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "xinfang-tables-"));
    const corpusDir = path.join(work, "corpus");
    await cp(CORPUS, corpusDir, { recursive: true });
    const table = [
      ["项目", "数量", "同比"],
      ["网上信访", "2160件", "增长12%"],
      ["领导接访", "86批次", "下降3%"],
    ];
    await writeFile(path.join(corpusDir, "reports", FILE), await makeDocx(reportLines("测试八县信访局", 2024, 8), table));
    app = await testApp(testConfig(path.join(work, "data"), corpusDir));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("reads each row with its headers", async () => {
    const { text } = await extractText(FILE, await makeDocx(["x"], [["项目", "数量"], ["领导接访", "86批次"]]));
    expect(text.split("\n")).toContain("项目：领导接访；数量：86批次。");
  });

  it("answers a figure held in a cell, citing the report, with the cell's header in the answer", async () => {
    const a = await app.ask("测试八县信访局2024年领导接访多少批次？");
    expect(a.found).toBe(true);
    const line = a.answer.split("\n").find((l) => l.includes("86批次"));
    expect(line).toContain("领导接访");
    expect(line).toContain("数量：86批次");
    expect(a.citations[0]).toMatchObject({
      bureau: "测试八县信访局",
      year: 2024,
      source: `corpus/reports/${FILE}`,
      section: "一、主要工作 > （一）依法办理信访事项",
    });
  });
});
