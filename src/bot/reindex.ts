/** Rebuilding the index in the background and telling the chat when the new one is in use. */
import type { Context } from "grammy";
import type { BotDeps } from "./deps.ts";

/**
 * Starts a rebuild (or joins the running one) without blocking the handler. When it is done the
 * chat gets the new counts, the time taken, and any bureau/year clash involving `file`.
 */
export function reindexInBackground(ctx: Context, deps: BotDeps, chatId: number, file?: string): void {
  const started = deps.now();
  void deps.qa
    .reindex()
    .then(async ({ index }) => {
      const { documents, chunks, clashes } = index.manifest;
      const notes = clashes
        .filter((c) => file === undefined || c.paths.some((p) => p.endsWith(`/${file}`)))
        .map((c) => `\n注意：${c.bureau} ${c.year}年 现有${c.paths.length}份报告（均保留）：${c.paths.join("、")}`)
        .join("");
      const seconds = ((deps.now() - started) / 1000).toFixed(1);
      await ctx.api.sendMessage(
        chatId,
        `索引已更新：${documents} 份文档，${chunks} 个片段，用时 ${seconds} 秒。${notes}`,
      );
    })
    .catch(async (error: unknown) => {
      deps.log.error({ err: error }, "reindex failed");
      await ctx.api.sendMessage(chatId, "重建索引失败，仍在使用原索引。详情见日志。").catch(() => undefined);
    });
}
