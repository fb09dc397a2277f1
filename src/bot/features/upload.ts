/**
 * Admins add reports by sending the file to the bot (saved, understood, indexed in the background)
 * and withdraw them with /remove (after a confirmation). Others never get here (admin-only.ts).
 */
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
import { escapeHtml } from "../html.ts";
import { reindexInBackground } from "../reindex.ts";

const CB = { pick: "rm", confirm: "rmy", cancel: "rmn" } as const;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function uploadFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { reports, library } = deps.app;

  composer.on("message:document", async (ctx) => {
    const doc = ctx.message.document;
    const { fetchFile, maxBytes } = deps.uploads;
    if (!fetchFile) return ctx.reply("当前模式不支持上传文件。请把文件放入 corpus/reports/ 后运行 npm run ingest。");
    if ((doc.file_size ?? 0) > maxBytes) {
      return ctx.reply(`文件太大（${mb(doc.file_size ?? 0)}），上限为 ${mb(maxBytes)}。`);
    }
    const file = await ctx.getFile();
    if (!file.file_path) return ctx.reply("无法下载该文件（Telegram 未提供下载路径），请稍后重试。");
    const added = await reports.add(doc.file_name ?? "", await fetchFile(file.file_path, maxBytes));
    await ctx.reply(
      [
        `<b>已收到并保存：</b>${escapeHtml(added.saved)}`,
        `信访局：${escapeHtml(added.bureau)}`,
        `年度：${added.year}年`,
        `标题：${escapeHtml(added.title)}`,
        `章节（${added.sections.length}）：${escapeHtml(added.sections.join("；") || "（无分级标题）")}`,
        `片段：${added.chunks} 个`,
        "正在更新索引，完成后会通知您；期间照常回答问题。",
      ].join("\n"),
      { parse_mode: "HTML" },
    );
    reindexInBackground(ctx.api, deps, ctx.chat.id, added.saved);
  });

  composer.command("remove", async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const r of library.reports()) keyboard.text(`${r.bureau} · ${r.year}年`, `${CB.pick}:${r.key}`).row();
    keyboard.text("取消", CB.cancel);
    await ctx.reply("要撤下哪份报告？", { reply_markup: keyboard });
  });

  composer.callbackQuery(new RegExp(`^(${CB.pick}|${CB.confirm}):([0-9a-f]{8})$`), async (ctx) => {
    const key = ctx.match[2]!;
    const report = library.report(key);
    if (!report) return ctx.answerCallbackQuery({ text: "该报告已不在文档库中。", show_alert: true });
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === CB.pick) {
      const keyboard = new InlineKeyboard().text("✅ 确认撤下", `${CB.confirm}:${key}`).text("取消", CB.cancel);
      return ctx.editMessageText(
        `确定撤下这份报告吗？\n${report.title}\n（${report.source}；文件会移到数据目录的 removed/ 下，可恢复）`,
        { reply_markup: keyboard },
      );
    }
    const withdrawn = await reports.withdraw(key);
    if (!withdrawn) return ctx.editMessageText("该报告已不在文档库中。");
    await ctx.editMessageText(`已撤下：${withdrawn.title}\n正在更新索引，完成后会通知您。`);
    reindexInBackground(ctx.api, deps, ctx.chat!.id, withdrawn.id);
  });

  composer.callbackQuery(CB.cancel, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText("已取消。");
  });
  return composer;
}
