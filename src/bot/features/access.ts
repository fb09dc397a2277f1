/** Allowlists (users, chats) applied to every update type, before anything else runs. */
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
import { OncePerWindow } from "../once-per-window.ts";

/** A refused user is told once a minute in a chat; more messages within it are dropped. */
const REFUSAL_WINDOW_MS = 60_000;
/** Users (per chat) whose last refusal is remembered; more than this many strangers a minute is an attack anyway. */
const REFUSALS_REMEMBERED = 10_000;

/** Whether a user in a chat may use the bot: open when both lists are empty; admins always may. */
function isAllowed(deps: BotDeps, userId: number | undefined, chatId: number | undefined): boolean {
  const { allowedUserIds, allowedChatIds, adminUserIds } = deps.access;
  if (allowedUserIds.length === 0 && allowedChatIds.length === 0) return true;
  if (userId !== undefined && (allowedUserIds.includes(userId) || adminUserIds.includes(userId))) return true;
  return chatId !== undefined && allowedChatIds.includes(chatId);
}

/** The refusal: with the user's id where only they see it, without it where a whole group would. */
function refusalText(userId: number | undefined, privately: boolean): string {
  const sorry = "抱歉，您没有使用本机器人的权限。";
  if (!privately) return `${sorry}如需开通，请私聊本机器人获取您的用户ID，并发给管理员。`;
  return `${sorry}您的用户ID是 ${userId ?? "未知"}，请把这个ID发给管理员开通。`;
}

/**
 * Refuses updates from users and chats that are not allowed, telling people their id privately.
 * A chat gets at most one refusal per user a minute; button presses and inline queries are always
 * answered (Telegram waits for that answer, and only the presser sees it).
 */
export function accessControl(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const refusals = new OncePerWindow({ windowMs: REFUSAL_WINDOW_MS, maxKeys: REFUSALS_REMEMBERED, now: deps.now });
  composer.use(async (ctx, next) => {
    const userId = ctx.from?.id;
    // A poll answer or a poll's new state carries no chat: it belongs to the chat the poll was sent to.
    const pollId = ctx.pollAnswer?.poll_id ?? ctx.poll?.id;
    const pollChat = pollId !== undefined ? await deps.app.quiz.chatOfPoll(pollId) : undefined;
    // A poll's new state (closed: a timed quiz's next question is due) comes from no user: Telegram
    // reports on a poll the bot itself sent (the quiz store knows it), so it passes even when only
    // users are on the allowlist and the chat is not.
    if (ctx.poll && pollChat !== undefined) return next();
    const chatId = ctx.chat?.id ?? pollChat;
    if (isAllowed(deps, userId, chatId)) return next();
    // A stranger's message gets a reply in a private chat, and in a group when it is a command.
    const getsReply = !!ctx.message && (ctx.chat?.type === "private" || ctx.message.text?.startsWith("/"));
    if (getsReply && !refusals.take(`${userId}:${chatId}`)) {
      deps.log.debug({ userId }, "refused again within a minute: not replied");
      return;
    }
    const update = Object.keys(ctx.update).filter((k) => k !== "update_id");
    deps.log.info({ userId, chatId, update }, "refused: not on the allowlist");
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: refusalText(userId, true), show_alert: true });
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
    else if (getsReply) await ctx.reply(refusalText(userId, ctx.chat?.type === "private"));
    // Poll answers and other updates from strangers are dropped silently.
  });
  return composer;
}
