/** Sending an answer: HTML parts under the length limit, source and feedback buttons on the last. */
import { GrammyError, InlineKeyboard, type Context } from "grammy";
import type { Answer } from "../answer/types.ts";
import type { BotDeps } from "./deps.ts";
import { answerHtml, splitMessage } from "./html.ts";

/** Callback data prefixes (every button's data stays far below Telegram's 64 bytes). */
export const CALLBACK = { source: "src", feedback: "fb", reportList: "rl", report: "r", section: "s" } as const;

/** Buttons under an answer: one per source, then 👍/👎. */
export function answerKeyboard(answerId: string, answer: Answer): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  answer.citations.slice(0, 8).forEach((c, i) => {
    keyboard.text(`📄 原文[${c.n}]`, `${CALLBACK.source}:${answerId}:${c.n}`);
    if (i % 4 === 3) keyboard.row();
  });
  if (answer.citations.length > 0) keyboard.row();
  return keyboard
    .text("👍 有用", `${CALLBACK.feedback}:${answerId}:u`)
    .text("👎 不准确", `${CALLBACK.feedback}:${answerId}:d`);
}

/** Replies with an answer, split into parts; the keyboard goes on the last part. */
export async function sendAnswer(ctx: Context, deps: BotDeps, answer: Answer, note?: string): Promise<void> {
  const id = deps.answers.put(ctx.chat!.id, answer);
  const parts = splitMessage(answerHtml(answer, note));
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    await ctx.reply(part, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(last ? { reply_markup: answerKeyboard(id, answer) } : {}),
      ...(i === 0 && ctx.chat?.type !== "private" && ctx.msg
        ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } }
        : {}),
    });
  }
}

/** Shows "typing…"; a failure is logged and ignored. */
export function showTyping(ctx: Context, deps: BotDeps): void {
  ctx.replyWithChatAction("typing").catch((error: unknown) => deps.log.debug({ err: error }, "sendChatAction failed"));
}

/** True for the Bot API's answer to an edit that changes nothing: the message already shows it. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes("message is not modified");
}
