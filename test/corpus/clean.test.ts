import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanReport, joinBrokenLines } from "../../src/corpus/clean.ts";
import { reportFile } from "../helpers.ts";

const raw = (prefix: string) => readFileSync(reportFile(prefix), "utf8");
const cleaned = (prefix: string) => cleanReport(raw(prefix));
const body = (prefix: string) => cleaned(prefix).lines.join("\n");

describe("cleanReport on the real reports", () => {
  it("removes the Word bookmark artefact (阎良)", () => {
    expect(raw("阎良")).toContain("[bookmark: _GoBack]");
    expect(body("阎良")).not.toContain("[bookmark");
    expect(body("阎良")).toContain("一是加强法律法规学习，提高法治意识。");
  });

  it("removes bold marks but keeps their words (西安)", () => {
    expect(raw("西安")).toContain("**四是**");
    expect(body("西安")).not.toContain("**");
    expect(body("西安")).toContain("四是进一步完善信访调解制度");
  });

  it("takes the web page header apart and drops the footer (平城)", () => {
    const c = cleaned("大同");
    expect(c.title).toBe("大同市平城区信访局2022年法治政府建设年度报告");
    expect(c.publishedDate).toBe("2023-02-01");
    expect(c.signedDate).toBe("2023-01-20");
    const text = c.lines.join("\n");
    for (const junk of ["索 引 号", "信息分类", "发布时间", "| | |", "扫一扫", "相关解读", "相关政策", "相关稿件"]) {
      expect(text).not.toContain(junk);
    }
    // The title appeared twice (header and body); it is not left in the body.
    expect(c.lines[0]).toMatch(/^2022年,平城区信访局/);
  });

  it("joins a title split over two lines", () => {
    expect(cleaned("惠安").title).toBe("惠安县人民政府信访局2023年度法治政府建设工作年度报告");
    expect(cleaned("重庆").title).toBe("重庆市沙坪坝区信访办公室2021年法治政府建设年度报告");
    expect(cleaned("阎良").title).toBe("阎良区信访局2022年法治政府建设情况报告");
    expect(cleaned("西安").title).toBe("西安市信访局2021年度法治政府建设情况报告");
  });

  it("joins sentences broken across PDF page breaks (西安)", () => {
    const text = body("西安");
    expect(text).toContain("在组织信访干部参加市司法局开展的法治学习教育培训基础上");
    expect(text).toContain("增强信访法规的宣传教育");
    expect(text).toContain("加强退役军人信访问题“大排查、大起底、大化解”工作");
  });

  it("trims full-width indents (惠安, 沙坪坝)", () => {
    for (const line of [...cleaned("惠安").lines, ...cleaned("重庆").lines]) {
      expect(line).not.toMatch(/^[\s\u3000]|[\s\u3000]$/);
    }
    expect(cleaned("惠安").lines).toContain("（一）坚持理论武装，强化法治思维");
  });

  it("keeps every number of the body exactly", () => {
    for (const prefix of ["阎良", "大同", "惠安", "西安", "重庆"]) {
      const c = cleaned(prefix);
      const numbersIn = (s: string): string[] => s.match(/\d+(?:\.\d+)?%?/g) ?? [];
      const kept = numbersIn(c.lines.join(""));
      // Every number of the raw text reappears, except those of the header/footer/title/signature.
      const removed = [c.title ?? "", c.publishedDate ?? "", c.signedDate ?? "", "10:36", "2023年1月20日", "2023-02-01"].join(" ");
      const expected = numbersIn(raw(prefix).replace(/\[bookmark:[^\]]*\]/g, "")).filter((n) => !numbersIn(removed).includes(n));
      for (const n of expected) expect(kept).toContain(n);
    }
    expect(body("惠安")).toContain("2023年以来共办理6246件");
    expect(body("西安")).toContain("召开听证评议会 12 次，邀请法律专家、律师 30 余人");
  });
});

describe("joinBrokenLines", () => {
  it("does not join headings, short lines or complete sentences", () => {
    const long = "这是一行很长的正文内容，它在这里被分页符截断了，没有句末标点符号也没有结束";
    expect(joinBrokenLines([long, "的部分。"])).toEqual([`${long}的部分。`]);
    expect(joinBrokenLines([long, "二、下一步工作打算"])).toHaveLength(2);
    expect(joinBrokenLines(["平城区信访局", "2023年1月20日"])).toHaveLength(2);
    expect(joinBrokenLines(["这是完整的一句话，而且足够长足够长足够长足够长足够长。", "另一段。"])).toHaveLength(2);
  });
});
