/** /reports: bureaus and years as buttons -> a report's outline -> a section's text, paginated. */
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { ReportMeta } from "../../corpus/types.ts";
import { docKey, documentSections } from "../../search/outline.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml, splitMessage } from "../html.ts";
import { CALLBACK } from "../reply.ts";

/** Characters of section text per page (well under the 4096 limit, leaving room for the header). */
const PAGE = 3000;

function reports(deps: BotDeps): ReportMeta[] {
  return [...deps.qa.current.retriever.catalog.reports].sort(
    (a, b) => a.bureau.localeCompare(b.bureau, "zh") || a.year - b.year,
  );
}

function listView(deps: BotDeps): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  for (const r of reports(deps)) keyboard.text(`${r.bureau} · ${r.year}年`, `${CALLBACK.report}:${docKey(r.id)}`).row();
  return { text: "<b>请选择报告</b>", keyboard };
}

function outlineView(deps: BotDeps, report: ReportMeta): { text: string; keyboard: InlineKeyboard } {
  const sections = documentSections(deps.qa.current.index.chunks, report.id);
  const keyboard = new InlineKeyboard();
  const shown = new Set<string>();
  const row = (label: string, depth: number, i: number) =>
    keyboard
      .text(
        `${"　".repeat(depth)}${label.length > 28 ? `${label.slice(0, 27)}…` : label}`,
        `${CALLBACK.section}:${docKey(report.id)}:${i}:0`,
      )
      .row();
  sections.forEach((s, i) => {
    // A heading with no text of its own ("一、工作开展情况") gets a row leading to its first part.
    s.path.forEach((heading, depth) => {
      const key = s.path.slice(0, depth + 1).join("\u0000");
      if (!shown.has(key)) row(heading, depth, i);
      shown.add(key);
    });
    if (s.path.length === 0) row("报告开头", 0, i);
  });
  keyboard.text("↩ 全部报告", CALLBACK.reportList);
  const dates = [
    report.publishedDate ? `发布：${report.publishedDate}` : "",
    report.signedDate ? `落款：${report.signedDate}` : "",
  ]
    .filter(Boolean)
    .join("　");
  const text = `<b>${escapeHtml(report.title)}</b>\n${escapeHtml(report.bureau)} · ${report.year}年${dates ? `\n${escapeHtml(dates)}` : ""}\n\n请选择章节：`;
  return { text, keyboard };
}

function sectionView(
  deps: BotDeps,
  report: ReportMeta,
  index: number,
  page: number,
): { text: string; keyboard: InlineKeyboard } | undefined {
  const section = documentSections(deps.qa.current.index.chunks, report.id)[index];
  if (!section) return undefined;
  const pages = splitMessage(escapeHtml(section.text), PAGE);
  const p = Math.min(Math.max(0, page), pages.length - 1);
  const key = docKey(report.id);
  const keyboard = new InlineKeyboard();
  if (p > 0) keyboard.text("◀ 上一页", `${CALLBACK.section}:${key}:${index}:${p - 1}`);
  if (p < pages.length - 1) keyboard.text("下一页 ▶", `${CALLBACK.section}:${key}:${index}:${p + 1}`);
  keyboard.row().text("↩ 返回目录", `${CALLBACK.report}:${key}`).text("↩ 全部报告", CALLBACK.reportList);
  const heading = escapeHtml(section.path.join(" > ") || "报告开头");
  const pager = pages.length > 1 ? `（第${p + 1}/${pages.length}页）` : "";
  return {
    text: `<b>${escapeHtml(report.bureau)} · ${report.year}年</b>\n<i>${heading}</i>${pager}\n\n${pages[p]}`,
    keyboard,
  };
}

/** Shows a view by editing the message the button is on ("message is not modified" is fine). */
async function show(ctx: Context, view: { text: string; keyboard: InlineKeyboard }): Promise<void> {
  await ctx.answerCallbackQuery();
  try {
    await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
  } catch (error) {
    if (!(error instanceof Error && /message is not modified/.test(error.message))) throw error;
  }
}

export function reportsFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const find = (key: string) => reports(deps).find((r) => docKey(r.id) === key);
  const gone = (ctx: Context) =>
    ctx.answerCallbackQuery({ text: "该报告已不在文档库中，请重新发送 /reports。", show_alert: true });

  composer.command("reports", async (ctx) => {
    const view = listView(deps);
    await ctx.reply(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
  });
  composer.callbackQuery(CALLBACK.reportList, (ctx) => show(ctx, listView(deps)));
  composer.callbackQuery(new RegExp(`^${CALLBACK.report}:([0-9a-f]{8})$`), async (ctx) => {
    const report = find(ctx.match[1]!);
    return report ? show(ctx, outlineView(deps, report)) : gone(ctx);
  });
  composer.callbackQuery(new RegExp(`^${CALLBACK.section}:([0-9a-f]{8}):(\\d+):(\\d+)$`), async (ctx) => {
    const report = find(ctx.match[1]!);
    const view = report && sectionView(deps, report, Number(ctx.match[2]), Number(ctx.match[3]));
    return view ? show(ctx, view) : gone(ctx);
  });
  return composer;
}
