/** Free-text questions (with follow-up context per chat), /new, and group addressing rules. */
import { Composer, type Context } from "grammy";
import { describeScope, lacksScope, looksLikeFollowUp, scopeOf, withScope } from "../../search/followup.ts";
import { parseQuery } from "../../search/query.ts";
import type { BotDeps } from "../deps.ts";
import { answerHtml } from "../html.ts";
import { answerKeyboard, sendAnswer, showTyping } from "../reply.ts";
import { StreamingReply } from "../streaming.ts";

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

/**
 * LLM mode: a follow-up is rewritten into a standalone question from the chat's recent turns, the
 * answer streams into the chat, and the validated (or extractive) answer replaces the drafts.
 */
async function askWithModel(ctx: Context, deps: BotDeps, question: string): Promise<void> {
  const { llm, retriever } = deps.qa.current;
  const chatId = ctx.chat!.id;
  const history = deps.history.get(chatId);
  const asked =
    history.length > 0 && lacksScope(parseQuery(question, retriever.catalog))
      ? await llm!.rewrite(history, question)
      : question;
  const stream = new StreamingReply(ctx, deps.log, { intervalMs: deps.streamIntervalMs, now: deps.now });
  const answer = await deps.qa.answer(asked, { onDraft: (draft) => stream.update(draft) });
  const shown = { ...answer, question };
  const id = deps.answers.put(shown);
  const note = asked !== question ? `（理解为：${asked}）` : undefined;
  await stream.finish(
    answerHtml(shown, note),
    answerKeyboard(id, shown),
    ctx.chat!.type !== "private" ? ctx.msg?.message_id : undefined,
  );
  deps.history.add(chatId, { question: asked, answer: answer.answer });
  deps.log.info(
    { chatId, found: answer.found, citations: answer.citations.length, rewritten: asked !== question },
    "answered (LLM mode)",
  );
}

export function askFeature(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("new", async (ctx) => {
    deps.scopes.clear(ctx.chat.id);
    deps.history.clear(ctx.chat.id);
    await ctx.reply("好的，已开始新话题。请提问。");
  });

  composer.on("message:text", async (ctx) => {
    if (ctx.message.text.startsWith("/")) {
      if (ctx.chat.type === "private") await ctx.reply("没有这个命令。发送 /help 查看可用命令和示例问题。");
      return;
    }
    const question = addressedQuestion(ctx);
    if (question === undefined) return;
    showTyping(ctx, deps);
    if (deps.qa.current.llm) return askWithModel(ctx, deps, question);

    const catalog = deps.qa.current.retriever.catalog;
    const parsed = parseQuery(question, catalog);
    const previous = deps.scopes.get(ctx.chat.id);
    const canCarry = previous !== undefined && lacksScope(parsed);
    let asked = question;
    if (canCarry && looksLikeFollowUp(question)) asked = withScope(question, previous);
    let answer = await deps.qa.answer(asked);
    if (!answer.found && canCarry && asked === question) {
      // Not found on its own: perhaps it was a follow-up after all.
      const retry = await deps.qa.current.answerer.answer(withScope(question, previous)); // same question: counted once
      if (retry.found) {
        asked = retry.question;
        answer = retry;
      }
    }
    const scope = scopeOf(parseQuery(asked, catalog));
    if (scope) deps.scopes.set(ctx.chat.id, scope);
    const note = asked !== question && previous ? `（按上文理解为：${describeScope(previous)}）` : undefined;
    deps.log.info(
      { chatId: ctx.chat.id, found: answer.found, citations: answer.citations.length, followUp: asked !== question },
      "answered",
    );
    await sendAnswer(ctx, deps, { ...answer, question }, note);
  });
  return composer;
}
