/** Console mode renders answers readably: quoted passages as indented lines, the citation to copy printed. */
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/create-bot.ts";
import { CONSOLE_BOT, runConsole } from "../../src/bot/transports/console.ts";
import { buildTestApp, testBotDeps } from "../helpers.ts";

let cleanup: () => Promise<void>;
let app: Awaited<ReturnType<typeof buildTestApp>>["app"];

beforeAll(async () => {
  const built = await buildTestApp();
  app = built.app;
  cleanup = built.cleanup;
});
afterAll(() => cleanup());

/** What console mode prints for these input lines. */
async function consoleOutput(lines: string[]): Promise<string> {
  const bot = createBot(testBotDeps(app), { token: "console", botInfo: CONSOLE_BOT });
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d: Buffer) => (printed += d.toString()));
  await runConsole(bot, { input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false });
  return printed;
}

describe("console mode", () => {
  it("prints each source's passage as indented lines and the citation to copy, not as a choice", async () => {
    const out = await consoleOutput(["阎良区信访局2022年召开了几次保密工作会议？"]);
    expect(out).toMatch(/\[1\] 阎良区信访局 · 2022年 · [^\n]+\n {2}│ [^\n]*保密工作会议2次/);
    expect(out).toContain("引用：阎良区信访局《2022年法治政府建设情况报告》二、贯彻“八五”普法规划，加强宣传培训\n");
    expect(out).toContain("  1) 👍 有用\n  2) 👎 不准确\n");
    expect(out).not.toContain("复制引用");
    expect(out).not.toMatch(/<\/?blockquote/);
  });

  it("letters the choices under a list answer: a typed number asks its item, a letter presses a button", async () => {
    const out = await consoleOutput(["/new", "西安市信访局2021年有哪些不足", "2", "b"]);
    expect(out).toContain("  a) 👍 有用\n  b) 👎 不准确\n（输入字母选择；输入数字查看上面列出的第几项）");
    const item = out.slice(out.indexOf("（按上文理解为：上一个回答的第2项）"));
    expect(item).toMatch(/^（按上文理解为：上一个回答的第2项）\n第2项出自西安市信访局[^\n]*\n二是信访调解/);
    // The item's own answer keeps the letters (the list is still the chat's); b is its 👎.
    expect(item).toContain("  b) 👎 不准确\n（输入字母选择");
    expect(item).toContain("（感谢反馈，我们会核查这个回答。）");
  });

  it("a number still presses a button under an answer that lists nothing", async () => {
    const out = await consoleOutput(["/new", "阎良区信访局2022年召开了几次保密工作会议？", "2"]);
    expect(out).toContain("  1) 👍 有用\n  2) 👎 不准确\n（输入序号选择）");
    expect(out).toContain("（感谢反馈，我们会核查这个回答。）");
    // After a list, a question that is no item of it (the list forgotten: 第二条 is the article).
    const article = await consoleOutput(["/new", "西安市信访局2021年有哪些不足", "/new", "第二条是什么", "2"]);
    const after = article.slice(article.lastIndexOf("第二条"));
    expect(after).toContain("  2) 👎 不准确\n（输入序号选择）");
    expect(after).toContain("（感谢反馈，我们会核查这个回答。）");
  });

  it("an article or a report opened by command is what the next message follows up", async () => {
    const article = await consoleOutput(["/new", "/article 34", "旧条例呢"]);
    expect(article).toContain("（按上文理解为：《信访条例》中与《信访工作条例》第三十四条相应的条文）");
    expect(article).toContain("[2] 《信访条例》第三十三条");
    // /reports, the second report (平城 2022), then a question with a pronoun: of that report.
    const report = await consoleOutput(["/new", "/reports", "2", "他们下一步有啥打算"]);
    expect(report).toContain("（按上文理解为：大同市平城区信访局 · 2022年）");
    expect(report.slice(report.lastIndexOf("按上文理解为"))).toContain(
      "大同市平城区信访局 · 2022年 · 三、下一步工作打算",
    );
  });

  it("prints a notice without choices", async () => {
    const out = await consoleOutput(["谢谢"]);
    expect(out).toContain("不客气");
    expect(out).not.toContain("输入序号");
  });
});
