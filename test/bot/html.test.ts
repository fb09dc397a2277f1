import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import {
  answerHtml,
  escapeHtml,
  htmlToPlain,
  MESSAGE_LIMIT,
  QUOTE_LIMIT,
  splitMessage,
  trimQuote,
} from "../../src/bot/html.ts";
import { parseTelegramHtml } from "../support/fake-telegram.ts";

describe("escapeHtml / htmlToPlain", () => {
  it("escapes the characters Telegram's HTML parser requires, and back", () => {
    expect(escapeHtml("<学习宣传贯彻<信访工作条例>> & 其他")).toBe(
      "&lt;学习宣传贯彻&lt;信访工作条例&gt;&gt; &amp; 其他",
    );
    expect(htmlToPlain(`<b>${escapeHtml("a<b>&c")}</b>`)).toBe("a<b>&c");
  });

  it("prints a quoted passage as indented lines", () => {
    expect(htmlToPlain("[1] 来源\n<blockquote expandable>第一句。\n第<b>二</b>句。</blockquote>\n[2] 下一个")).toBe(
      "[1] 来源\n  │ 第一句。\n  │ 第二句。\n[2] 下一个",
    );
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

  const report = {
    kind: "report" as const,
    title: "t",
    bureau: "惠安县人民政府信访局",
    year: 2023,
    section: "一、工作开展情况",
    source: "s",
  };

  it("quotes each source's passage, escaped, in an expandable quote under its label, the asked figure in bold", () => {
    const answer: Answer = {
      question: "q",
      answer: "律师参与接访共计12次。[1]",
      found: true,
      highlights: ["12次"],
      citations: [
        { n: 1, ...report, quote: "今年以来律师参与县主要领导接访共计12次，<提高>公信力。" },
        { n: 2, ...report, section: "二、思路", quote: "加强&改进。" },
      ],
    };
    expect(answerHtml(answer)).toBe(
      "律师参与接访共计<b>12次</b>。<b>[1]</b>\n\n<b>来源</b>\n" +
        "[1] 惠安县人民政府信访局 · 2023年 · 一、工作开展情况\n" +
        "<blockquote expandable>今年以来律师参与县主要领导接访共计<b>12次</b>，&lt;提高&gt;公信力。</blockquote>\n" +
        "[2] 惠安县人民政府信访局 · 2023年 · 二、思路\n<blockquote expandable>加强&amp;改进。</blockquote>",
    );
  });

  it("does not quote a passage that only repeats the headings in its label (an outline's items)", () => {
    const answer: Answer = {
      question: "q",
      answer: "一、工作开展情况[1]\n（一）坚持理论武装[1]\n组织学习9次。[2]",
      found: true,
      citations: [
        {
          n: 1,
          ...report,
          section: "一、工作开展情况 > （一）坚持理论武装",
          quote: "一、工作开展情况……（一）坚持理论武装",
        },
        { n: 2, ...report, quote: "组织学习9次。" },
      ],
    };
    expect(answerHtml(answer)).toContain(
      "[1] 惠安县人民政府信访局 · 2023年 · 一、工作开展情况 &gt; （一）坚持理论武装\n" +
        "[2] 惠安县人民政府信访局 · 2023年 · 一、工作开展情况\n<blockquote expandable>组织学习9次。</blockquote>",
    );
  });

  it("trims a long passage at a sentence end with “…”, never the answer", () => {
    const sentence = "信访事项应当自受理之日起60日内办结。";
    const answer: Answer = {
      question: "q",
      answer: `${sentence.repeat(100)}[1]`,
      found: true,
      citations: [{ n: 1, ...report, quote: sentence.repeat(100) }],
    };
    const html = answerHtml(answer);
    expect(html).toContain(`${sentence.repeat(100)}<b>[1]</b>`);
    const quote = /<blockquote expandable>(.*)<\/blockquote>/.exec(html)![1]!;
    expect(quote).toBe(`${sentence.repeat(Math.floor((QUOTE_LIMIT - 1) / sentence.length))}…`);
    expect(trimQuote("短。")).toBe("短。");
    // One sentence longer than the limit is cut inside, never inside a surrogate pair.
    expect([...trimQuote("😀".repeat(QUOTE_LIMIT + 5))]).toHaveLength(QUOTE_LIMIT);
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

  it("cuts a single over-long sentence at the limit as a last resort, never inside an emoji", () => {
    const parts = splitMessage("字".repeat(9000));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 808]);
    const emoji = splitMessage(`字${"😀".repeat(3000)}`);
    expect(emoji.map((p) => p.length)).toEqual([4095, 1906]);
  });

  it("closes a quote at a cut and reopens it in the next message; every message is valid HTML", () => {
    const line = "信访事项应当自受理之日起60日内办结&amp;<b>答复</b>。\n";
    const html = `<b>答案</b>\n<blockquote expandable>${line.repeat(150)}</blockquote>\n尾声。`;
    const parts = splitMessage(html, 1000);
    expect(parts.length).toBeGreaterThan(4);
    for (const [i, p] of parts.entries()) {
      expect(p.length).toBeLessThanOrEqual(1000);
      expect(parseTelegramHtml(p)).not.toHaveProperty("error");
      if (i > 0 && i < parts.length - 1) {
        expect(p.startsWith("<blockquote expandable>")).toBe(true);
        expect(p.endsWith("</blockquote>")).toBe(true);
      }
    }
    const plain = (h: string) => (parseTelegramHtml(h) as { plain: string }).plain;
    expect(parts.map(plain).join("\n")).toBe(plain(html));
  });

  it("never cuts a tag or an entity, even inside a sentence longer than a message", () => {
    const html = `<blockquote>${"&amp;<i>斜</i>&lt;".repeat(500)}</blockquote>`;
    const parts = splitMessage(html, 100);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(100);
      expect(parseTelegramHtml(p)).not.toHaveProperty("error");
    }
    const plain = (h: string) => (parseTelegramHtml(h) as { plain: string }).plain;
    expect(parts.map(plain).join("")).toBe(plain(html));
  });
});
