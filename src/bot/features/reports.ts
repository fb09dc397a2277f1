/**
 * /reports: bureaus and years as buttons, a page at a time (`/reports 惠安` lists those whose name
 * or year holds the words) -> a report's outline -> a section's text, paginated.
 */
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { ReportSummary, Section } from "../../app/library.ts";
import { cut } from "../../text/cut.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml, splitMessage } from "../html.ts";
import { CALLBACK, isNotModified } from "../reply.ts";

/** Characters of section text per page (well under the 4096 limit, leaving room for the header). */
const PAGE = 3000;
/** Characters of a heading shown on an outline button. */
const HEADING_CHARS = 28;
/** Reports listed on one page of /reports. */
const LIST_PAGE = 20;
/** Longest /reports filter read (a name and a year are a few characters). */
const MAX_FILTER_CHARS = 40;

type View = { text: string; keyboard: InlineKeyboard };

/** The reports whose bureau, title or year holds every word of `filter` ("惠安 2023"). */
function matching(reports: ReportSummary[], filter: string): ReportSummary[] {
  const words = filter.split(/\s+/).filter(Boolean);
  return reports.filter((r) => words.every((w) => `${r.bureau} ${r.title} ${r.year}年`.includes(w)));
}

/**
 * One page of the report list. The whole list pages with ◀ ▶ buttons; a filtered one shows its
 * first page and asks for more specific words when there is more (a filter does not fit in a
 * button's 64 bytes of callback data).
 */
function listView(reports: ReportSummary[], page: number, filter = ""): View {
  const pages = Math.max(1, Math.ceil(reports.length / LIST_PAGE));
  const p = filter ? 0 : Math.min(Math.max(0, page), pages - 1);
  const keyboard = new InlineKeyboard();
  for (const r of reports.slice(p * LIST_PAGE, (p + 1) * LIST_PAGE))
    keyboard.text(`${r.bureau} · ${r.year}年`, `${CALLBACK.report}:${r.key}`).row();
  if (!filter && pages > 1) {
    if (p > 0) keyboard.text("◀ 上一页", `${CALLBACK.reportList}:${p - 1}`);
    if (p < pages - 1) keyboard.text("下一页 ▶", `${CALLBACK.reportList}:${p + 1}`);
  }
  const shown = escapeHtml(filter);
  let text = "<b>请选择报告</b>";
  if (filter && reports.length === 0) text = `没有名称或年度含“${shown}”的报告。发送 /reports 查看全部。`;
  else if (filter)
    text = `<b>含“${shown}”的报告</b>（${reports.length}份${reports.length > LIST_PAGE ? `，显示前${LIST_PAGE}份，请输入更具体的名称` : ""}）`;
  else if (pages > 1)
    text = `<b>请选择报告</b>（共${reports.length}份，第${p + 1}/${pages}页；发送“/reports 局名或年度”可查找）`;
  return { text, keyboard };
}

function outlineView(report: ReportSummary, sections: Section[]): View {
  const keyboard = new InlineKeyboard();
  const shown = new Set<string>();
  const row = (label: string, depth: number, i: number) =>
    keyboard
      .text(`${"　".repeat(depth)}${cut(label, HEADING_CHARS)}`, `${CALLBACK.section}:${report.key}:${i}:0`)
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

function sectionView(report: ReportSummary, section: Section, index: number, page: number): View {
  const pages = splitMessage(escapeHtml(section.text), PAGE);
  const p = Math.min(Math.max(0, page), pages.length - 1);
  const keyboard = new InlineKeyboard();
  if (p > 0) keyboard.text("◀ 上一页", `${CALLBACK.section}:${report.key}:${index}:${p - 1}`);
  if (p < pages.length - 1) keyboard.text("下一页 ▶", `${CALLBACK.section}:${report.key}:${index}:${p + 1}`);
  keyboard.row().text("↩ 返回目录", `${CALLBACK.report}:${report.key}`).text("↩ 全部报告", CALLBACK.reportList);
  const heading = escapeHtml(section.path.join(" > ") || "报告开头");
  const pager = pages.length > 1 ? `（第${p + 1}/${pages.length}页）` : "";
  return {
    text: `<b>${escapeHtml(report.bureau)} · ${report.year}年</b>\n<i>${heading}</i>${pager}\n\n${pages[p]}`,
    keyboard,
  };
}

/** Shows a view by editing the message the button is on ("message is not modified" is fine). */
async function show(ctx: Context, view: View): Promise<void> {
  await ctx.answerCallbackQuery();
  try {
    await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}

export function reportsFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { library } = deps.app;
  const gone = (ctx: Context) =>
    ctx.answerCallbackQuery({ text: "该报告已不在文档库中，请重新发送 /reports。", show_alert: true });

  composer.command("reports", async (ctx) => {
    const filter = ctx.match.trim().slice(0, MAX_FILTER_CHARS);
    const reports = library.reports();
    const view = listView(filter ? matching(reports, filter) : reports, 0, filter);
    await ctx.reply(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
  });
  composer.callbackQuery(new RegExp(`^${CALLBACK.reportList}(?::(\\d+))?$`), (ctx) =>
    show(ctx, listView(library.reports(), Number(ctx.match[1] ?? 0))),
  );
  composer.callbackQuery(new RegExp(`^${CALLBACK.report}:([0-9a-f]{8})$`), async (ctx) => {
    const key = ctx.match[1]!;
    const report = library.report(key);
    if (!report) return gone(ctx);
    if (ctx.chat) deps.app.conversation.viewed(ctx.chat.id, `${report.bureau}${report.year}年`);
    return show(ctx, outlineView(report, library.sections(key) ?? []));
  });
  composer.callbackQuery(new RegExp(`^${CALLBACK.section}:([0-9a-f]{8}):(\\d+):(\\d+)$`), async (ctx) => {
    const key = ctx.match[1]!;
    const report = library.report(key);
    const index = Number(ctx.match[2]);
    const section = library.sections(key)?.[index];
    return report && section ? show(ctx, sectionView(report, section, index, Number(ctx.match[3]))) : gone(ctx);
  });
  return composer;
}
