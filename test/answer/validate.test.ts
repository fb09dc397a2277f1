import { describe, expect, it } from "vitest";
import { extractNumbers, supports } from "../../src/answer/numbers.ts";
import { normalizeMarkers, REFUSAL, validateDraft } from "../../src/answer/validate.ts";

const P1 = "依法分类处理信访诉求，2023年以来共办理1270件。律师参与县主要领导接访共计12次。";
const P2 = "第三十四条 信访事项应当自受理之日起60日内办结；延长期限不得超过30日。";
const P3 = "化解率达到90.14%，召开听证评议会 12 次，邀请法律专家、律师 30 余人。";

describe("extractNumbers / supports", () => {
  it("finds Arabic figures, percentages and counting Chinese numerals, not enumerations", () => {
    const raws = extractNumbers("共办理1,270件，化解率90.14%，第三十四条规定六十日内办结，一是加强学习[2]。").map(
      (t) => t.raw,
    );
    expect(raws).toEqual(["1270", "90.14%", "第三十四", "六十"]);
  });

  it("accepts the same value in either script and rejects a near miss", () => {
    const [sixty] = extractNumbers("六十日");
    expect(supports(P2, sixty!)).toBe(true);
    const [n1270] = extractNumbers("1,270件");
    expect(supports(P1, n1270!)).toBe(true);
    expect(supports(P1, extractNumbers("127件")[0]!)).toBe(false);
    expect(supports(P3, extractNumbers("90.1%")[0]!)).toBe(false);
    expect(supports(P3, extractNumbers("30余人")[0]!)).toBe(true);
    expect(supports(P3, extractNumbers("12次")[0]!)).toBe(true);
    expect(supports(P1, extractNumbers("十二次")[0]!)).toBe(true);
  });
});

describe("validateDraft", () => {
  it("accepts a faithful answer and renumbers the cited passages in rank order", () => {
    const v = validateDraft("律师参与接访共计12次[3]。期限为60日[2]。", [P3, P2, P1]);
    expect(v).toEqual({ ok: true, text: "律师参与接访共计12次[2]。期限为60日[1]。", cited: [2, 3], dropped: [] });
  });

  it("rejects a number that is not in the passage its sentence cites", () => {
    const v = validateDraft("2023年以来共办理1280件[1]。", [P1]);
    expect(v).toMatchObject({ ok: false, reason: expect.stringContaining("1280") });
    // In a passage, but not the cited one.
    expect(validateDraft("化解率达到90.14%[1]。", [P1, P3]).ok).toBe(false);
  });

  it("drops markers outside the passages given", () => {
    const v = validateDraft("共计12次[1][9]。", [P1]);
    expect(v).toMatchObject({ ok: true, text: "共计12次[1]。", dropped: [9] });
    expect(validateDraft("共计12次[7]。", [P1]).ok).toBe(false);
  });

  it("checks an uncited sentence against its paragraph's citations", () => {
    expect(validateDraft("惠安县共办理1270件。这是2023年的数字[1]。", [P1]).ok).toBe(true);
    expect(validateDraft("惠安县共办理9999件。这是2023年的数字[1]。", [P1]).ok).toBe(false);
  });

  it("treats the refusal sentence and empty output as no answer", () => {
    expect(validateDraft(REFUSAL, [P1]).ok).toBe(false);
    expect(validateDraft("  ", [P1]).ok).toBe(false);
  });

  it("normalises marker styles", () => {
    expect(normalizeMarkers("见【1】和[2,3]以及[1、2]")).toBe("见[1]和[2][3]以及[1][2]");
  });
});
