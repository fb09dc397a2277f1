/** The local Bot API server refuses what Telegram would (and misspellings Telegram would silently ignore). */
import { Api, GrammyError } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, parseTelegramHtml } from "./fake-telegram.ts";

const TOKEN = "4242:fake-telegram-test-token";
let telegram: FakeTelegram;
let api: Api;

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  api = new Api(TOKEN, { apiRoot: telegram.apiRoot });
});
afterAll(() => telegram.stop());

/** The description of the 400 a send gets, or "ok". */
async function outcome(text: string, buttons?: InlineKeyboardButton[][]): Promise<string> {
  try {
    await api.sendMessage(1, text, {
      parse_mode: "HTML",
      ...(buttons ? { reply_markup: { inline_keyboard: buttons } } : {}),
    });
    return "ok";
  } catch (error) {
    if (error instanceof GrammyError) return error.description;
    throw error;
  }
}

describe("HTML tags and attributes", () => {
  it("accepts an expandable quote and the attributes Telegram knows", async () => {
    expect(await outcome("<blockquote expandable>引文</blockquote>")).toBe("ok");
    expect(await outcome('<a href="https://example.org/?a=1">链接</a><span class="tg-spoiler">隐</span>')).toBe("ok");
    expect(await outcome('<pre><code class="language-ts">x</code></pre>')).toBe("ok");
    expect(parseTelegramHtml("<blockquote expandable>第一行\n第二行</blockquote>")).toEqual({
      plain: "第一行\n第二行",
    });
  });

  it("refuses unknown attributes, attributes on end tags and a span that is not a spoiler", async () => {
    expect(await outcome("<blockquote expandible>引文</blockquote>")).toMatch(
      /can't parse entities: Unsupported attribute "expandible" of tag "blockquote"/,
    );
    expect(await outcome('<b class="x">粗</b>')).toMatch(/Unsupported attribute "class" of tag "b"/);
    expect(await outcome("<blockquote>引文</blockquote expandable>")).toMatch(
      /End tag "blockquote" can't have attributes/,
    );
    expect(await outcome("<span>字</span>")).toMatch(/must have class "tg-spoiler"/);
  });
});

describe("inline keyboard buttons", () => {
  it("accepts a copy_text button of 1-256 characters", async () => {
    expect(await outcome("文", [[{ text: "复制", copy_text: { text: "引".repeat(256) } }]])).toBe("ok");
  });

  it("refuses a button without exactly one action, or with data or copy text out of bounds", async () => {
    const cases: [InlineKeyboardButton, string][] = [
      [{ text: "复制", copy_text: { text: "引".repeat(257) } }, "BUTTON_COPY_TEXT_INVALID"],
      [{ text: "复制", copy_text: { text: "" } }, "BUTTON_COPY_TEXT_INVALID"],
      [{ text: "按钮", callback_data: "x".repeat(65) }, "BUTTON_DATA_INVALID"],
      [{ text: "按钮" } as InlineKeyboardButton, "Text buttons are unallowed"],
      [{ text: "两个", callback_data: "a", copy_text: { text: "b" } } as InlineKeyboardButton, "exactly one of"],
      [{ text: "", callback_data: "a" }, "BUTTON_TEXT_INVALID"],
    ];
    for (const [button, error] of cases)
      expect(await outcome("文", [[button]]), JSON.stringify(button)).toContain(error);
  });
});
