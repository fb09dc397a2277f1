import { describe, expect, it } from "vitest";
import { ocrPageText, tidyOcrText } from "../../src/corpus/ocr-layout.ts";
import type { OcrLine } from "../../src/corpus/ocr.ts";

/** A line box on a page whose text block runs from x=100 to x=1100, lines 50 px apart, 30 px high. */
const at = (row: number, text: string, left = 100, right = 1100): OcrLine => ({
  text,
  confidence: 0.99,
  left,
  right,
  top: 100 + row * 50,
  bottom: 130 + row * 50,
});

describe("tidyOcrText", () => {
  it("removes the spaces a recogniser leaves beside Chinese characters, keeps those between Latin words", () => {
    expect(tidyOcrText("一、 工作开展情况")).toBe("一、工作开展情况");
    expect(tidyOcrText("2023年以来共办理 6246 件。")).toBe("2023年以来共办理6246件。");
    expect(tidyOcrText("“ 件件有着落 ”")).toBe("“件件有着落”");
    expect(tidyOcrText("PP-OCR  engine 读取")).toBe("PP-OCR engine读取");
  });
});

describe("ocrPageText", () => {
  it("joins the lines of a paragraph, and starts a new one at an indented line or a heading", () => {
    const text = ocrPageText([
      at(0, "一、工作开展情况", 160, 400),
      at(1, "深入学习宣传贯彻习近平法治思想，将习近平法治思想纳入县信访局党", 160),
      at(2, "组理论学习中心组学习年度计划，全年集中学习共4次。"),
      at(3, "（二）坚持依法行政，推进法治信访", 160, 600),
      at(4, "始终坚持用法治思维和法治方式履行职责，坚持依法依规公平公正维护", 160),
      at(5, "群众合法权益，2023年以来共办理6246件。", 100, 700),
      at(6, "完善信访复查复核工作机制，依法终结信访事项，共办理34件。", 160, 1000),
    ]);
    expect(text.split("\n")).toEqual([
      "一、工作开展情况",
      "深入学习宣传贯彻习近平法治思想，将习近平法治思想纳入县信访局党组理论学习中心组学习年度计划，全年集中学习共4次。",
      "（二）坚持依法行政，推进法治信访",
      "始终坚持用法治思维和法治方式履行职责，坚持依法依规公平公正维护群众合法权益，2023年以来共办理6246件。",
      "完善信访复查复核工作机制，依法终结信访事项，共办理34件。",
    ]);
  });

  it("reads top to bottom and left to right whatever order the boxes come in, one row from boxes side by side", () => {
    const text = ocrPageText([
      at(2, "第三行写满了整行的宽度", 160, 1100),
      at(1, "第二行", 160, 300),
      at(0, "工作开展情况", 400, 700),
      at(0, "一、", 100, 160),
    ]);
    expect(text.split("\n")).toEqual(["一、工作开展情况", "第二行", "第三行写满了整行的宽度"]);
  });

  it("does not join a full line to a line far below it, and leaves out a page number printed at the foot", () => {
    const text = ocrPageText([
      at(0, "依法分类处理信访诉求，坚持法定途径优先原则，深入推进诉访分离工", 160),
      at(6, "（三）坚持多元化解", 160, 500),
      at(20, "- 2 -", 560, 640),
    ]);
    expect(text.split("\n")).toEqual(["依法分类处理信访诉求，坚持法定途径优先原则，深入推进诉访分离工", "（三）坚持多元化解"]);
  });

  it("is empty for a page without text", () => {
    expect(ocrPageText([])).toBe("");
    expect(ocrPageText([at(0, "  ")])).toBe("");
  });
});
