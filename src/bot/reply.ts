/** Sending an answer: HTML parts under the length limit, citation and feedback buttons on the last. */
import { GrammyError, InlineKeyboard, type Context } from "grammy";
import { citationReference } from "../answer/citations.ts";
import type { Answer } from "../answer/types.ts";
import type { BotDeps } from "./deps.ts";
import { answerHtml, isQuoteTrimmed, splitMessage } from "./html.ts";

/** Callback data prefixes (every button's data stays far below Telegram's 64 bytes). */
export const CALLBACK = { source: "src", feedback: "fb", reportList: "rl", report: "r", section: "s" } as const;

/** Telegram's limit on the text a copy_text button copies. */
const COPY_TEXT_LIMIT = 256;

/** Text cut to at most `max` UTF-16 units (Telegram's count), ending in "…" when cut; never inside a pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Buttons under an answer: copy the first source's citation; the whole passage of any source shown
 * shortened (the others are quoted in full under the answer already); then 👍/👎 — also under "not
 * in the documents", where a 👎 tells admins the answer was missed. A notice gets no buttons.
 */
export function answerKeyboard(answerId: string, answer: Answer): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (answer.notice) return keyboard;
  const first = answer.citations[0];
  if (first) keyboard.copyText("📋 复制引用", clip(citationReference(first), COPY_TEXT_LIMIT));
  answer.citations
    .filter(isQuoteTrimmed)
    .slice(0, 8)
    .forEach((c, i) => {
      if (i % 4 === 3) keyboard.row();
      keyboard.text(`📄 全文[${c.n}]`, `${CALLBACK.source}:${answerId}:${c.n}`);
    });
  if (first) keyboard.row();
  return keyboard
    .text("👍 有用", `${CALLBACK.feedback}:${answerId}:u`)
    .text("👎 不准确", `${CALLBACK.feedback}:${answerId}:d`);
}

/** Replies with an answer, split into parts; the keyboard goes on the last part (none under a notice). */
export async function sendAnswer(ctx: Context, deps: BotDeps, answer: Answer, note?: string): Promise<void> {
  // A notice has no buttons, so nothing to keep for them.
  const markup = answer.notice ? {} : { reply_markup: answerKeyboard(deps.answers.put(ctx.chat!.id, answer), answer) };
  const parts = splitMessage(answerHtml(answer, note));
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    await ctx.reply(part, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(last ? markup : {}),
      ...(i === 0 && ctx.chat?.type !== "private" && ctx.msg
        ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } }
        : {}),
    });
  }
}

/** True for the Bot API's answer to an edit that changes nothing: the message already shows it. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes("message is not modified");
}
