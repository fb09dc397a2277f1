/** Rebuilding the index in the background and telling the chat when the new one is in use. */
import type { Api } from "grammy";
import type { BotDeps } from "./deps.ts";

/**
 * Starts a rebuild (or schedules one after the running one) without blocking the handler. When it
 * is done the chat gets the new counts, the time taken, and any bureau/year clash involving `file`.
 */
export function reindexInBackground(api: Api, deps: BotDeps, chatId: number, file?: string): void {
  void deps.app.reports
    .reindex(file)
    .then(async ({ documents, chunks, seconds, clashes }) => {
      const notes = clashes
        .map((c) => `\n注意：${c.bureau} ${c.year}年 现有${c.paths.length}份报告（均保留）：${c.paths.join("、")}`)
        .join("");
      await api.sendMessage(
        chatId,
        `索引已更新：${documents} 份文档，${chunks} 个片段，用时 ${seconds.toFixed(1)} 秒。${notes}`,
      );
    })
    .catch(async (error: unknown) => {
      deps.log.error({ err: error }, "reindex failed");
      await api.sendMessage(chatId, "重建索引失败，仍在使用原索引。详情见日志。").catch(() => undefined);
    });
}
