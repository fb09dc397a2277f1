import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { parseRegulation } from "../../src/corpus/regulation.ts";
import { CORPUS, REGULATIONS, regulationsPresent } from "../helpers.ts";

describe("parseRegulation (synthetic text)", () => {
  it("splits articles with their chapter and keeps items inside their article", () => {
    const md = "# 测试条例\n\n2020年1月1日 某机关发布\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 总则内容。\n\n第二条 原则如下：\n\n（一）第一项；\n\n（二）第二项。\n\n## 第二章 附则\n\n第三条 本条例自2020年5月1日起施行。\n";
    const { meta, chunks } = parseRegulation(md, "t");
    expect(meta).toMatchObject({ title: "测试条例", issuer: "某机关", issuedDate: "2020-01-01", inForceDate: "2020-05-01" });
    expect(chunks.map((c) => [c.article, c.chapter])).toEqual([[1, "第一章 总则"], [2, "第一章 总则"], [3, "第二章 附则"]]);
    expect(chunks[1]!.text).toBe("第二条 原则如下：\n（一）第一项；\n（二）第二项。");
  });
});

describe.skipIf(!regulationsPresent)("the real regulations", async () => {
  const corpus = regulationsPresent ? await loadCorpus(CORPUS) : undefined;
  const reg = (title: string) => corpus!.documents.find((d) => d.meta.kind === "regulation" && d.meta.title === title)!;

  it("《信访工作条例》: 50 articles numbered 1..50 in 6 chapters, in force", () => {
    const d = reg("信访工作条例");
    expect(d.chunks.map((c) => c.article)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(d.chunks.map((c) => c.chapter)).size).toBe(6);
    expect(d.meta).toMatchObject({ issuer: "中共中央、国务院", issuedDate: "2022-02-25", inForceDate: "2022-05-01", status: "in_force" });
    expect(d.meta).toMatchObject({ header: ["2022年1月24日 中共中央政治局会议审议批准", "2022年2月25日 中共中央、国务院发布"] });
    expect(d.chunks[16]!.text).toMatch(/^第十七条 公民、法人或者其他组织可以采用信息网络/);
    expect(d.chunks[16]!.chapter).toBe("第三章 信访事项的提出和受理");
  });

  it("《信访条例》(2005): superseded by 信访工作条例 since 2022-05-01", () => {
    const d = reg("信访条例");
    expect(d.chunks).toHaveLength(51);
    expect(d.meta).toMatchObject({ inForceDate: "2005-05-01", status: "superseded", supersededBy: "信访工作条例", supersededOn: "2022-05-01" });
  });

  it("article text is verbatim from the file", () => {
    const raw = readFileSync(path.join(REGULATIONS, "信访工作条例.md"), "utf8");
    for (const c of reg("信访工作条例").chunks) for (const para of c.text.split("\n")) expect(raw).toContain(para);
  });
});
