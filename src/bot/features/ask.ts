/** Free-text questions (answered within the chat's context), /new, and group addressing rules. */
import { Composer, type Context, type NextFunction } from "grammy";
import { unknownCommandText } from "../commands.ts";
import { isAdmin, type BotDeps } from "../deps.ts";
import { answerHtml } from "../html.ts";
import { answerKeyboard, sendAnswer } from "../reply.ts";
import { DraftSupport, StreamingReply } from "../streaming.ts";
import { whileTyping } from "../typing.ts";

/**
 * The question a message asks the bot, or undefined when it is not addressed to the bot (in a
 * group: neither mentioning it nor replying to it). The mention itself is removed.
 */
export function addressedQuestion(ctx: Context): string | undefined {
  const msg = ctx.message;
  if (!msg?.text) return undefined;
  if (ctx.chat?.type === "private") return msg.text;
  const username = ctx.me.username.toLowerCase();
  const mentions = (msg.entities ?? []).filter(
    (e) =>
      (e.type === "mention" && msg.text!.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username}`) ||
      (e.type === "text_mention" && e.user.id === ctx.me.id),
  );
  const repliesToBot = msg.reply_to_message?.from?.id === ctx.me.id;
  if (mentions.length === 0 && !repliesToBot) return undefined;
  let text = msg.text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset))
    text = text.slice(0, e.offset) + text.slice(e.offset + e.length);
  return text.trim();
}

export function askFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { conversation } = deps.app;
  // Where message drafts work (LLM mode), remembered for the bot's lifetime.
  const drafts = new DraftSupport();

  composer.command("new", async (ctx) => {
    conversation.forget(ctx.chat.id);
    await ctx.reply("好的，已开始新话题。请提问。");
  });

  // "typing…" from the moment a question is read until its answer is sent (or has failed).
  const typing = (ctx: Context, next: NextFunction) =>
    ctx.message?.text?.startsWith("/") || addressedQuestion(ctx) === undefined
      ? next()
      : whileTyping(ctx, { log: deps.log, timer: deps.timer }, next);

  composer.on("message:text", typing, async (ctx) => {
    if (ctx.message.text.startsWith("/")) {
      // No feature knew the command: suggest the nearest one this user may use.
      if (ctx.chat.type === "private")
        await ctx.reply(unknownCommandText(ctx.message.text, isAdmin(deps, ctx.from.id)));
      return;
    }
    const question = addressedQuestion(ctx);
    if (question === undefined) return;
    const chatId = ctx.chat.id;
    if (!deps.app.llmMode) {
      const reply = await conversation.ask(chatId, question);
      deps.log.info(
        { chatId, found: reply.answer.found, citations: reply.answer.citations.length, followUp: !!reply.understoodAs },
        "answered",
      );
      return sendAnswer(ctx, deps, reply.answer, reply.note);
    }
    // LLM mode: the answer streams into the chat; the validated (or extractive) one replaces the drafts.
    const stream = new StreamingReply(ctx, deps.log, { intervalMs: deps.streamIntervalMs, now: deps.now, drafts });
    const reply = await conversation.ask(chatId, question, { onDraft: (draft) => stream.update(draft) });
    const id = deps.answers.put(chatId, reply.answer);
    await stream.finish(
      answerHtml(reply.answer, reply.note),
      answerKeyboard(id, reply.answer),
      ctx.chat.type !== "private" ? ctx.msg.message_id : undefined,
    );
    deps.log.info(
      { chatId, found: reply.answer.found, citations: reply.answer.citations.length, followUp: !!reply.understoodAs },
      "answered (LLM mode)",
    );
  });
  return composer;
}
