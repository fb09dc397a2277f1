import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { answerHtml, escapeHtml, htmlToPlain, MESSAGE_LIMIT, splitMessage } from "../../src/bot/html.ts";

describe("escapeHtml / htmlToPlain", () => {
  it("escapes the characters Telegram's HTML parser requires, and back", () => {
    expect(escapeHtml("<学习宣传贯彻<信访工作条例>> & 其他")).toBe(
      "&lt;学习宣传贯彻&lt;信访工作条例&gt;&gt; &amp; 其他",
    );
    expect(htmlToPlain(`<b>${escapeHtml("a<b>&c")}</b>`)).toBe("a<b>&c");
  });
});

describe("answerHtml", () => {
  it("sets the asked figures in bold, and only whole figures", () => {
    const answer: Answer = {
      question: "q",
      answer: "化解信访积案52件（交办积案38件、社会突出信访问题14件）。[1]\n共化解152件。[1]",
      found: true,
      citations: [],
      highlights: ["52件"],
    };
    const html = answerHtml(answer);
    expect(html).toContain("化解信访积案<b>52件</b>");
    expect(html).toContain("共化解152件");
    expect(html).not.toContain("1<b>52件</b>");
  });

  it("escapes the answer and the sources and bolds the markers", () => {
    const answer: Answer = {
      question: "q",
      answer: "发放《学习宣传贯彻<信访工作条例>》等宣传折页10000余份。[1]",
      found: true,
      citations: [
        {
          n: 1,
          kind: "report",
          title: "t",
          bureau: "惠安县人民政府信访局",
          year: 2023,
          section: "一、<工作>",
          source: "s",
          quote: "q",
        },
      ],
    };
    const html = answerHtml(answer, "（按上文理解为：惠安）");
    expect(html).toContain("&lt;信访工作条例&gt;");
    expect(html).toContain("<b>[1]</b>");
    expect(html).toContain("[1] 惠安县人民政府信访局 · 2023年 · 一、&lt;工作&gt;");
    expect(html.startsWith("<i>（按上文理解为：惠安）</i>\n")).toBe(true);
  });
});

describe("splitMessage", () => {
  it("keeps short messages whole", () => {
    expect(splitMessage("短消息")).toEqual(["短消息"]);
  });

  it("splits long text under the limit at line or sentence ends, losing nothing", () => {
    const sentence = "信访事项应当自受理之日起60日内办结。";
    const html = `<b>标题</b>\n${sentence.repeat(400)}\n结尾一行。`;
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    for (const p of parts.slice(0, -1)) expect(p.endsWith("。") || p.endsWith("</b>")).toBe(true);
    expect(parts.join("").replace(/\n/g, "")).toBe(html.replace(/\n/g, ""));
  });

  it("cuts a single over-long sentence at the limit as a last resort", () => {
    const parts = splitMessage("字".repeat(9000));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 808]);
  });
});
