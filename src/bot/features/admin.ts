/** Admin commands: /reindex (rebuild without stopping answers) and /stats (admins only, see admin-only.ts). */
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
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

  composer.command("stats", async (ctx) => {
    const s = deps.app.stats();
    await ctx.reply(
      [
        `文档：${s.documents} 份（片段 ${s.chunks} 个）`,
        `嵌入：${s.embeddings}`,
        `索引构建于：${s.builtAt}`,
        `已回答问题：${s.questionsAnswered} 个`,
        `运行时间：${uptime(s.uptimeMs)}`,
        ...(s.missingRegulations.length ? [`缺少条例文件：${s.missingRegulations.join("、")}`] : []),
        ...(s.reindexing ? ["正在重建索引…"] : []),
      ].join("\n"),
    );
  });

  composer.command("reindex", async (ctx) => {
    if (deps.app.reports.reindexing) return ctx.reply("索引正在重建中，完成后会通知您。");
    await ctx.reply("开始重建索引，期间照常回答问题。");
    reindexInBackground(ctx.api, deps, ctx.chat.id);
  });
  return composer;
}
