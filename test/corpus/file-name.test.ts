import { describe, expect, it } from "vitest";
import { fitFileName, truncateUtf8, utf8Bytes } from "../../src/corpus/file-name.ts";

describe("truncateUtf8", () => {
  it("counts bytes, not characters: a Chinese character takes 3", () => {
    expect(utf8Bytes("信访局")).toBe(9);
    expect(truncateUtf8("信访局", 9)).toBe("信访局");
    expect(truncateUtf8("信访局", 8)).toBe("信访");
    expect(truncateUtf8("信访局", 2)).toBe("");
  });

  it("never cuts inside a character or an emoji", () => {
    expect(truncateUtf8("ab信访", 4)).toBe("ab");
    expect(truncateUtf8("a👍🏽b", 5)).toBe("a"); // thumbs up + skin tone: 8 bytes, kept whole or not at all
    expect(truncateUtf8("a👍🏽b", 9)).toBe("a👍🏽");
  });
});

describe("fitFileName", () => {
  it("leaves a name that fits unchanged", () => {
    expect(fitFileName("阎良区信访局-2022.txt", 255)).toBe("阎良区信访局-2022.txt");
  });

  it("cuts the stem of a long name by bytes, keeping its start and its extension", () => {
    const name = `惠安县人民政府信访局-2023-${"年度报告".repeat(100)}.docx`;
    const fitted = fitFileName(name, 100);
    expect(utf8Bytes(fitted)).toBeLessThanOrEqual(100);
    expect(utf8Bytes(fitted)).toBeGreaterThan(97);
    expect(fitted).toMatch(/^惠安县人民政府信访局-2023-年度报告.*\.docx$/);
    expect(name.startsWith(fitted.slice(0, -".docx".length))).toBe(true);
  });

  it("drops spaces the cut leaves before the extension", () => {
    expect(fitFileName("报告 书.txt", 11)).toBe("报告.txt");
  });
});
