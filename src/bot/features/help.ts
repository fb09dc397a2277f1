/** /start and /help: what the bot does, with example questions. */
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
import { escapeHtml } from "../html.ts";

const EXAMPLES = [
  "惠安县2023年办理了多少件信访事项？",
  "信访事项多久要办结？",
  "阎良区信访局2022年召开了几次保密工作会议？",
  "哪些报告提到了新时代“枫桥经验”？",
];

/** The help text, listing what the corpus holds. */
export function helpHtml(deps: BotDeps): string {
  const { reports, regulations } = deps.app.library.describe();
  return [
    "<b>信访问答助手</b>",
    "我根据信访部门的法治政府建设年度报告和《信访工作条例》回答问题，每个回答都注明出处（报告的局、年度、章节，或条例的条文），方便核对。",
    "",
    "<b>直接提问</b>，例如：",
    ...EXAMPLES.map((q) => `• ${escapeHtml(q)}`),
    "",
    "<b>命令</b>",
    "/reports 按信访局和年度浏览报告",
    "/article 34 查看《信访工作条例》第三十四条；/article 信访条例 33 查看旧条例",
    "/quiz 测验（/quiz 10 出十题，/quiz 条例、/quiz 惠安 指定主题）；/score 查看成绩",
    "/new 开始新话题（追问会沿用上一个问题的局和年度）",
    "",
    `<b>现有文档</b>：${escapeHtml(reports)}的年度报告；${escapeHtml(regulations)}。`,
    "在群组中请 @我 或回复我的消息提问。",
  ].join("\n");
}

export function helpFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command(["start", "help"], (ctx) =>
    ctx.reply(helpHtml(deps), { parse_mode: "HTML", link_preview_options: { is_disabled: true } }),
  );
  return composer;
}
