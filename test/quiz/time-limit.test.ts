import { describe, expect, it } from "vitest";
import { parseTimeLimit } from "../../src/quiz/time-limit.ts";

describe("parseTimeLimit", () => {
  it("reads seconds and minutes as trainers type them", () => {
    const cases: [string, number][] = [
      ["60s", 60],
      ["60秒", 60],
      ["45秒钟", 45],
      ["1分钟", 60],
      ["2min", 120],
      ["1分30秒", 90],
      ["九十秒", 90],
      ["两分钟", 120],
      ["１２０秒", 120],
    ];
    for (const [token, seconds] of cases) expect(parseTimeLimit(token), token).toBe(seconds);
  });

  it("leaves counts and topics alone", () => {
    for (const token of ["10", "条例", "惠安", "报告", "秒", "分钟"])
      expect(parseTimeLimit(token), token).toBeUndefined();
  });
});
