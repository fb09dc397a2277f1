/** Allowlists (users, chats) applied to every update type, before anything else runs. */
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";

/** Whether a user in a chat may use the bot: open when both lists are empty; admins always may. */
export function isAllowed(deps: BotDeps, userId: number | undefined, chatId: number | undefined): boolean {
  const { allowedUserIds, allowedChatIds, adminUserIds } = deps.access;
  if (allowedUserIds.length === 0 && allowedChatIds.length === 0) return true;
  if (userId !== undefined && (allowedUserIds.includes(userId) || adminUserIds.includes(userId))) return true;
  return chatId !== undefined && allowedChatIds.includes(chatId);
}

/** Refuses updates from users and chats that are not allowed, telling people their id. */
export function accessControl(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.use(async (ctx, next) => {
    const userId = ctx.from?.id;
    // A poll answer carries no chat: it belongs to the chat the poll was sent to.
    const chatId =
      ctx.chat?.id ?? (ctx.pollAnswer ? await deps.app.quiz.chatOfPoll(ctx.pollAnswer.poll_id) : undefined);
    if (isAllowed(deps, userId, chatId)) return next();
    deps.log.info(
      { userId, chatId, update: Object.keys(ctx.update).filter((k) => k !== "update_id") },
      "refused: not on the allowlist",
    );
    const text = `抱歉，您没有使用本机器人的权限。您的用户ID是 ${userId ?? "未知"}，请把这个ID发给管理员开通。`;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
    else if (ctx.message && (ctx.chat?.type === "private" || ctx.message.text?.startsWith("/"))) await ctx.reply(text);
    // Poll answers and other updates from strangers are dropped silently.
  });
  return composer;
}
