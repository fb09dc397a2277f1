/**
 * Admins add reports by sending the file to the bot (saved, understood, indexed in the background)
 * and withdraw them with /remove (after a confirmation). Everyone else's files are refused.
 */
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { ReportMeta } from "../../corpus/types.ts";
import { previewReport, safeReportName, saveReport, withdrawReport } from "../../corpus/intake.ts";
import { UnreadableFileError } from "../../corpus/extract.ts";
import { docKey } from "../../search/outline.ts";
import type { BotDeps } from "../deps.ts";
import { isAdmin } from "../deps.ts";
import { escapeHtml } from "../html.ts";
import { reindexInBackground } from "../reindex.ts";

const CB = { pick: "rm", confirm: "rmy", cancel: "rmn" } as const;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function uploadFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const reports = (): ReportMeta[] => deps.qa.current.retriever.catalog.reports;

  composer.on("message:document", async (ctx, next) => {
    const doc = ctx.message.document;
    if (!isAdmin(deps, ctx.from.id)) {
      if (ctx.chat.type !== "private") return next();
      return ctx.reply(`只有管理员可以上传报告。您的用户ID是 ${ctx.from.id}；如需添加报告，请联系管理员。`);
    }
    const { fetchFile, maxUploadBytes, dir } = deps.reports;
    if (!fetchFile) return ctx.reply("当前模式不支持上传文件。请把文件放入 corpus/reports/ 后运行 npm run ingest。");
    if ((doc.file_size ?? 0) > maxUploadBytes) {
      return ctx.reply(`文件太大（${mb(doc.file_size ?? 0)}），上限为 ${mb(maxUploadBytes)}。`);
    }
    let name: string;
    try {
      name = safeReportName(doc.file_name ?? "");
    } catch (error) {
      return ctx.reply(`无法使用这个文件：${error instanceof Error ? error.message : String(error)}`);
    }
    const file = await ctx.getFile();
    if (!file.file_path) return ctx.reply("无法下载该文件（Telegram 未提供下载路径），请稍后重试。");
    const bytes = await fetchFile(file.file_path, maxUploadBytes);
    try {
      const preview = await previewReport(name, bytes);
      const saved = await saveReport(dir, name, bytes);
      const m = preview.meta;
      deps.log.info({ file: saved, bureau: m.bureau, year: m.year, chunks: preview.chunks }, "report uploaded");
      await ctx.reply(
        [
          `<b>已收到并保存：</b>${escapeHtml(saved)}`,
          `信访局：${escapeHtml(m.bureau)}`,
          `年度：${m.year}年`,
          `标题：${escapeHtml(m.title)}`,
          `章节（${preview.sections.length}）：${escapeHtml(preview.sections.join("；") || "（无分级标题）")}`,
          `片段：${preview.chunks} 个`,
          "正在更新索引，完成后会通知您；期间照常回答问题。",
        ].join("\n"),
        { parse_mode: "HTML" },
      );
      reindexInBackground(ctx, deps, ctx.chat.id, saved);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      await ctx.reply(`无法读取这个文件，未保存：${error.message}`);
    }
  });

  composer.command("remove", async (ctx) => {
    if (!isAdmin(deps, ctx.from?.id))
      return ctx.reply(`该命令仅限管理员使用。您的用户ID是 ${ctx.from?.id ?? "未知"}。`);
    const keyboard = new InlineKeyboard();
    for (const r of reports()) keyboard.text(`${r.bureau} · ${r.year}年`, `${CB.pick}:${docKey(r.id)}`).row();
    keyboard.text("取消", CB.cancel);
    await ctx.reply("要撤下哪份报告？", { reply_markup: keyboard });
  });

  composer.callbackQuery(new RegExp(`^(${CB.pick}|${CB.confirm}):([0-9a-f]{8})$`), async (ctx) => {
    if (!isAdmin(deps, ctx.from.id)) return ctx.answerCallbackQuery({ text: "仅限管理员。", show_alert: true });
    const report = reports().find((r) => docKey(r.id) === ctx.match[2]);
    if (!report) return ctx.answerCallbackQuery({ text: "该报告已不在文档库中。", show_alert: true });
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === CB.pick) {
      const keyboard = new InlineKeyboard()
        .text("✅ 确认撤下", `${CB.confirm}:${docKey(report.id)}`)
        .text("取消", CB.cancel);
      return ctx.editMessageText(
        `确定撤下这份报告吗？\n${report.title}\n（${report.source}；文件会移到数据目录的 removed/ 下，可恢复）`,
        { reply_markup: keyboard },
      );
    }
    const moved = await withdrawReport(deps.reports.dir, deps.reports.removedDir, report.id);
    deps.log.info({ file: report.source, movedTo: moved }, "report withdrawn");
    await ctx.editMessageText(`已撤下：${report.title}\n正在更新索引，完成后会通知您。`);
    reindexInBackground(ctx, deps, ctx.chat!.id, report.id);
  });

  composer.callbackQuery(CB.cancel, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText("已取消。");
  });
  return composer;
}
