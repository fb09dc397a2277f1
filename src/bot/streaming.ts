/**
 * A Telegram reply that grows while a model streams, at most one write per interval, then the
 * final formatted answer — validated first — which replaces every draft, so a draft rejected by
 * validation never stays visible:
 * - in a private chat, a message draft (sendMessageDraft): an ephemeral preview that disappears
 *   when the final answer is sent as a normal message;
 * - in groups, or where drafts fail (an older Bot API server, a chat that refuses them), plain-text
 *   edits of sent messages, a new message before the length limit, and a final formatted edit.
 */
import { randomInt } from "node:crypto";
import { GrammyError, type Context, type InlineKeyboard } from "grammy";
import type { Logger } from "pino";
import { splitMessage } from "./html.ts";
import { isNotModified } from "./reply.ts";

/** Drafts move to a new message (or a new draft) a little before Telegram's 4096-character limit. */
const DRAFT_LIMIT = 3800;

/**
 * Where message drafts work, remembered by a bot so a refusal is not retried on every answer: a
 * server without sendMessageDraft (404) gets edits everywhere, a chat that refused one edits there.
 */
export class DraftSupport {
  private unsupported = false;
  private readonly refused = new Set<number>();

  /** True when drafts may be tried in this chat. */
  usable(chatId: number): boolean {
    return !this.unsupported && !this.refused.has(chatId);
  }

  /** Remembers a Bot API refusal of sendMessageDraft. */
  failed(chatId: number, error: GrammyError): void {
    if (error.error_code === 404) this.unsupported = true;
    else this.refused.add(chatId);
  }
}

/** How a StreamingReply shows the growing text. */
interface StreamingOptions {
  /** Minimum time between two writes. */
  intervalMs: number;
  now: () => number;
  /** Where drafts work: one per bot. */
  drafts: DraftSupport;
}

export class StreamingReply {
  private mode: "draft" | "edit";
  /** The first draft's id; a draft that moves on to a new page takes the next one (shown without animation). */
  private readonly draftId = randomInt(1, 2 ** 30);
  private shownDraft = "";
  private readonly ids: number[] = [];
  private readonly shown: string[] = [];
  private latest = "";
  private lastFlush = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: Context,
    private readonly log: Logger,
    private readonly options: StreamingOptions,
  ) {
    this.mode = ctx.chat?.type === "private" && options.drafts.usable(ctx.chat.id) ? "draft" : "edit";
  }

  /** Takes the draft so far; shows it at the next allowed moment. */
  update(draft: string): void {
    this.latest = draft;
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.options.intervalMs - this.options.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain
        .then(() => this.render(this.latest))
        .catch((error: unknown) => this.log.warn({ err: error }, "draft update failed"));
    }, wait);
  }

  /** Replaces the drafts with the final HTML; the keyboard goes on the last message. */
  async finish(html: string, keyboard: InlineKeyboard, replyTo?: number): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    const parts = splitMessage(html);
    const chatId = this.ctx.chat!.id;
    for (const [i, part] of parts.entries()) {
      const extra = {
        parse_mode: "HTML" as const,
        link_preview_options: { is_disabled: true },
        ...(i === parts.length - 1 ? { reply_markup: keyboard } : {}),
      };
      const id = this.ids[i];
      if (id === undefined) {
        // A message draft vanishes as soon as this message is sent.
        await this.ctx.api.sendMessage(chatId, part, {
          ...extra,
          ...(i === 0 && replyTo
            ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
            : {}),
        });
      } else {
        await this.ctx.api.editMessageText(chatId, id, part, extra).catch((error: unknown) => {
          if (!isNotModified(error)) throw error;
        });
      }
    }
    // Edited drafts longer than the final answer: remove what is left.
    for (const id of this.ids.slice(parts.length)) {
      await this.ctx.api
        .deleteMessage(chatId, id)
        .catch((error: unknown) => this.log.warn({ err: error }, "deleteMessage failed"));
    }
  }

  private async render(draft: string): Promise<void> {
    this.lastFlush = this.options.now();
    if (this.mode === "draft") {
      try {
        return await this.renderDraft(draft);
      } catch (error) {
        const chatId = this.ctx.chat!.id;
        if (error instanceof GrammyError) this.options.drafts.failed(chatId, error);
        this.log.warn({ err: error, chatId }, "sendMessageDraft failed; streaming by edits");
        this.mode = "edit";
      }
    }
    await this.renderEdits(draft);
  }

  /** The last page of the text as the chat's message draft. */
  private async renderDraft(draft: string): Promise<void> {
    const pages = splitMessage(draft, DRAFT_LIMIT);
    const page = pages.at(-1) ?? "";
    if (page.trim() === "" || page === this.shownDraft) return;
    await this.ctx.api.sendMessageDraft(this.ctx.chat!.id, this.draftId + pages.length - 1, page);
    this.shownDraft = page;
  }

  /** Every page of the text as a sent message, edited as it grows. */
  private async renderEdits(draft: string): Promise<void> {
    const pages = splitMessage(draft, DRAFT_LIMIT);
    const chatId = this.ctx.chat!.id;
    for (const [i, page] of pages.entries()) {
      if (this.shown[i] === page) continue;
      const id = this.ids[i];
      if (id === undefined) {
        const sent = await this.ctx.api.sendMessage(chatId, page);
        this.ids[i] = sent.message_id;
      } else {
        await this.ctx.api.editMessageText(chatId, id, page).catch((error: unknown) => {
          if (!isNotModified(error)) throw error;
        });
      }
      this.shown[i] = page;
    }
  }
}
