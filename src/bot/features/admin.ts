/** Admin commands: /reindex (rebuild without stopping answers) and /stats. */
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
import { isAdmin } from "../deps.ts";
import { reindexInBackground } from "../reindex.ts";

function uptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d ? `${d}天` : ""}${h ? `${h}小时` : ""}${m}分${s % 60}秒`;
}

export function adminFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const adminOnly = (ctx: Context) => ctx.reply(`该命令仅限管理员使用。您的用户ID是 ${ctx.from?.id ?? "未知"}。`);

  composer.command("stats", async (ctx) => {
    if (!isAdmin(deps, ctx.from?.id)) return adminOnly(ctx);
    const { manifest } = deps.qa.current.index;
    await ctx.reply(
      [
        `文档：${manifest.documents} 份（片段 ${manifest.chunks} 个）`,
        `嵌入：${manifest.embeddings.provider}/${manifest.embeddings.model}`,
        `索引构建于：${manifest.builtAt}`,
        `已回答问题：${deps.qa.questionsAnswered} 个`,
        `运行时间：${uptime(deps.now() - deps.qa.startedAt)}`,
        ...(manifest.missingRegulations.length ? [`缺少条例文件：${manifest.missingRegulations.join("、")}`] : []),
        ...(deps.qa.reindexing ? ["正在重建索引…"] : []),
      ].join("\n"),
    );
  });

  composer.command("reindex", async (ctx) => {
    if (!isAdmin(deps, ctx.from?.id)) return adminOnly(ctx);
    if (deps.qa.reindexing) return ctx.reply("索引正在重建中，完成后会通知您。");
    await ctx.reply("开始重建索引，期间照常回答问题。");
    reindexInBackground(ctx, deps, ctx.chat.id);
  });
  return composer;
}
