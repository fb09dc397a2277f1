import { describe, expect, it } from "vitest";
import { parseChineseNumeral, parseNumber, toChineseNumeral } from "../../src/text/numerals.ts";

describe("parseChineseNumeral", () => {
  it.each([
    ["一", 1],
    ["十", 10],
    ["十七", 17],
    ["二十", 20],
    ["三十四", 34],
    ["五十", 50],
    ["一百零五", 105],
    ["一百二十", 120],
    ["二〇二一", 2021],
    ["二零二三", 2023],
  ])("reads %s as %d", (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it("rejects text that is not a numeral", () => {
    expect(parseChineseNumeral("")).toBeUndefined();
    expect(parseChineseNumeral("三条")).toBeUndefined();
    expect(parseChineseNumeral("abc")).toBeUndefined();
  });
});

describe("parseNumber", () => {
  it("reads Arabic, full-width and Chinese forms", () => {
    expect(parseNumber("34")).toBe(34);
    expect(parseNumber("３４")).toBe(34);
    expect(parseNumber("三十四")).toBe(34);
  });
});

describe("toChineseNumeral", () => {
  it("formats the way articles are numbered", () => {
    expect(toChineseNumeral(10)).toBe("十");
    expect(toChineseNumeral(17)).toBe("十七");
    expect(toChineseNumeral(34)).toBe("三十四");
    expect(toChineseNumeral(50)).toBe("五十");
    expect(toChineseNumeral(105)).toBe("一百零五");
  });

  it("round-trips 1..200", () => {
    for (let n = 1; n <= 200; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
  });
});
