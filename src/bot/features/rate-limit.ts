/**
 * RATE_LIMIT_PER_MINUTE per user, over a sliding minute. A message beyond the limit is not handled,
 * but never vanishes: it gets a notice replying to it, so the user sees which ones to send again.
 * Only a flood (as many notices again within the minute) is dropped without a word, and logged.
 * Poll answers are never limited: they are cheap and there is nowhere to reply. Group chatter not
 * addressed to the bot is not counted either. Inline queries have their own, larger budget: Telegram
 * sends one each time the user pauses while typing.
 */
import { Composer, type Context } from "grammy";
import type { BotDeps } from "../deps.ts";
import { addressedQuestion } from "./ask.ts";

const WINDOW_MS = 60_000;
/** Users tracked at once before old entries are swept. */
const SWEEP_AT = 10_000;
/** Inline queries a user may make for each message allowed. */
const INLINE_FACTOR = 5;

/** One user's recent handled messages and notices, as timestamps. */
interface Recent {
  handled: number[];
  notices: number[];
}

/** A group message the bot will not act on (neither a command nor addressed to it): not counted. */
function chatter(ctx: Context): boolean {
  const msg = ctx.message;
  return !!msg && ctx.chat?.type !== "private" && !msg.text?.startsWith("/") && addressedQuestion(ctx) === undefined;
}

/** The limiter, installed after access control (strangers are throttled there). */
export function rateLimit(deps: BotDeps): Composer<Context> {
  const users = new Map<string, Recent>();

  const recentOf = (key: string, now: number): Recent => {
    if (users.size > SWEEP_AT) {
      for (const [id, r] of users) {
        if (Math.max(r.handled.at(-1) ?? 0, r.notices.at(-1) ?? 0) <= now - WINDOW_MS) users.delete(id);
      }
    }
    const recent = users.get(key) ?? { handled: [], notices: [] };
    users.set(key, recent);
    const fresh = (t: number) => t > now - WINDOW_MS;
    recent.handled = recent.handled.filter(fresh);
    recent.notices = recent.notices.filter(fresh);
    return recent;
  };

  const composer = new Composer<Context>();
  composer.use(async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || ctx.pollAnswer || chatter(ctx)) return next();
    const now = deps.now();
    const inline = ctx.inlineQuery !== undefined;
    const limit = deps.access.rateLimitPerMinute * (inline ? INLINE_FACTOR : 1);
    const recent = recentOf(inline ? `inline:${userId}` : String(userId), now);
    if (recent.handled.length < limit) {
      recent.handled.push(now);
      return next();
    }
    const retryInS = Math.ceil((recent.handled[0]! + WINDOW_MS - now) / 1000);
    if (recent.notices.length >= limit) {
      deps.log.info({ userId, updateId: ctx.update.update_id }, "rate limited: flood, dropped");
      return;
    }
    recent.notices.push(now);
    deps.log.info({ userId, updateId: ctx.update.update_id, retryInS }, "rate limited");
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: `操作太频繁，请 ${retryInS} 秒后再试。` });
    } else if (ctx.inlineQuery) {
      await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
    } else if (ctx.msg && ctx.chat) {
      await ctx.reply(`您发送得太快了，这条消息没有处理。请 ${retryInS} 秒后再发一次。`, {
        reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
      });
    }
  });
  return composer;
}
