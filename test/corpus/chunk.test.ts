import { describe, expect, it } from "vitest";
import { chunkParagraphs, layoutLines, outlineParagraphs } from "../../src/corpus/chunk.ts";
import { headingMarker, splitHeadingLine } from "../../src/corpus/headings.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { splitSentences } from "../../src/text/sentences.ts";
import { CORPUS } from "../helpers.ts";

describe("headingMarker", () => {
  it("recognises the three numbering styles and ignores dates and figures", () => {
    expect(headingMarker("一、工作开展情况")).toMatchObject({ kind: "cn", number: 1 });
    expect(headingMarker("（三）坚持多元化解")).toMatchObject({ kind: "paren", number: 3 });
    expect(headingMarker("(四)践行学习促实干")).toMatchObject({ kind: "paren", number: 4 });
    expect(headingMarker("2、坚持“来访必登、有访必接”。")).toMatchObject({ kind: "arabic", number: 2 });
    expect(headingMarker("2023年，在县委")).toBeUndefined();
    expect(headingMarker("5月27日，利用")).toBeUndefined();
    expect(headingMarker("1.5倍")).toBeUndefined();
    expect(headingMarker("一是加强学习")).toBeUndefined();
  });

  it("takes the first sentence of a long line as its heading", () => {
    expect(splitHeadingLine("（一）坚持理论武装，强化法治思维")).toEqual({ heading: "（一）坚持理论武装，强化法治思维", inlineBody: false });
    const long = splitHeadingLine("（一）着力加强干部学法用法力度。认真抓好法治理论学习，通过定期组织集体学法，领导干部带头学法。");
    expect(long).toEqual({ heading: "（一）着力加强干部学法用法力度", inlineBody: true });
  });
});

describe("outlineParagraphs", () => {
  it("nests marker kinds in the order a document uses them", () => {
    const lines = ["一、总体", "（一）学习", "正文甲。", "1、要点", "正文乙。", "（二）宣传", "正文丙。", "二、计划", "正文丁。"];
    const { offsets } = layoutLines(lines);
    const paths = outlineParagraphs(lines, offsets).map((p) => p.headingPath.join(">"));
    expect(paths).toEqual(["一、总体>（一）学习", "一、总体>（一）学习>1、要点", "一、总体>（二）宣传", "二、计划"]);
  });

  it("nests a sub-item numbered with the outer kind (（一）（二）（三） then 四、 inside 一、)", () => {
    const lines = ["一、措施", "（一）学习。正文。", "（二）决策。正文。", "（三）改革。正文。", "四、宣传。正文。", "二、不足", "正文。"];
    const { offsets } = layoutLines(lines);
    const paths = outlineParagraphs(lines, offsets).map((p) => p.headingPath.join(">"));
    expect(paths).toEqual([
      "一、措施>（一）学习",
      "一、措施>（二）决策",
      "一、措施>（三）改革",
      "一、措施>四、宣传",
      "二、不足",
    ]);
  });

  it("keeps a long official heading without punctuation a heading, not the start of a paragraph", () => {
    const heading = "二、2022年度党政主要负责人履行推进法治政府建设第一责任人职责,落实责任清单,加强法治政府建设的有关情况";
    expect(splitHeadingLine(heading)).toEqual({ heading, inlineBody: false });
  });
});

describe("chunks of the real corpus", async () => {
  const corpus = await loadCorpus(CORPUS);
  const reports = corpus.documents.filter((d) => d.meta.kind === "report");

  it("reads all five reports", () => {
    expect(reports).toHaveLength(5);
    expect(corpus.skipped.filter((s) => s.path.includes("reports"))).toEqual([]);
  });

  it("chunk text is exactly the document text at its offsets", () => {
    for (const d of corpus.documents) for (const c of d.chunks) expect(d.text!.slice(c.start, c.end)).toBe(c.text);
  });

  it("never cuts a sentence: chunks start and end on sentence boundaries", () => {
    for (const d of reports) {
      const boundaries = new Set<number>();
      let pos = 0;
      for (const line of d.text!.split("\n")) {
        let p = pos;
        boundaries.add(p);
        for (const s of splitSentences(line)) boundaries.add((p += s.length));
        pos += line.length + 1;
      }
      for (const c of d.chunks) {
        expect(boundaries.has(c.start), `${c.id} starts mid-sentence`).toBe(true);
        expect(boundaries.has(c.end), `${c.id} ends mid-sentence`).toBe(true);
      }
    }
  });

  it("bounds chunk size unless one sentence is longer, and covers every sentence", () => {
    for (const d of reports) {
      for (const c of d.chunks) {
        if (c.text.length > 320) expect(splitSentences(c.text).filter((s) => s.trim())).toHaveLength(1);
      }
      const covered = (pos: number) => d.chunks.some((c) => c.start <= pos && pos < c.end);
      let pos = 0;
      for (const line of d.text!.split("\n")) {
        for (const s of splitSentences(line)) {
          // Standalone headings live in heading paths, not in chunk text.
          if (s.trim() && !(headingMarker(line) && !splitHeadingLine(line).inlineBody)) expect(covered(pos), s).toBe(true);
          pos += s.length;
        }
        pos += 1;
      }
    }
  });

  it("carries heading paths, consecutive chunks of a section overlap by a sentence", () => {
    const huian = reports.find((d) => d.meta.id.startsWith("惠安"))!;
    const c = huian.chunks.find((x) => x.text.includes("6246件"))!;
    expect(c.headingPath).toEqual(["一、工作开展情况", "（二）坚持依法行政，推进法治信访"]);
    const section = huian.chunks.filter((x) => x.headingPath.join() === c.headingPath.join());
    expect(section.length).toBeGreaterThan(1);
    expect(section[1]!.start).toBeLessThan(section[0]!.end);
  });

  it("is deterministic: same ids and hashes on a second run", async () => {
    const again = await loadCorpus(CORPUS);
    expect(again.documents.flatMap((d) => d.chunks.map((c) => c.hash))).toEqual(corpus.documents.flatMap((d) => d.chunks.map((c) => c.hash)));
  });

  it("chunkParagraphs never emits an empty chunk", () => {
    const lines = ["一、标题", "", "正文。"];
    const { text, offsets } = layoutLines(lines);
    const chunks = chunkParagraphs("x", text, outlineParagraphs(lines, offsets));
    expect(chunks.every((c) => c.text.trim() !== "")).toBe(true);
  });
});
