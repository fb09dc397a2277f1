import { describe, expect, it } from "vitest";
import { enumerations } from "../../src/answer/sections.ts";

describe("enumerations", () => {
  it("gives a bare item heading what it means, and a long item its first sentence only", () => {
    const text =
      "存在的不足：一是宣传效果还不明显。宣传手段单一，以案释法的效果还不够理想。" +
      "二是部分干部对依法行政的认识不够深入，运用法治思维和法治方式解决矛盾问题的能力需要提高。这一点要重视。" +
      "三是调解不够。" +
      "这一句很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。";
    const [group] = enumerations(text);
    expect(group!.items).toEqual([
      "一是宣传效果还不明显。宣传手段单一，以案释法的效果还不够理想。",
      "二是部分干部对依法行政的认识不够深入，运用法治思维和法治方式解决矛盾问题的能力需要提高。",
      "三是调解不够。",
    ]);
  });
});
