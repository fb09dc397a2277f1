/** Admins add and withdraw reports from the chat, through the local Bot API server (getFile + download). */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { createBot } from "../../src/bot/create-bot.ts";
import type { BotDeps } from "../../src/bot/deps.ts";
import { createFileFetcher } from "../../src/bot/file-fetcher.ts";
import { CORPUS, testApp, testBotDeps, testConfig } from "../helpers.ts";
import { buttons, FakeTelegram } from "../support/fake-telegram.ts";
import { makeDocx, makeScannedPdf, reportLines } from "../support/fixtures.ts";
import { cjkFontFamilies, renderPages } from "../support/scan.ts";

const TOKEN = "4242:upload-test-token";
const ADMIN = 1;
const USER = 2;
let telegram: FakeTelegram;
let work: string;
let deps: BotDeps;
let bot: ReturnType<typeof createBot>;

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  work = await mkdtemp(path.join(tmpdir(), "xinfang-upload-"));
  await cp(CORPUS, path.join(work, "corpus"), { recursive: true });
  const config = testConfig(path.join(work, "data"), path.join(work, "corpus"));
  deps = testBotDeps(await testApp(config), {
    access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [ADMIN], rateLimitPerMinute: 100 },
    uploads: {
      maxBytes: 200_000,
      fetchFile: createFileFetcher({ apiRoot: telegram.apiRoot, token: TOKEN, timeoutMs: 5000 }),
    },
  });

  bot = createBot(deps, { token: TOKEN, apiRoot: telegram.apiRoot });
  await bot.init();
});
afterAll(async () => {
  await telegram.stop();
  await rm(work, { recursive: true, force: true });
});

const files = () => readdir(path.join(work, "corpus", "reports"));
const lastTo = (chatId: number) => telegram.messages.filter((m) => m.chatId === chatId).at(-1)!;

