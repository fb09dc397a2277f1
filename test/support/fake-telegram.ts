/**
 * A local Bot API server on 127.0.0.1 for end-to-end tests. It behaves like Telegram where the bot
 * can get it wrong: 4096-character texts, inline buttons with exactly one action (1-64-byte callback
 * data, 1-256-character copy_text), HTML that must parse, tags and attributes (400 "can't parse
 * entities"; `<blockquote expandable>`), "message is not modified" on identical edits, getUpdates
 * offsets with long polling, 401 for a wrong token, 429 with retry_after on demand, 409 when another instance polls,
 * slow answers, command menus per scope, inline query answers within Telegram's limits, and message
 * drafts (private chats only, a non-zero draft_id, at most 4096 characters; a draft stays visible
 * until the bot sends a message to its chat).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A message draft the bot streamed (sendMessageDraft). */
export interface BotDraft {
  chatId: number;
  draftId: number;
  text: string;
  payload: Json;
}

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

/**
 * The attributes each tag may carry, and the values allowed (undefined: any). Telegram itself
 * ignores other attributes; this server refuses them, so that a misspelt one (`<blockquote
 * expandible>`, which Telegram would show as a plain quote) fails a test instead.
 */
const ALLOWED_ATTRIBUTES: Record<string, Record<string, RegExp | undefined>> = {
  a: { href: undefined },
  blockquote: { expandable: /^$/ },
  code: { class: /^language-[\w+#-]+$/ },
  span: { class: /^tg-spoiler$/ },
  "tg-emoji": { "emoji-id": /^\d+$/ },
};

/** Why a start tag's attributes are refused, or undefined when they are valid. */
function attributesProblem(tag: string, attributes: string): string | undefined {
  const allowed = ALLOWED_ATTRIBUTES[tag] ?? {};
  const seen = new Set<string>();
  const attribute = /\s+([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  const text = attributes.replace(/\s+$/, "");
  while (attribute.lastIndex < text.length) {
    const m = attribute.exec(text);
    if (!m) return `Malformed attributes of tag "${tag}"`;
    const name = m[1]!.toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? "";
    if (!Object.hasOwn(allowed, name)) return `Unsupported attribute "${name}" of tag "${tag}"`;
    if (seen.has(name)) return `Duplicate attribute "${name}" of tag "${tag}"`;
    if (allowed[name] && !allowed[name].test(value)) return `Wrong value of attribute "${name}" of tag "${tag}"`;
    seen.add(name);
  }
  if (tag === "span" && !seen.has("class")) return `Tag "span" must have class "tg-spoiler"`;
  return undefined;
}

/** Parses Telegram HTML: the plain text, or the error Telegram would give. */
export function parseTelegramHtml(html: string): { plain: string } | { error: string } {
  const stack: string[] = [];
  let plain = "";
  for (let i = 0; i < html.length;) {
    const c = html[i]!;
    if (c === "<") {
      const m = /^<(\/?)([a-zA-Z-]+)(\s[^<>]*)?>/.exec(html.slice(i));
      if (!m) return { error: `can't parse entities: Unsupported start tag at byte offset ${i}` };
      const [whole, closing, name, attributes] = m;
      const tag = name!.toLowerCase();
      if (!ALLOWED_TAGS.has(tag))
        return { error: `can't parse entities: Unsupported start tag "${tag}" at byte offset ${i}` };
      const problem = closing
        ? attributes && attributes.trim() !== ""
          ? `End tag "${tag}" can't have attributes`
          : undefined
        : attributesProblem(tag, attributes ?? "");
      if (problem) return { error: `can't parse entities: ${problem} at byte offset ${i}` };
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
  /** Every message draft the bot streamed, in order. */
  readonly drafts: BotDraft[] = [];
  /** The draft each private chat shows now: cleared when the bot sends a message to that chat. */
  private visibleDrafts = new Map<number, BotDraft>();
  /** Methods answered 404, as by a Bot API server that predates them. */
  private removed = new Set<string>();
  /** The command menus set, by scope ("default", or "chat:<id>" for a chat's own). */
  readonly commandsByScope = new Map<string, Json[]>();
  /** Polls the bot sent, with the payload it sent them with. */
  readonly sentPolls: { id: string; chatId: number; messageId: number; payload: Json }[] = [];
  /** Files the bot sent (sendDocument, uploaded as multipart/form-data), with their bytes. */
  readonly documents: { chatId: number; fileName: string; bytes: Buffer; caption?: string; payload: Json }[] = [];
  private server!: Server;
  private updates: Json[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextInlineQueryId = 1;
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

  /** The default scope's command menu (what everyone sees without a more specific one). */
  get commands(): Json[] {
    return this.commandsFor({ type: "default" });
  }

  /** The command menu set for a scope (empty when none was set). */
  commandsFor(scope: { type: string; chat_id?: number }): Json[] {
    return this.commandsByScope.get(scopeKey(scope)) ?? [];
  }

  /** The next call of `method` answers 429 with this retry_after (seconds). */
  failNext(method: string, retryAfter: number): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), retryAfter]);
  }

  /** `method` answers 404 "method not found" from now on, as a Bot API server that predates it. */
  removeMethod(method: string): void {
    this.removed.add(method);
  }

  /** The message draft a chat shows now, if any. */
  visibleDraft(chatId: number): BotDraft | undefined {
    return this.visibleDrafts.get(chatId);
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
    return this.privateMessage(opts.userId, {
      document: {
        file_id: fileId,
        file_unique_id: `u-${fileId}`,
        file_name: opts.fileName,
        file_size: opts.declaredSize ?? opts.bytes.length,
      },
    });
  }

  /** An update of a message from a user in their private chat with the bot, with `content`. */
  private privateMessage(userId: number, content: Json): Json {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: "private", first_name: `用户${userId}` },
        from: { id: userId, is_bot: false, first_name: `用户${userId}` },
        ...content,
      },
    };
  }

  /** A message carrying a photo (Telegram's JPEG, no file name; a thumbnail and the full size). */
  photoUpdate(opts: { userId: number; bytes: Buffer; width: number; height: number }): Json {
    const fileId = `photo-${this.files.size + 1}`;
    this.files.set(fileId, { path: `photos/${fileId}.jpg`, bytes: opts.bytes });
    const thumb = `${fileId}-thumb`;
    this.files.set(thumb, { path: `photos/${thumb}.jpg`, bytes: opts.bytes.subarray(0, 100) });
    const scale = 90 / Math.max(opts.width, opts.height);
    return this.privateMessage(opts.userId, {
      photo: [
        {
          file_id: thumb,
          file_unique_id: `u-${thumb}`,
          width: Math.round(opts.width * scale),
          height: Math.round(opts.height * scale),
          file_size: 100,
        },
        {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          width: opts.width,
          height: opts.height,
          file_size: opts.bytes.length,
        },
      ],
    });
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

  /** An inline_query update ("@bot <query>" typed in any chat) for handleUpdate (not queued). */
  inlineQueryUpdate(query: string, userId: number): Json {
    return { update_id: this.nextUpdateId++, inline_query: this.inlineQuery(query, userId) };
  }

  /** Queues an inline query for a polling bot. */
  pushInlineQuery(query: string, userId: number): void {
    this.push({ inline_query: this.inlineQuery(query, userId) });
  }

  private inlineQuery(query: string, userId: number): Json {
    return {
      id: `iq-${this.nextInlineQueryId++}`,
      from: { id: userId, is_bot: false, first_name: `用户${userId}` },
      query,
      offset: "",
      chat_type: "sender",
    };
  }

  /** A `poll` update for handleUpdate (not queued): a poll the bot sent, now closed (its open_period is over). */
  pollClosedUpdate(pollId: string): Json {
    const sent = this.sentPolls.find((p) => p.id === pollId);
    if (!sent) throw new Error(`no poll ${pollId} was sent`);
    const options = (sent.payload["options"] ?? []) as Json[];
    return {
      update_id: this.nextUpdateId++,
      poll: {
        id: pollId,
        question: sent.payload["question"],
        options: options.map((o) => ({ text: o["text"], voter_count: 0 })),
        total_voter_count: 0,
        is_closed: true,
        is_anonymous: sent.payload["is_anonymous"] !== false,
        type: sent.payload["type"] ?? "regular",
        allows_multiple_answers: false,
        correct_option_ids: sent.payload["correct_option_ids"],
        ...(sent.payload["open_period"] !== undefined ? { open_period: sent.payload["open_period"] } : {}),
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
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString("utf8");
    const contentType = req.headers["content-type"] ?? "";
    // grammY uploads InputFiles as multipart/form-data: fields, and files named by attach:// ids.
    const form = contentType.startsWith("multipart/form-data") ? parseMultipart(bytes, contentType) : undefined;
    const body: Json = form
      ? form.fields
      : raw
        ? contentType.includes("json")
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

    if (this.removed.has(method))
      return reply(404, { ok: false, error_code: 404, description: "Not Found: method not found" });

    switch (method) {
      case "getMe":
        return ok(this.bot);
      case "deleteWebhook":
      case "setWebhook":
      case "sendChatAction":
      case "answerCallbackQuery":
        return ok(true);
      case "answerInlineQuery": {
        const problem = inlineAnswerProblem(body);
        if (problem) return bad(problem);
        return ok(true);
      }
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
        if (body["open_period"] !== undefined && body["close_date"] !== undefined)
          return bad("can't specify both open_period and close_date");
        const openPeriod = body["open_period"] === undefined ? undefined : Number(body["open_period"]);
        if (openPeriod !== undefined && !(Number.isInteger(openPeriod) && openPeriod >= 5 && openPeriod <= 600))
          return bad("poll open_period must be 5-600 seconds");
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
      case "sendDocument": {
        const attached = /^attach:\/\/(.+)$/.exec(String(body["document"] ?? ""));
        const file = attached ? form?.files.get(attached[1]!) : undefined;
        if (!file) return bad("there is no document in the request");
        if (file.bytes.length === 0) return bad("file must be non-empty");
        if (file.bytes.length > 50 * 1024 * 1024) return bad("file is too big");
        const caption = body["caption"] === undefined ? undefined : String(body["caption"]);
        if (caption !== undefined) {
          const parsed = body["parse_mode"] === "HTML" ? parseTelegramHtml(caption) : { plain: caption };
          if ("error" in parsed) return bad(parsed.error);
          if ([...parsed.plain].length > 1024) return bad("message caption is too long");
        }
        const chatId = Number(body["chat_id"]);
        this.documents.push({
          chatId,
          fileName: file.fileName,
          bytes: file.bytes,
          ...(caption !== undefined ? { caption } : {}),
          payload: body,
        });
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
          document: {
            file_id: `sent-${this.documents.length}`,
            file_unique_id: `us-${this.documents.length}`,
            file_name: file.fileName,
            file_size: file.bytes.length,
          },
          ...(caption !== undefined ? { caption } : {}),
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
      case "setMyCommands": {
        const commands = (body["commands"] ?? []) as Json[];
        if (commands.length > 100) return bad("too many commands");
        for (const c of commands) {
          if (!/^[a-z0-9_]{1,32}$/.test(String(c["command"] ?? ""))) return bad("BOT_COMMAND_INVALID");
          const description = [...String(c["description"] ?? "").trim()].length;
          if (description < 1 || description > 256) return bad("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        this.commandsByScope.set(scopeKey(body["scope"] ?? { type: "default" }), commands);
        return ok(true);
      }
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
      case "sendMessageDraft": {
        const chatId = Number(body["chat_id"]);
        const draftId = Number(body["draft_id"]);
        // In this server, as in Telegram's ids, private chats are the positive ones.
        if (!(chatId > 0)) return bad("message drafts can be sent only to private chats");
        if (!Number.isInteger(draftId) || draftId === 0) return bad("draft_id must be a non-zero integer");
        // 0-4096 characters after entities parsing; an empty text shows a "Thinking…" placeholder.
        const text = String(body["text"] ?? "");
        let plain = text;
        if (body["parse_mode"] === "HTML") {
          const parsed = parseTelegramHtml(text);
          if ("error" in parsed) return bad(parsed.error);
          plain = parsed.plain;
        }
        if (plain.length > 4096) return bad("message draft text is too long");
        const draft = { chatId, draftId, text, payload: body };
        this.drafts.push(draft);
        this.visibleDrafts.set(chatId, draft);
        return ok(true);
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
        const keyboardProblem = inlineKeyboardProblem(markup);
        if (keyboardProblem) return bad(keyboardProblem);
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
        this.visibleDrafts.delete(chatId); // a message from the bot ends its draft
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

/**
 * A multipart/form-data body: its text fields, and its files by part name (grammY names a file's part
 * with the id its field refers to as attach://<id>).
 */
function parseMultipart(
  body: Buffer,
  contentType: string,
): { fields: Json; files: Map<string, { fileName: string; bytes: Buffer }> } {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  const fields: Json = {};
  const files = new Map<string, { fileName: string; bytes: Buffer }>();
  if (!boundary) return { fields, files };
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === "--") break; // the closing delimiter
    const end = body.indexOf(delimiter, from);
    if (end < 0) break;
    const part = body.subarray(from + 2, end - 2); // without the CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const fileName = /filename="?([^"\r\n;]*)"?/i.exec(headers)?.[1];
    if (name !== undefined && fileName !== undefined) files.set(name, { fileName, bytes: Buffer.from(content) });
    else if (name !== undefined) fields[name] = content.toString("utf8");
    start = end;
  }
  return { fields, files };
}

/** The key of a BotCommandScope in commandsByScope. */
function scopeKey(scope: Json): string {
  return scope["chat_id"] === undefined ? String(scope["type"]) : `${scope["type"]}:${scope["chat_id"]}`;
}

/** What Telegram would refuse in an answerInlineQuery (articles with text content only), or undefined. */
function inlineAnswerProblem(body: Json): string | undefined {
  const results = (body["results"] ?? []) as Json[];
  if (!Array.isArray(results)) return "results must be an array";
  if (results.length > 50) return "RESULTS_TOO_MUCH";
  const ids = new Set<string>();
  for (const r of results) {
    const id = String(r["id"] ?? "");
    const bytes = Buffer.byteLength(id, "utf8");
    if (bytes < 1 || bytes > 64) return "RESULT_ID_INVALID";
    if (ids.has(id)) return "RESULT_ID_DUPLICATE";
    ids.add(id);
    if (r["type"] !== "article") return `unsupported result type ${String(r["type"])}`;
    if (String(r["title"] ?? "").trim() === "") return "RESULT_TITLE_EMPTY";
    const content = r["input_message_content"] as Json | undefined;
    const text = String(content?.["message_text"] ?? "");
    if (text.trim() === "") return "MESSAGE_EMPTY";
    let plain = text;
    if (content?.["parse_mode"] === "HTML") {
      const parsed = parseTelegramHtml(text);
      if ("error" in parsed) return parsed.error;
      plain = parsed.plain;
    }
    if (plain.length > 4096) return "MESSAGE_TOO_LONG";
  }
  const button = body["button"] as Json | undefined;
  if (button) {
    if (String(button["text"] ?? "").trim() === "") return "BUTTON_TEXT_INVALID";
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(String(button["start_parameter"] ?? ""))) return "START_PARAM_INVALID";
  }
  return undefined;
}

/** What an inline keyboard button does: Telegram's fields, of which a button has exactly one. */
const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "copy_text",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "web_app",
  "login_url",
  "callback_game",
  "pay",
];

/**
 * What Telegram would refuse in a reply markup's inline keyboard, or undefined: a button needs text
 * and exactly one action (Telegram silently uses the first of several; refused here, as a bug);
 * callback_data 1-64 bytes, an http(s) or tg url, copy_text.text 1-256 characters.
 */
export function inlineKeyboardProblem(markup: Json | undefined): string | undefined {
  if (markup?.["inline_keyboard"] === undefined) return undefined;
  const rows = markup["inline_keyboard"] as unknown;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row)))
    return 'can\'t parse inline keyboard: field "inline_keyboard" must be an Array of Arrays';
  for (const b of (rows as Json[][]).flat()) {
    if (typeof b["text"] !== "string" || b["text"].trim() === "") return "BUTTON_TEXT_INVALID";
    const actions = BUTTON_ACTIONS.filter((a) => b[a] !== undefined);
    if (actions.length === 0)
      return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
    if (actions.length > 1)
      return `can't parse inline keyboard button: exactly one of ${actions.join(", ")} must be used`;
    if (b["callback_data"] !== undefined) {
      const bytes = Buffer.byteLength(String(b["callback_data"]), "utf8");
      if (typeof b["callback_data"] !== "string" || bytes < 1 || bytes > 64) return "BUTTON_DATA_INVALID";
    }
    if (b["url"] !== undefined && !/^(https?|tg):\/\/\S+$/.test(String(b["url"]))) return "BUTTON_URL_INVALID";
    if (b["copy_text"] !== undefined) {
      const text = (b["copy_text"] as Json | null)?.["text"];
      if (typeof text !== "string" || text.length < 1 || text.length > 256) return "BUTTON_COPY_TEXT_INVALID";
    }
  }
  return undefined;
}

/** Every button of a message: its text, its callback_data, and the text it copies (copy_text buttons). */
export function buttons(message: BotMessage): { text: string; data: string; copy?: string }[] {
  return ((message.replyMarkup?.["inline_keyboard"] ?? []) as Json[][]).flat().map((b) => ({
    text: String(b["text"]),
    data: String(b["callback_data"]),
    ...(b["copy_text"] ? { copy: String((b["copy_text"] as Json)["text"]) } : {}),
  }));
}
