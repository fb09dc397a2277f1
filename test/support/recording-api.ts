/**
 * A grammY API transformer that records every Bot API call and answers it locally, like Telegram
 * would for the methods the bot uses, so handlers can be tested with bot.handleUpdate.
 */
import type { Bot, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

export const TEST_BOT: UserFromGetMe = {
  id: 999,
  is_bot: true,
  first_name: "测试机器人",
  username: "xinfang_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
} as UserFromGetMe;

/** Installs the recorder on a bot and returns the list it fills. */
export function recordApi(bot: Bot<Context>): ApiCall[] {
  const calls: ApiCall[] = [];
  let messageId = 1000;
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    const p = payload as Record<string, unknown>;
    const result =
      method === "sendMessage"
        ? { message_id: ++messageId, date: 0, chat: { id: p["chat_id"], type: "private" }, text: p["text"] }
        : true;
    return { ok: true, result } as never;
  });
  return calls;
}

let nextUpdate = 1;
const user = (id: number) => ({ id, is_bot: false, first_name: `用户${id}` });

/** A text message update; commands get their bot_command entity. */
export function textUpdate(
  text: string,
  opts: { userId?: number; chatId?: number; chatType?: "private" | "group" | "supergroup"; replyToBot?: boolean } = {},
): Update {
  const userId = opts.userId ?? 1;
  const chatType = opts.chatType ?? "private";
  const chat =
    chatType === "private"
      ? { id: opts.chatId ?? userId, type: "private" as const, first_name: "x" }
      : { id: opts.chatId ?? -100, type: chatType, title: "群" };
  const entities = [];
  const command = /^\/[a-z]+(@\w+)?/.exec(text);
  if (command) entities.push({ type: "bot_command" as const, offset: 0, length: command[0].length });
  const mention = text.indexOf(`@${TEST_BOT.username}`);
  if (mention >= 0 && !command)
    entities.push({ type: "mention" as const, offset: mention, length: TEST_BOT.username.length + 1 });
  return {
    update_id: nextUpdate++,
    message: {
      message_id: nextUpdate,
      date: 0,
      chat,
      from: user(userId),
      text,
      ...(entities.length ? { entities } : {}),
      ...(opts.replyToBot
        ? { reply_to_message: { message_id: 1, date: 0, chat, from: TEST_BOT, text: "之前的回答" } }
        : {}),
    },
  } as Update;
}

/** A callback query update for a button's data. */
export function callbackUpdate(
  data: string,
  opts: { userId?: number; chatId?: number; messageId?: number } = {},
): Update {
  const userId = opts.userId ?? 1;
  return {
    update_id: nextUpdate++,
    callback_query: {
      id: String(nextUpdate),
      from: user(userId),
      chat_instance: "c",
      data,
      message: {
        message_id: opts.messageId ?? 1,
        date: 0,
        chat: { id: opts.chatId ?? userId, type: "private", first_name: "x" },
        text: "",
      },
    },
  } as Update;
}

/** A sticker message. */
export function stickerUpdate(userId = 1): Update {
  return {
    update_id: nextUpdate++,
    message: {
      message_id: nextUpdate,
      date: 0,
      chat: { id: userId, type: "private", first_name: "x" },
      from: user(userId),
      sticker: {
        file_id: "s",
        file_unique_id: "s",
        type: "regular",
        width: 1,
        height: 1,
        is_animated: false,
        is_video: false,
      },
    },
  } as Update;
}

/** All callback_data of the inline keyboard of a sendMessage/editMessageText call. */
export function buttonData(call: ApiCall | undefined): string[] {
  const markup = call?.payload["reply_markup"] as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? "");
}
