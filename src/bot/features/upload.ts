/**
 * Admins add reports by sending the file (or, in a private chat, a photo of a page) to the bot:
 * saved, understood, indexed in the background. /remove withdraws one (after a confirmation).
 * Others never get here (admin-only.ts).
 */
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { AddedReport } from "../../app/report-admin.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml } from "../html.ts";
import { reindexInBackground } from "../reindex.ts";
import { whileTyping } from "../typing.ts";

/** Callback data prefixes of the /remove buttons (admin-only.ts refuses them to others). */
export const REMOVE_CALLBACK = { pick: "rm", confirm: "rmy", cancel: "rmn" } as const;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function uploadFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { reports, library } = deps.app;

  /** Downloads, reads and saves one file, "typing…" meanwhile and a notice when a scan is read by OCR. */
  const receive = async (ctx: Context, name: string, size: number | undefined) => {
    const { fetchFile, maxBytes } = deps.uploads;
    if (!fetchFile) return ctx.reply("当前模式不支持上传文件。请把文件放入 corpus/reports/ 后运行 npm run ingest。");
    if ((size ?? 0) > maxBytes) return ctx.reply(`文件太大（${mb(size ?? 0)}），上限为 ${mb(maxBytes)}。`);
    const file = await ctx.getFile();
    if (!file.file_path) return ctx.reply("无法下载该文件（Telegram 未提供下载路径），请稍后重试。");
    const filePath = file.file_path;
    let noticed = false;
    // Only a long read reports progress (a scan read page by page): say once why it takes a while.
    const onProgress = () => {
      if (noticed) return;
      noticed = true;
      void ctx.reply("这是扫描件或图片，正在进行文字识别（OCR），每页约需数秒，请稍候…").catch(() => undefined);
    };
    const added = await whileTyping(ctx, { log: deps.log }, async () =>
      reports.add(name, await fetchFile(filePath, maxBytes), { onProgress }),
    );
    await confirm(ctx, added);
  };

  const confirm = async (ctx: Context, added: AddedReport) => {
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
    reindexInBackground(ctx.api, deps, ctx.chat!.id, added.saved);
  };

  composer.on("message:document", (ctx) =>
    receive(ctx, ctx.message.document.file_name ?? "", ctx.message.document.file_size),
  );
  // A photo (Telegram's compressed JPEG, no file name) is a one-page report; only in private chats,
  // where an admin talks to the bot, not in groups where photos are conversation.
  composer.on("message:photo", async (ctx, next) => {
    if (ctx.chat.type !== "private") return next();
    const photo = ctx.message.photo.at(-1)!; // the largest size
    await receive(ctx, `照片-${photo.file_unique_id}.jpg`, photo.file_size);
  });

  composer.command("remove", async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const r of library.reports())
      keyboard.text(`${r.bureau} · ${r.year}年`, `${REMOVE_CALLBACK.pick}:${r.key}`).row();
    keyboard.text("取消", REMOVE_CALLBACK.cancel);
    await ctx.reply("要撤下哪份报告？", { reply_markup: keyboard });
  });

  composer.callbackQuery(
    new RegExp(`^(${REMOVE_CALLBACK.pick}|${REMOVE_CALLBACK.confirm}):([0-9a-f]{8})$`),
    async (ctx) => {
      const key = ctx.match[2]!;
      const report = library.report(key);
      if (!report) return ctx.answerCallbackQuery({ text: "该报告已不在文档库中。", show_alert: true });
      await ctx.answerCallbackQuery();
      if (ctx.match[1] === REMOVE_CALLBACK.pick) {
        const keyboard = new InlineKeyboard()
          .text("✅ 确认撤下", `${REMOVE_CALLBACK.confirm}:${key}`)
          .text("取消", REMOVE_CALLBACK.cancel);
        return ctx.editMessageText(
          `确定撤下这份报告吗？\n${report.title}\n（${report.source}；文件会移到数据目录的 removed/ 下，可恢复）`,
          { reply_markup: keyboard },
        );
      }
      const withdrawn = await reports.withdraw(key);
      if (!withdrawn) return ctx.editMessageText("该报告已不在文档库中。");
      await ctx.editMessageText(`已撤下：${withdrawn.title}\n正在更新索引，完成后会通知您。`);
      reindexInBackground(ctx.api, deps, ctx.chat!.id, withdrawn.id);
    },
  );

  composer.callbackQuery(REMOVE_CALLBACK.cancel, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText("已取消。");
  });
  return composer;
}