describe("uploading a report from the chat", () => {
  it("an admin's .docx is downloaded, saved, described, indexed, and then answers questions", async () => {
    const bytes = await makeDocx(reportLines("新区县信访局", 2025, 40));
    await bot.handleUpdate(
      telegram.documentUpdate({ userId: ADMIN, fileName: "新区县信访局-2025.docx", bytes }) as Update,
    );
    expect(telegram.downloads.at(-1)).toMatch(/^documents\/file-\d+\.docx$/);
    expect(await files()).toContain("新区县信访局-2025.docx");
    const described = telegram.messages.filter((m) => m.chatId === ADMIN).at(-1)!.plain;
    expect(described).toContain("信访局：新区县信访局");
    expect(described).toContain("年度：2025年");
    expect(described).toContain("章节（2）：一、主要工作；二、下一步工作");
    expect(described).toMatch(/片段：\d+ 个/);
    await telegram.waitForMessage((m) => m.chatId === ADMIN && m.plain.startsWith("索引已更新"));
    const answer = await deps.app.ask("新区县信访局2025年全年共受理群众来信来访多少件？");
    expect(answer.answer).toContain("3167件");
    expect(answer.citations[0]).toMatchObject({
      bureau: "新区县信访局",
      year: 2025,
      source: "corpus/reports/新区县信访局-2025.docx",
    });
  });

  it("a second file with the same name is kept beside the first, and the clash is reported", async () => {
    const bytes = await makeDocx(reportLines("新区县信访局", 2025, 41));
    await bot.handleUpdate(
      telegram.documentUpdate({ userId: ADMIN, fileName: "新区县信访局-2025.docx", bytes }) as Update,
    );
    expect(await files()).toContain("新区县信访局-2025-2.docx");
    const done = await telegram.waitForMessage(
      (m) => m.chatId === ADMIN && m.plain.startsWith("索引已更新") && m.plain.includes("注意"),
    );
    expect(done.plain).toContain("新区县信访局 2025年 现有2份报告");
  });

  it("refuses a non-admin's file, too large a file, an unsupported type and an unreadable file — saving none", async () => {
    const before = await files();
    await bot.handleUpdate(
      telegram.documentUpdate({
        userId: USER,
        fileName: "x.docx",
        bytes: await makeDocx(["某县信访局2025年报告"]),
      }) as Update,
    );
    expect(lastTo(USER).plain).toContain(`仅限管理员使用。您的用户ID是 ${USER}`);
    await bot.handleUpdate(
      telegram.documentUpdate({
        userId: ADMIN,
        fileName: "big.pdf",
        bytes: Buffer.from("x"),
        declaredSize: 5_000_000,
      }) as Update,
    );
    expect(lastTo(ADMIN).plain).toContain("文件太大（4.8 MB），上限为 0.2 MB");
    await bot.handleUpdate(
      telegram.documentUpdate({ userId: ADMIN, fileName: "表.xlsx", bytes: Buffer.from("x") }) as Update,
    );
    expect(lastTo(ADMIN).plain).toContain("无法使用这个文件，未保存：不支持这种文件类型");
    await bot.handleUpdate(
      telegram.documentUpdate({ userId: ADMIN, fileName: "扫描.pdf", bytes: makeScannedPdf() }) as Update,
    );
    expect(lastTo(ADMIN).plain).toMatch(/无法使用这个文件，未保存：这是没有文字层的 PDF（可能是扫描件）/);
    expect(await files()).toEqual(before);
  });

  it("refuses a non-admin's photo in a private chat as it refuses a file: nothing downloaded, read or saved", async () => {
    const before = await files();
    const downloads = telegram.downloads.length;
    const getFiles = telegram.calls.filter((c) => c.method === "getFile").length;
    await bot.handleUpdate(
      telegram.photoUpdate({
        userId: USER,
        bytes: Buffer.from("not really a jpeg"),
        width: 800,
        height: 600,
      }) as Update,
    );
    expect(lastTo(USER).plain).toContain(`仅限管理员使用。您的用户ID是 ${USER}`);
    expect(telegram.calls.filter((c) => c.method === "getFile")).toHaveLength(getFiles);
    expect(telegram.downloads).toHaveLength(downloads);
    expect(await files()).toEqual(before);
  });

  it.skipIf(!cjkFontFamilies())(
    "an admin's photo of a page is read by OCR (said while it runs), saved as a .jpg report, and answers questions",
    async () => {
      const [title, ...body] = reportLines("照片县信访局", 2025, 50);
      const size = { width: 1240, height: 760, margin: 60 };
      const [page] = renderPages(body, { title: [title!], fonts: cjkFontFamilies()!, page: size });
      const before = telegram.messages.length;
      await bot.handleUpdate(telegram.photoUpdate({ userId: ADMIN, bytes: page!.jpeg, ...size }) as Update);
      expect(telegram.downloads.at(-1)).toMatch(/^photos\/photo-\d+\.jpg$/); // the full size, not the thumbnail
      const replies = telegram.messages.filter((m) => m.chatId === ADMIN).map((m) => m.plain);
      expect(replies.at(-2)).toContain("正在进行文字识别（OCR）");
      expect(replies.at(-1)).toContain("信访局：照片县信访局");
      expect(replies.at(-1)).toContain("年度：2025年");
      expect((await files()).filter((f) => f.startsWith("照片-"))).toHaveLength(1);
      await telegram.waitForMessage(
        (m) => m.chatId === ADMIN && m.plain.startsWith("索引已更新") && telegram.messages.indexOf(m) >= before,
      );
      const answer = await deps.app.ask("照片县信访局2025年全年共受理群众来信来访多少件？");
      expect(answer.answer).toContain("3177件");
      expect(answer.citations[0]).toMatchObject({
        bureau: "照片县信访局",
        source: expect.stringMatching(/^corpus\/reports\/照片-.+\.jpg$/),
      });
    },
  );

  it("/remove withdraws a report after confirmation and the index forgets it", async () => {
    await bot.handleUpdate(
      telegram.documentUpdate({ userId: ADMIN, fileName: "x", bytes: Buffer.from("x") }) as Update,
    ); // no extension: refused
    const update = (text: string): Update =>
      ({
        update_id: 9000 + telegram.messages.length,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: ADMIN, type: "private", first_name: "a" },
          from: { id: ADMIN, is_bot: false, first_name: "a" },
          text,
          entities: [{ type: "bot_command", offset: 0, length: text.length }],
        },
      }) as Update;
    const press = (data: string, messageId: number, from = ADMIN): Update =>
      ({
        update_id: 9500 + telegram.calls.length,
        callback_query: {
          id: "q",
          from: { id: from, is_bot: false, first_name: "a" },
          chat_instance: "c",
          data,
          message: { message_id: messageId, date: 0, chat: { id: ADMIN, type: "private", first_name: "a" }, text: "" },
        },
      }) as Update;

    await bot.handleUpdate(update("/remove"));
    const list = lastTo(ADMIN);
    const target = buttons(list).find((b) => b.text.startsWith("新区县信访局"))!;
    await bot.handleUpdate(press(target.data, list.messageId, USER)); // a non-admin's press does nothing
    expect(await files()).toContain("新区县信访局-2025.docx");
    await bot.handleUpdate(press(target.data, list.messageId));
    const confirm = telegram.messages.at(-1)!;
    expect(confirm.plain).toContain("确定撤下这份报告吗？");
    const from = telegram.messages.length;
    await bot.handleUpdate(press(buttons(confirm).find((b) => b.text.includes("确认"))!.data, list.messageId));
    const remaining = await files();
    expect(remaining.filter((f) => f.startsWith("新区县信访局-2025")).length).toBe(1);
    expect((await readdir(path.join(work, "data", "removed"))).some((f) => f.includes("新区县信访局-2025"))).toBe(true);
    const done = await telegram.waitForMessage((m) => m.chatId === ADMIN && m.plain.startsWith("索引已更新"), from);
    expect(done.plain).not.toContain("注意");
    expect(deps.app.library.reports().filter((r) => r.bureau === "新区县信访局")).toHaveLength(1);
  });

  it("a 300-character file name is shortened to fit the file system, keeping the bureau it starts with", async () => {
    // The title names no bureau: it is read from the start of the file name, which must survive.
    const lines = reportLines("我局", 2025, 50).map((l) => l.replace("我局2025年", "2025年"));
    const stem = `长名县信访局-2025-${"关于进一步推进信访工作法治化建设的情况".repeat(20)}`.slice(0, 295);
    const fileName = `${stem}.docx`;
    expect([...fileName]).toHaveLength(300);
    const from = telegram.messages.length;
    await bot.handleUpdate(
      telegram.documentUpdate({ userId: ADMIN, fileName, bytes: await makeDocx(lines) }) as Update,
    );
    const saved = (await files()).find((f) => f.startsWith("长名县信访局-2025-"))!;
    expect(saved).toMatch(/\.docx$/);
    expect(stem.startsWith(saved.slice(0, -".docx".length))).toBe(true);
    expect(Buffer.byteLength(saved, "utf8")).toBeLessThanOrEqual(255);
    const described = lastTo(ADMIN).plain;
    expect(described).toContain(`已收到并保存：${saved}`);
    expect(described).toContain("信访局：长名县信访局");
    expect(described).toContain("年度：2025年");
    await telegram.waitForMessage((m) => m.chatId === ADMIN && m.plain.startsWith("索引已更新"), from);
    expect(telegram.messages.slice(from).some((m) => m.plain.includes("出错"))).toBe(false);
    expect(deps.app.library.reports().find((r) => r.bureau === "长名县信访局")).toMatchObject({ year: 2025 });
  });
});
