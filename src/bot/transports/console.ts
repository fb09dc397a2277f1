/**
 * Console mode: the same bot and handlers, fed from stdin as one private chat. Bot API calls are
 * answered locally and their messages printed as plain text (quoted passages as indented lines);
 * buttons become numbered choices, and a button that copies a citation prints it ("引用：…"). Under
 * an answer that is itself a numbered list, the choices are lettered: a typed number is then a
 * message, the item of the list it names ("2" for the second, as in a Telegram chat).
 */
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import type { Bot, Context, InputFile, RawApi } from "grammy";
import type { Message, Update, UserFromGetMe } from "grammy/types";
import { numberedLines } from "../../answer/list-items.ts";
import { isItemReply } from "../../app/answer-followups.ts";
import { htmlToPlain } from "../html.ts";
import { CALLBACK } from "../reply.ts";

/** The identity console mode gives the bot (no getMe is made). */
export const CONSOLE_BOT: UserFromGetMe = {
  id: 1,
  is_bot: true,
  first_name: "信访问答",
  username: "xinfang_qa_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** The console user: also the operator, so admin commands work locally. */
export const CONSOLE_USER = { id: 10, is_bot: false, first_name: "控制台" } as const;
const CHAT = { id: CONSOLE_USER.id, type: "private" as const, first_name: CONSOLE_USER.first_name };

type Payload = Record<string, unknown>;
type Button = { text: string; callback_data?: string; copy_text?: { text: string } };

/** Runs the bot on stdin/stdout until end of input (or /exit). */
/**
 * The option of a poll a typed line picks (from 0), or -1: its number ("2"), its letter ("b", when
 * letters are free: no lettered choices on screen) or its text as shown ("45日").
 */
function pollOption(line: string, options: string[], letters: boolean): number {
  const text = line.trim();
  if (/^\d+$/.test(text)) return Number(text) >= 1 && Number(text) <= options.length ? Number(text) - 1 : -1;
  if (letters && /^[a-z]$/i.test(text)) {
    const at = text.toLowerCase().charCodeAt(0) - 97;
    return at < options.length ? at : -1;
  }
  return options.findIndex((o) => o.trim() === text);
}

export async function runConsole(
  bot: Bot<Context>,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean },
): Promise<void> {
  const write = (text: string) => io.output.write(`${text}\n`);
  let messageId = 0;
  let updateId = 0;
  let choices: { data: string; messageId: number }[] = [];
  // Choices typed as letters (a, b…) rather than numbers: under an answer listing numbered items,
  // and under the answers about its items that follow (the list stays the chat's).
  let lettered = false;
  // Polls waiting for an answer, oldest first: a typed number, letter or option answers the oldest.
  // A new /quiz drops those left unanswered (in Telegram one taps the poll one answers; here only
  // the newest round's polls are on screen).
  const openPolls: { id: string; options: string[] }[] = [];
  let pollId = 0;
  // Poll ids outlive the run in the quiz store: a per-run prefix keeps a new run's polls distinct.
  const pollPrefix = `console-${randomBytes(4).toString("hex")}-poll`;
  // Polls by id, for what Telegram shows once one is answered (right or wrong, the explanation). A
  // timed one is closed by its answer (one user, no clock to wait for): its round goes on to the next.
  const sentPolls = new Map<string, { poll: Payload; correct: unknown; explanation: unknown; timed: boolean }>();

  const print = (text: string, markup: unknown, id: number) => {
    write(htmlToPlain(text));
    const rows = (markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? [];
    // There is no clipboard to copy to: the citation is printed for the user to select.
    for (const b of rows.flat()) if (b.copy_text) write(`引用：${b.copy_text.text}`);
    const buttons = rows
      .flat()
      .filter((b): b is Button & { callback_data: string } => typeof b.callback_data === "string");
    if (buttons.length > 0) {
      choices = buttons.map((b) => ({ data: b.callback_data, messageId: id }));
      const answer = buttons.some((b) => b.callback_data.startsWith(`${CALLBACK.feedback}:`));
      lettered = answer && (listsItems(text) || (lettered && isItemReply(htmlToPlain(text))));
      const key = (i: number) => (lettered ? String.fromCharCode(97 + i) : String(i + 1));
      write(buttons.map((b, i) => `  ${key(i)}) ${b.text}`).join("\n"));
      write(lettered ? "（输入字母选择；输入数字查看上面列出的第几项）" : "（输入序号选择）");
    }
    write("");
  };

  // Every Bot API call is answered here; nothing leaves the machine.
  bot.api.config.use(async (_prev, method: keyof RawApi | string, payload: Payload) => {
    const ok = <T>(result: T) => ({ ok: true as const, result }) as never;
    switch (method) {
      case "sendMessage": {
        const id = ++messageId;
        print(String(payload["text"] ?? ""), payload["reply_markup"], id);
        return ok({
          message_id: id,
          date: Math.floor(Date.now() / 1000),
          chat: CHAT,
          text: payload["text"],
        } as Message);
      }
      case "sendPoll": {
        const id = ++messageId;
        const options = (payload["options"] as { text: string }[]).map((o) => o.text);
        const poll = {
          id: `${pollPrefix}-${++pollId}`,
          question: String(payload["question"]),
          options: options.map((text) => ({ text, voter_count: 0 })),
          total_voter_count: 0,
          is_closed: false,
          is_anonymous: false,
          type: "quiz",
          allows_multiple_answers: false,
        };
        openPolls.push({ id: poll.id, options });
        // The poll is now what is on screen: letters and numbers answer it, not older buttons.
        choices = [];
        lettered = false;
        const openPeriod = payload["open_period"];
        const timed = typeof openPeriod === "number";
        sentPolls.set(poll.id, {
          poll,
          correct: payload["correct_option_ids"],
          explanation: payload["explanation"],
          timed,
        });
        const limit = timed ? `（限时 ${String(openPeriod)} 秒）` : "";
        write(
          `【测验 ${pollId}】${poll.question}${limit}\n${options.map((o, i) => `  ${i + 1}) ${o}`).join("\n")}\n（输入序号、字母或选项作答）\n`,
        );
        return ok({ message_id: id, date: Math.floor(Date.now() / 1000), chat: CHAT, poll } as unknown as Message);
      }
      case "sendDocument": {
        // The file itself stays unprinted (it may be long); its name, size and caption say what it is.
        const file = payload["document"] as InputFile;
        const raw = await file.toRaw();
        const size = raw instanceof Uint8Array ? `，${raw.length} 字节` : "";
        const caption = typeof payload["caption"] === "string" ? `\n${payload["caption"]}` : "";
        write(`【文件】${file.filename ?? "未命名"}${size}${caption}\n`);
        return ok({ message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: CHAT } as Message);
      }
      case "editMessageText":
        print(String(payload["text"] ?? ""), payload["reply_markup"], Number(payload["message_id"]));
        return ok(true);
      case "answerCallbackQuery":
        if (payload["text"]) write(`（${String(payload["text"])}）\n`);
        return ok(true);
      case "getMe":
        return ok(CONSOLE_BOT);
      default:
        return ok(true); // sendChatAction, setMyCommands, …
    }
  });

  const updateFor = (line: string): Update => {
    const date = Math.floor(Date.now() / 1000);
    if (/^\/quiz\b/.test(line)) openPolls.length = 0;
    const poll = openPolls[0];
    const option = poll ? pollOption(line, poll.options, !lettered) : -1;
    if (poll && option >= 0) {
      openPolls.shift();
      return {
        update_id: ++updateId,
        poll_answer: {
          poll_id: poll.id,
          user: CONSOLE_USER,
          option_ids: [option],
          option_persistent_ids: [],
        },
      } as Update;
    }
    const choice = lettered
      ? /^[a-z]$/i.test(line)
        ? choices[line.toLowerCase().charCodeAt(0) - 97]
        : undefined
      : /^\d+$/.test(line)
        ? choices[Number(line) - 1]
        : undefined;
    if (choice) {
      return {
        update_id: ++updateId,
        callback_query: {
          id: String(updateId),
          from: CONSOLE_USER,
          chat_instance: "console",
          data: choice.data,
          message: { message_id: choice.messageId, date, chat: CHAT, text: "" } as Message.TextMessage,
        },
      };
    }
    const command = /^\/[a-z]+/.exec(line);
    return {
      update_id: ++updateId,
      message: {
        message_id: ++messageId,
        date,
        chat: CHAT,
        from: CONSOLE_USER,
        text: line,
        ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command[0].length }] } : {}),
      },
    };
  };

  await bot.init();
  const rl = createInterface({
    input: io.input,
    crlfDelay: Infinity,
    ...(io.interactive ? { output: io.output, terminal: true } : {}),
  });
  if (io.interactive) {
    write("信访问答（控制台模式）。输入问题或命令（/help），按 Ctrl+D 或输入 /exit 退出。\n");
    rl.setPrompt("> ");
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "/exit" || line === "/quit") break;
    if (line !== "") {
      const update = updateFor(line);
      const answered = update.poll_answer && sentPolls.get(update.poll_answer.poll_id);
      if (answered && Array.isArray(answered.correct)) {
        const right = answered.correct.includes(update.poll_answer!.option_ids[0]);
        const explanation = typeof answered.explanation === "string" ? `\n${answered.explanation}` : "";
        write(`（${right ? "回答正确" : "回答错误"}）${explanation}\n`);
      }
      await bot.handleUpdate(update);
      if (answered?.timed) {
        await bot.handleUpdate({ update_id: ++updateId, poll: { ...answered.poll, is_closed: true } } as Update);
      }
    }
    if (io.interactive) rl.prompt();
  }
  rl.close();
}

/** Whether a message's own text, quoted sources aside, numbers a list. */
function listsItems(html: string): boolean {
  return numberedLines(htmlToPlain(html.replace(/<blockquote(?:\s[^>]*)?>[\s\S]*?<\/blockquote>/g, ""))).length > 0;
}
