/**
 * A local Bot API server on 127.0.0.1 for end-to-end tests. It behaves like Telegram where the bot
 * can get it wrong: 4096-character texts, 1-64-byte callback data, HTML that must parse (400 "can't
 * parse entities"), "message is not modified" on identical edits, getUpdates offsets with long
 * polling, 401 for a wrong token, 429 with retry_after on demand, 409 when another instance polls,
 * and slow answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A message the bot sent or edited. */
export interface BotMessage {
  method: "sendMessage" | "editMessageText";
  chatId: number;
  messageId: number;
  text: string;
  plain: string;
  replyMarkup?: Json;
  payload: Json;
}

const ALLOWED_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-spoiler",
  "span",
  "tg-emoji",
]);

/** Parses Telegram HTML: the plain text, or the error Telegram would give. */
export function parseTelegramHtml(html: string): { plain: string } | { error: string } {
  const stack: string[] = [];
  let plain = "";
  for (let i = 0; i < html.length;) {
    const c = html[i]!;
    if (c === "<") {
      const m = /^<(\/?)([a-zA-Z-]+)(\s[^<>]*)?>/.exec(html.slice(i));
      if (!m) return { error: `can't parse entities: Unsupported start tag at byte offset ${i}` };
      const [whole, closing, name] = m;
      const tag = name!.toLowerCase();
      if (!ALLOWED_TAGS.has(tag))
        return { error: `can't parse entities: Unsupported start tag "${tag}" at byte offset ${i}` };
      if (closing) {
        if (stack.pop() !== tag) return { error: `can't parse entities: Unexpected end tag at byte offset ${i}` };
      } else stack.push(tag);
      i += whole.length;
    } else if (c === "&") {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (!m)
        return { error: `can't parse entities: Character '&' is reserved and must be escaped at byte offset ${i}` };
      plain += { lt: "<", gt: ">", amp: "&", quot: '"' }[m[1]!] ?? "?";
      i += m[0].length;
    } else if (c === ">") {
      return { error: `can't parse entities: Character '>' is reserved and must be escaped at byte offset ${i}` };
    } else {
      plain += c;
      i++;
    }
  }
  if (stack.length > 0)
    return { error: `can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { plain };
}

export class FakeTelegram {
  readonly bot = {
    id: 4242,
    is_bot: true,
    first_name: "信访问答测试",
    username: "xinfang_e2e_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  /** Every call the bot made, in order, with the HTTP status it got. */
  readonly calls: { method: string; body: Json; status: number }[] = [];
  readonly messages: BotMessage[] = [];
  commands: Json[] = [];
  /** Polls the bot sent, with the payload it sent them with. */
  readonly sentPolls: { id: string; chatId: number; messageId: number; payload: Json }[] = [];
  private server!: Server;
  private updates: Json[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private polls: { offset: number; respond: (updates: Json[]) => void }[] = [];
  private failures = new Map<string, number[]>();
  private delays = new Map<string, number>();
  /** When set, getUpdates answers 409 as if another instance were polling with the token. */
  conflict = false;
  private listeners: (() => void)[] = [];
  private files = new Map<string, { path: string; bytes: Buffer }>();
  /** Paths of the file downloads served. */
  readonly downloads: string[] = [];

  constructor(readonly token: string) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Listens on 127.0.0.1 (`port` 0: any free port). */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    for (const p of this.polls) p.respond([]);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next call of `method` answers 429 with this retry_after (seconds). */
  failNext(method: string, retryAfter: number): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), retryAfter]);
  }

  /** Every call of `method` is answered `ms` later (a slow or congested Bot API). */
  slowDown(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Queues a text message from a user. */
  pushText(
    text: string,
    opts: { userId: number; chatId?: number; chatType?: "private" | "supergroup"; replyToBot?: boolean },
  ): void {
    const chatType = opts.chatType ?? "private";
    const chat =
      chatType === "private"
        ? { id: opts.userId, type: "private", first_name: `用户${opts.userId}` }
        : { id: opts.chatId, type: chatType, title: "测试群" };
    const entities: Json[] = [];
    const command = /^\/[a-z]+(@\w+)?/.exec(text);
    if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
    const at = text.indexOf(`@${this.bot.username}`);
    if (at >= 0 && !command) entities.push({ type: "mention", offset: at, length: this.bot.username.length + 1 });
    this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: { id: opts.userId, is_bot: false, first_name: `用户${opts.userId}` },
        text,
        ...(entities.length ? { entities } : {}),
        ...(opts.replyToBot ? { reply_to_message: { message_id: 1, date: 0, chat, from: this.bot, text: "…" } } : {}),
      },
    });
  }

  /** A message carrying a document (the file is then served by getFile and /file/bot…/path). */
  documentUpdate(opts: { userId: number; fileName: string; bytes: Buffer; declaredSize?: number }): Json {
    const fileId = `file-${this.files.size + 1}`;
    this.files.set(fileId, {
      path: `documents/${fileId}${opts.fileName.slice(opts.fileName.lastIndexOf("."))}`,
      bytes: opts.bytes,
    });
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: opts.userId, type: "private", first_name: `用户${opts.userId}` },
        from: { id: opts.userId, is_bot: false, first_name: `用户${opts.userId}` },
        document: {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_name: opts.fileName,
          file_size: opts.declaredSize ?? opts.bytes.length,
        },
      },
    };
  }

  /** A poll_answer update for handleUpdate (not queued). */
  pollAnswerUpdate(pollId: string, userId: number, optionIds: number[], name = `用户${userId}`): Json {
    return {
      update_id: this.nextUpdateId++,
      poll_answer: {
        poll_id: pollId,
        user: { id: userId, is_bot: false, first_name: name },
        option_ids: optionIds,
        option_persistent_ids: [],
      },
    };
  }

  /** Queues a button press on a message the bot sent. */
  pushCallback(message: BotMessage, data: string, userId: number): void {
    this.push({
      callback_query: {
        id: String(this.nextUpdateId),
        from: { id: userId, is_bot: false, first_name: `用户${userId}` },
        chat_instance: "e2e",
        data,
        message: {
          message_id: message.messageId,
          date: 0,
          chat: { id: message.chatId, type: "private" },
          from: this.bot,
          text: message.plain,
        },
      },
    });
  }

  /** Resolves with the first message (sent or edited) after `from` that matches, or rejects on timeout. */
  waitForMessage(match: (m: BotMessage) => boolean, from = 0, timeoutMs = 20_000): Promise<BotMessage> {
    return this.waitFor(() => this.messages.slice(from).find(match), timeoutMs, "message");
  }

  /** Resolves once a call of `method` has been made (after index `from`). */
  waitForCall(method: string, from = 0, timeoutMs = 60_000): Promise<{ method: string; body: Json; status: number }> {
    return this.waitFor(() => this.calls.slice(from).find((c) => c.method === method), timeoutMs, method);
  }

  private waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return false;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(found);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      if (!check()) this.listeners.push(listener);
    });
  }

  private push(update: Json): void {
    this.updates.push({ update_id: this.nextUpdateId++, ...update });
    for (const poll of this.polls.splice(0)) poll.respond(this.pending(poll.offset));
  }

  private pending(offset: number): Json[] {
    return this.updates.filter((u) => u.update_id >= offset);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? "");
    if (file) {
      const found = file[1] === this.token ? [...this.files.values()].find((f) => f.path === file[2]) : undefined;
      this.downloads.push(file[2]!);
      res.writeHead(found ? 200 : 404);
      return void res.end(found?.bytes ?? "not found");
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body: Json = raw
      ? req.headers["content-type"]?.includes("json")
        ? JSON.parse(raw)
        : Object.fromEntries(new URLSearchParams(raw))
      : {};
    const method = m?.[2] ?? "";
    const reply = (status: number, json: Json) => {
      this.calls.push({ method, body, status });
      if (!res.writableEnded && !res.destroyed) {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      }
      for (const l of [...this.listeners]) l();
    };
    const ok = (result: unknown) => reply(200, { ok: true, result });
    const bad = (description: string) =>
      reply(400, { ok: false, error_code: 400, description: `Bad Request: ${description}` });
    if (!m || m[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const delay = this.delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (method === "getUpdates" && this.conflict) {
      return reply(409, {
        ok: false,
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
    }
    const retry = this.failures.get(method)?.shift();
    if (retry !== undefined) {
      return reply(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retry}`,
        parameters: { retry_after: retry },
      });
    }

    switch (method) {
      case "getMe":
        return ok(this.bot);
      case "deleteWebhook":
      case "setWebhook":
      case "sendChatAction":
      case "answerCallbackQuery":
      case "answerInlineQuery":
        return ok(true);
      case "sendPoll": {
        // Telegram's limits for quiz polls.
        const question = String(body["question"] ?? "");
        const options = (body["options"] ?? []) as Json[];
        const explanation = body["explanation"] === undefined ? "" : String(body["explanation"]);
        const correct = (body["correct_option_ids"] ?? []) as number[];
        if ([...question].length < 1 || [...question].length > 300) return bad("poll question length must be 1-300");
        if (options.length < 2 || options.length > 12) return bad("poll must have 2-12 options");
        if (options.some((o) => [...String(o["text"] ?? "")].length < 1 || [...String(o["text"])].length > 100))
          return bad("poll options length must be 1-100");
        if ([...explanation].length > 200 || (explanation.match(/\n/g) ?? []).length > 2)
          return bad("quiz poll explanation must be 0-200 characters with at most 2 line feeds");
        if (body["type"] === "quiz" && (correct.length === 0 || correct.some((i) => i < 0 || i >= options.length)))
          return bad("wrong quiz correct option ids");
        const chatId = Number(body["chat_id"]);
        const messageId = this.nextMessageId++;
        const id = `poll-${this.sentPolls.length + 1}`;
        this.sentPolls.push({ id, chatId, messageId, payload: body });
        return ok({
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
          poll: {
            id,
            question,
            options: options.map((o) => ({ text: o["text"], voter_count: 0 })),
            total_voter_count: 0,
            is_closed: false,
            is_anonymous: body["is_anonymous"] !== false,
            type: body["type"] ?? "regular",
            allows_multiple_answers: false,
            correct_option_ids: correct,
          },
        });
      }
      case "getFile": {
        const f = this.files.get(String(body["file_id"]));
        if (!f) return bad("invalid file_id");
        if (f.bytes.length > 20 * 1024 * 1024) return bad("file is too big");
        return ok({
          file_id: body["file_id"],
          file_unique_id: `u-${body["file_id"]}`,
          file_size: f.bytes.length,
          file_path: f.path,
        });
      }
      case "setMyCommands":
        this.commands = body["commands"];
        return ok(true);
      case "getUpdates": {
        const offset = Number(body["offset"] ?? 0);
        this.updates = this.updates.filter((u) => u.update_id >= offset); // confirmed by the offset
        const ready = this.pending(offset);
        if (ready.length > 0 || Number(body["timeout"] ?? 0) === 0)
          return ok(ready.slice(0, Number(body["limit"] ?? 100)));
        const poll = { offset, respond: (updates: Json[]) => ok(updates) };
        this.polls.push(poll);
        req.on("close", () => (this.polls = this.polls.filter((p) => p !== poll)));
        setTimeout(
          () => {
            if (this.polls.includes(poll)) {
              this.polls = this.polls.filter((p) => p !== poll);
              poll.respond([]);
            }
          },
          Math.min(Number(body["timeout"]), 5) * 1000,
        ).unref();
        return;
      }
      case "sendMessage":
      case "editMessageText": {
        const text = String(body["text"] ?? "");
        if (text.trim() === "") return bad("message text is empty");
        let plain = text;
        if (body["parse_mode"] === "HTML") {
          const parsed = parseTelegramHtml(text);
          if ("error" in parsed) return bad(parsed.error);
          plain = parsed.plain;
        }
        if (plain.length > 4096) return bad("message is too long");
        const markup =
          typeof body["reply_markup"] === "string" ? JSON.parse(body["reply_markup"]) : body["reply_markup"];
        for (const b of (markup?.inline_keyboard ?? []).flat()) {
          const bytes = Buffer.byteLength(b.callback_data ?? "x", "utf8");
          if (bytes < 1 || bytes > 64) return bad("BUTTON_DATA_INVALID");
        }
        const chatId = Number(body["chat_id"]);
        if (method === "editMessageText") {
          const messageId = Number(body["message_id"]);
          const current = [...this.messages].reverse().find((x) => x.chatId === chatId && x.messageId === messageId);
          if (
            current &&
            current.text === text &&
            JSON.stringify(current.replyMarkup ?? null) === JSON.stringify(markup ?? null)
          ) {
            return bad(
              "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
            );
          }
          this.messages.push({ method, chatId, messageId, text, plain, replyMarkup: markup, payload: body });
          return ok({ message_id: messageId, date: 0, chat: { id: chatId, type: "private" }, text: plain });
        }
        const messageId = this.nextMessageId++;
        this.messages.push({ method, chatId, messageId, text, plain, replyMarkup: markup, payload: body });
        return ok({
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
          text: plain,
        });
      }
      default:
        return reply(404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    }
  }
}

/** callback_data of every button of a message. */
export function buttons(message: BotMessage): { text: string; data: string }[] {
  return ((message.replyMarkup?.["inline_keyboard"] ?? []) as Json[][])
    .flat()
    .map((b) => ({ text: String(b["text"]), data: String(b["callback_data"]) }));
}
