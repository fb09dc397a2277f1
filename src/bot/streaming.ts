/**
 * A Telegram reply that grows while a model streams: throttled plain-text edits (at most one per
 * interval), a new message before the length limit, and a final formatted edit that replaces every
 * draft (so a draft rejected by validation never stays visible).
 */
import type { Context, InlineKeyboard } from "grammy";
import type { Logger } from "pino";
import { splitMessage } from "./html.ts";
import { isNotModified } from "./reply.ts";

/** Drafts move to a new message a little before Telegram's limit. */
const DRAFT_LIMIT = 3800;

export class StreamingReply {
  private readonly ids: number[] = [];
  private readonly shown: string[] = [];
  private latest = "";
  private lastFlush = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: Context,
    private readonly log: Logger,
    private readonly options: { intervalMs: number; now: () => number },
  ) {}

  /** Takes the draft so far; shows it at the next allowed moment. */
  update(draft: string): void {
    this.latest = draft;
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.options.intervalMs - this.options.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain
        .then(() => this.render(this.latest))
        .catch((error: unknown) => this.log.warn({ err: error }, "draft edit failed"));
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
    // Drafts longer than the final answer: remove what is left.
    for (const id of this.ids.slice(parts.length)) {
      await this.ctx.api
        .deleteMessage(chatId, id)
        .catch((error: unknown) => this.log.warn({ err: error }, "deleteMessage failed"));
    }
  }

  private async render(draft: string): Promise<void> {
    this.lastFlush = this.options.now();
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
