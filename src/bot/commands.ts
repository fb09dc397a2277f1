/**
 * The bot's commands with their Chinese descriptions: one list for the command menus (per scope),
 * /help, the admin check and suggestions for mistyped commands.
 */
import type { Bot } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { Logger } from "pino";

/** One command. */
export interface CommandSpec {
  /** The name without the slash (Telegram: 1-32 of a-z, 0-9, _). */
  command: string;
  /** The menu's description (Telegram: 1-256 characters). */
  description: string;
  /** A longer line for /help, when the description is not enough. */
  help?: string;
  /** Refused to everyone but ADMIN_USER_IDS, and shown only to them. */
  admin?: boolean;
}

/** Every command, in menu order. */
export const COMMANDS: readonly CommandSpec[] = [
  { command: "start", description: "开始使用" },
  { command: "help", description: "使用说明和示例问题" },
  {
    command: "reports",
    description: "按信访局和年度浏览报告",
    help: "/reports 按信访局和年度浏览报告；/reports 惠安 或 /reports 2023 按名称或年度查找",
  },
  {
    command: "article",
    description: "查询条例条文，如 /article 34",
    help: "/article 34 查看《信访工作条例》第三十四条；/article 信访条例 33 查看旧条例",
  },
  { command: "new", description: "开始新话题（清除上文）", help: "开始新话题（追问会沿用上一个问题的局和年度）" },
  {
    command: "quiz",
    description: "测验：/quiz 10、/quiz 条例、/quiz 10 60s",
    help: "测验（/quiz 10 出十题；/quiz 条例、/quiz 惠安 指定主题；/quiz 10 60s 每题限时60秒，逐题发出，结束后公布成绩）",
  },
  { command: "score", description: "测验排行榜和我的正确率" },
  { command: "stats", description: "运行统计（管理员）", admin: true },
  { command: "reindex", description: "重建索引（管理员）", admin: true },
  { command: "remove", description: "撤下一份报告（管理员）", admin: true },
  { command: "quizreset", description: "清空本群测验记录（管理员）", admin: true },
  {
    command: "feedback",
    description: "查看👎反馈和未能回答的问题（管理员）",
    help: "查看最近的👎反馈和未能回答的问题；/feedback export 导出全部记录",
    admin: true,
  },
];

/** The names of the admin-only commands. */
export const ADMIN_COMMANDS = COMMANDS.filter((c) => c.admin).map((c) => c.command);

/** The commands a user may use: everyone's, and for admins the admin ones too. */
export function commandsFor(admin: boolean): CommandSpec[] {
  return COMMANDS.filter((c) => admin || !c.admin);
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known command a mistyped one most likely meant, or undefined when none is close: within one
 * edit of a name of up to four letters, two of a longer one, or a prefix of at least two letters
 * either way (/rep → /reports, /articles → /article). The nearest wins; ties go to the menu order.
 */
export function nearestCommand(typed: string, known: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  if (t === "") return undefined;
  let best: { command: string; distance: number } | undefined;
  for (const command of known) {
    const distance = editDistance(t, command);
    const close = distance <= (command.length <= 4 ? 1 : 2);
    const prefix = Math.min(t.length, command.length) >= 2 && (command.startsWith(t) || t.startsWith(command));
    if ((close || prefix) && (!best || distance < best.distance)) best = { command, distance };
  }
  return best?.command;
}

/** The reply to a message starting with "/" that no feature handled: a suggestion when one is close. */
export function unknownCommandText(text: string, admin: boolean): string {
  const typed = /^\/([^\s@]*)/.exec(text)?.[1] ?? "";
  const available = commandsFor(admin);
  const nearest = nearestCommand(
    typed,
    available.map((c) => c.command),
  );
  const spec = available.find((c) => c.command === nearest);
  if (!spec) return "没有这个命令。发送 /help 查看可用命令和示例问题。";
  return `没有 /${typed.slice(0, 32)} 这个命令。您是否想用 /${spec.command}？（${spec.description}）\n发送 /help 查看全部命令。`;
}

/** The menu entries of a list of commands. */
function menu(commands: readonly CommandSpec[]): BotCommand[] {
  return commands.map(({ command, description }) => ({ command, description }));
}

/**
 * Publishes the command menus: everyone's commands in the default scope, and all commands in each
 * admin's private chat (Telegram shows the most specific scope, it does not merge them). A failure
 * is logged and ignored: the bot works without a menu.
 */
export async function registerCommands(bot: Bot, log: Logger, adminUserIds: readonly number[] = []): Promise<void> {
  const publish = async (commands: readonly CommandSpec[], scope: BotCommandScope) => {
    try {
      await bot.api.setMyCommands(menu(commands), { scope });
    } catch (error) {
      // An admin who never opened a chat with the bot has no chat to scope a menu to ("chat not found").
      log.warn({ err: error, scope }, "setMyCommands failed; continuing without this command menu");
    }
  };
  await publish(commandsFor(false), { type: "default" });
  for (const chatId of adminUserIds) await publish(commandsFor(true), { type: "chat", chat_id: chatId });
}
