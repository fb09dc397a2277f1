/** /start and /help: what the bot does, with example questions. */
import { Composer, type Context } from "grammy";
import { commandsFor, type CommandSpec } from "../commands.ts";
import { isAdmin, type BotDeps } from "../deps.ts";
import { escapeHtml } from "../html.ts";

const EXAMPLES = [
  "惠安县2023年办理了多少件信访事项？",
  "信访事项多久要办结？",
  "阎良区信访局2022年召开了几次保密工作会议？",
  "哪些报告提到了新时代“枫桥经验”？",
];

/** One line of /help for a command. */
function commandLine(c: CommandSpec): string {
  const text = c.help ?? c.description;
  // A help line that starts with its own usage ("/article 34 …") needs no name before it.
  return text.startsWith(`/${c.command}`) ? escapeHtml(text) : `/${c.command} ${escapeHtml(text)}`;
}

/** Who reads the help: admins also see theirs; `inlineBot` is the username when inline mode is on. */
interface HelpViewer {
  admin: boolean;
  inlineBot?: string;
}

/** The help text: every command the user may use (admins: theirs too), and what the corpus holds. */
function helpHtml(deps: BotDeps, viewer: HelpViewer = { admin: false }): string {
  const { reports, regulations } = deps.app.library.describe();
  const commands = commandsFor(false).map(commandLine);
  const adminCommands = viewer.admin
    ? [
        "",
        "<b>管理员命令</b>",
        ...commandsFor(true)
          .filter((c) => c.admin)
          .map(commandLine),
      ]
    : [];
  const inline = viewer.inlineBot
    ? [`在任意聊天中输入 @${escapeHtml(viewer.inlineBot)} 加问题或条文号（如“第34条”），可直接插入带出处的回答。`]
    : [];
  return [
    "<b>信访问答助手</b>",
    "我根据信访部门的法治政府建设年度报告和《信访工作条例》回答问题，每个回答都注明出处（报告的局、年度、章节，或条例的条文），方便核对。",
    "",
    "<b>直接提问</b>，例如：",
    ...EXAMPLES.map((q) => `• ${escapeHtml(q)}`),
    "",
    "<b>命令</b>",
    ...commands,
    ...adminCommands,
    "",
    `<b>现有文档</b>：${escapeHtml(reports)}；${escapeHtml(regulations)}。`,
    "在群组中请 @我 或回复我的消息提问。",
    ...inline,
  ].join("\n");
}

export function helpFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command(["start", "help"], (ctx) => {
    const viewer = {
      admin: isAdmin(deps, ctx.from?.id),
      // Only when BotFather's /setinline is on: otherwise "@bot …" would do nothing.
      ...(ctx.me.supports_inline_queries ? { inlineBot: ctx.me.username } : {}),
    };
    return ctx.reply(helpHtml(deps, viewer), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });
  return composer;
}
