/** /article 34, /article 信访条例 33: one regulation article with its chapter. */
import { Composer, type Context } from "grammy";
import { parseNumber } from "../../text/numerals.ts";
import { normalizeForMatch } from "../../text/script.ts";
import type { BotDeps } from "../deps.ts";
import { escapeHtml, splitMessage } from "../html.ts";

const USAGE =
  "用法：/article 34 查看《信访工作条例》第三十四条；/article 信访条例 33（或 /article 旧条例 33）查看2005年《信访条例》第三十三条。";

/** The law's names the command takes, besides its titles: 旧条例 / 老条例 / 05版 and 新条例 / 现行条例. */
const OLD_NAMES = /^(?:(?:旧|老|原来?)的?版?|(?:20)?05\s*(?:年|版)?的?(?:旧|老)?)(?:信访)?条例$|^(?:旧|老)的?$/;
const NEW_NAMES = /^(?:(?:新|现行|现在)的?版?|(?:20)?22\s*(?:年|版)?的?新?)?(?:信访工作|信访)?条例$/;

/** Reads "34", "第三十四条", "信访条例 33", "旧条例 20" into a regulation title (optional) and a number. */
function parseArticleArgs(args: string): { title?: string; n: number } | undefined {
  const m = /^(.*?)\s*第?\s*([0-9]+|[一二三四五六七八九十百零〇两]+)\s*条?$/.exec(
    normalizeForMatch(args)
      .replace(/[《》]/g, "")
      .trim(),
  );
  const n = m ? parseNumber(m[2]!) : undefined;
  if (!m || n === undefined) return undefined;
  const law = m[1]!.trim();
  // The titles first: 信访条例 is the old law's own name, though NEW_NAMES would read it as 条例.
  const title =
    law === ""
      ? undefined
      : law === "信访条例" || OLD_NAMES.test(law)
        ? "信访条例"
        : NEW_NAMES.test(law)
          ? "信访工作条例"
          : null;
  if (title === null) return undefined;
  return { ...(title ? { title } : {}), n };
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
