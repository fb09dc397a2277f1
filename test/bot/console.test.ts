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

  it("prints a notice without choices", async () => {
    const out = await consoleOutput(["谢谢"]);
    expect(out).toContain("不客气");
    expect(out).not.toContain("输入序号");
  });
});
