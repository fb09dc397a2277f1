/** The bot's commands with their Chinese descriptions (setMyCommands and /help use the same list). */
import type { Bot } from "grammy";
import type { Logger } from "pino";

/** Every command; `admin` ones are refused to everyone but ADMIN_USER_IDS. */
export const COMMANDS = [
  { command: "start", description: "开始使用" },
  { command: "help", description: "使用说明和示例问题" },
  { command: "reports", description: "按信访局和年度浏览报告" },
  { command: "article", description: "查询条例条文，如 /article 34" },
  { command: "new", description: "开始新话题（清除上文）" },
  { command: "quiz", description: "测验：/quiz 10、/quiz 条例、/quiz 惠安" },
  { command: "score", description: "测验排行榜和我的正确率" },
  { command: "stats", description: "运行统计（管理员）", admin: true },
  { command: "reindex", description: "重建索引（管理员）", admin: true },
  { command: "remove", description: "撤下一份报告（管理员）", admin: true },
  { command: "quizreset", description: "清空本群测验记录（管理员）", admin: true },
] as const;

/** The names of the admin-only commands. */
export const ADMIN_COMMANDS = COMMANDS.filter((c) => "admin" in c).map((c) => c.command);

/** Publishes the command menu; a failure is logged and ignored (the bot works without it). */
export async function registerCommands(bot: Bot, log: Logger): Promise<void> {
  try {
    await bot.api.setMyCommands(COMMANDS.map(({ command, description }) => ({ command, description })));
  } catch (error) {
    log.warn({ err: error }, "setMyCommands failed; continuing without the command menu");
  }
}
