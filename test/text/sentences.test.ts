import { describe, expect, it } from "vitest";
import { endsSentence, splitSentences } from "../../src/text/sentences.ts";

describe("splitSentences", () => {
  it("keeps terminators and closing quotes with their sentence and loses nothing", () => {
    const text = "他说：“来访必登。”然后离开。共12次；化解率100%";
    const parts = splitSentences(text);
    expect(parts).toEqual(["他说：“来访必登。”", "然后离开。", "共12次；", "化解率100%"]);
    expect(parts.join("")).toBe(text);
  });

  it("can keep semicolon clauses together (legal provisions)", () => {
    expect(splitSentences("应当60日内办结；情况复杂的，可以延长。", { semicolons: false })).toEqual([
      "应当60日内办结；情况复杂的，可以延长。",
    ]);
  });
});

describe("endsSentence", () => {
  it("tells complete lines from lines cut by a page break", () => {
    expect(endsSentence("开展宣传活动48次。")).toBe(true);
    expect(endsSentence("坚持“来访必登、有访必接”。")).toBe(true);
    expect(endsSentence("在组织信访干部参加市司法局")).toBe(false);
  });
});
