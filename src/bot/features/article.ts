/** /article 34, /article 信访条例 33: one regulation article with its chapter. */
import { Composer, type Context } from "grammy";
import { parseNumber } from "../../text/numerals.ts";
import { normalizeForMatch } from "../../text/script.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml, splitMessage } from "../html.ts";

const USAGE =
  "用法：/article 34 查看《信访工作条例》第三十四条；/article 信访条例 33 查看2005年《信访条例》第三十三条。";

/** Reads "34", "第三十四条", "信访条例 33" into a regulation title (optional) and a number. */
function parseArticleArgs(args: string): { title?: string; n: number } | undefined {
  const m = /^(信访工作条例|信访条例)?\s*第?\s*([0-9]+|[一二三四五六七八九十百零〇两]+)\s*条?$/.exec(
    normalizeForMatch(args)
      .replace(/[《》]/g, "")
      .trim(),
  );
  const n = m ? parseNumber(m[2]!) : undefined;
  if (!m || n === undefined) return undefined;
  return { ...(m[1] ? { title: m[1] } : {}), n };
}

export function articleFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command("article", async (ctx) => {
    const args = parseArticleArgs(ctx.match);
    if (!args) return ctx.reply(ctx.match.trim() ? `没有看懂“${ctx.match.trim().slice(0, 30)}”。${USAGE}` : USAGE);
    const found = deps.app.library.article(args.n, args.title);
    if ("message" in found) return ctx.reply(found.message);
    const status = found.superseded
      ? `\n<i>注意：《${escapeHtml(found.regulation)}》已被《${escapeHtml(found.superseded.by)}》取代${found.superseded.since ? `（${found.superseded.since}起）` : ""}。</i>`
      : "";
    const chapter = found.chapter ? `（${escapeHtml(found.chapter)}）` : "";
    const html = `<b>《${escapeHtml(found.regulation)}》${escapeHtml(found.heading)}</b>${chapter}${status}\n\n${escapeHtml(found.text)}`;
    for (const part of splitMessage(html)) await ctx.reply(part, { parse_mode: "HTML" });
    deps.app.conversation.viewed(ctx.chat.id, `《${found.regulation}》${found.heading}`);
  });
  return composer;
}
