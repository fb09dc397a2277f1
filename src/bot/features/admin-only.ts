/**
 * The one admin check: admin commands, admin buttons and report files or photos from anyone but
 * ADMIN_USER_IDS get one polite refusal here, before any feature sees them (grammY's
 * Composer.drop: the handlers below run only for updates the predicate does not drop).
 */
import { Composer, type Context } from "grammy";
import { ADMIN_COMMANDS } from "../commands.ts";
import { isAdmin, type BotDeps } from "../deps.ts";
import { REMOVE_CALLBACK } from "./upload.ts";

/** Callback data of admin-only buttons (report withdrawal): one of their prefixes, alone or before ":". */
const ADMIN_BUTTONS = new RegExp(`^(${Object.values(REMOVE_CALLBACK).join("|")})(:|$)`);

/** The refusal, with the user's id in a private chat (so they can ask for access), never in a group. */
async function refuse(ctx: Context): Promise<void> {
  const text = "该操作仅限管理员使用。";
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text, show_alert: true });
    return;
  }
  const id = ctx.chat?.type === "private" && ctx.from ? `您的用户ID是 ${ctx.from.id}，如需权限请联系管理员。` : "";
  await ctx.reply(`${text}${id}`);
}

export function adminOnly(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const others = composer.drop((ctx) => isAdmin(deps, ctx.from?.id));
  others.command(ADMIN_COMMANDS, refuse);
  others.callbackQuery(ADMIN_BUTTONS, refuse);
  // A file or a photo sent in a private chat is an attempted upload (upload.ts reads both); in a
  // group it is just chatter, ignored.
  others.on(["message:document", "message:photo"], (ctx) => (ctx.chat.type === "private" ? refuse(ctx) : undefined));
  return composer;
}
