/**
 * State that survives a restart, with the real `npm start` process against the local Bot API
 * server: an answer's buttons and the chat's context still work after SIGTERM and a new start with
 * the same DATA_DIR.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { STATE_FILE } from "../../src/app/sqlite-state.ts";
import { CALLBACK } from "../../src/bot/reply.ts";
import { startBotProcess, type BotProcess } from "../support/bot-process.ts";
import { buttons, FakeTelegram, type BotMessage } from "../support/fake-telegram.ts";

const TOKEN = "4242:restart-state-test-token";
const USER = 301;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function start(env: Record<string, string>): BotProcess {
  const bot = startBotProcess({ TELEGRAM_BOT_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: "100", ...env });
  cleanups.push(() => bot.stop());
  return bot;
}

const dataOf = (m: BotMessage, prefix: string) => buttons(m).find((b) => b.data.startsWith(`${prefix}:`))?.data;
const isAnswer = (m: BotMessage) => m.chatId === USER && dataOf(m, CALLBACK.feedback) !== undefined;

describe("a restart between question and button press", () => {
  it("keeps the answer's source and 👍 buttons and the chat's context", async () => {
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    cleanups.push(() => telegram.stop());
    const DATA_DIR = await mkdtemp(path.join(tmpdir(), "xinfang-restart-"));
    cleanups.push(() => rm(DATA_DIR, { recursive: true, force: true }));
    const env = { TELEGRAM_API_ROOT: telegram.apiRoot, DATA_DIR };

    const first = start(env);
    await telegram.waitForCall("getUpdates", 0, 90_000);
    telegram.pushText("惠安县2023年办理了多少件信访事项？", { userId: USER });
    const answer = await telegram.waitForMessage(isAnswer, 0, 30_000);
    expect(answer.plain).toContain("6246件");
    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(DATA_DIR, STATE_FILE))).toBe(true);

    const second = start(env);
    await telegram.waitForCall("getUpdates", telegram.calls.length, 90_000);

    // 📄: the passage of source [1], not "这个回答已过期". (The button is shown only for passages
    // shortened under the answer; it works for every source of the answer.)
    const id = dataOf(answer, CALLBACK.feedback)!.split(":")[1]!;
    let from = telegram.messages.length;
    telegram.pushCallback(answer, `${CALLBACK.source}:${id}:1`, USER);
    const source = await telegram.waitForMessage((m) => m.chatId === USER, from);
    expect(source.text).toContain("<blockquote");
    expect(source.plain).toContain("6246件");
    expect(source.plain).toContain("惠安县人民政府信访局");

    // 👍: thanked, and recorded with the question it was about.
    const calls = telegram.calls.length;
    telegram.pushCallback(answer, `${CALLBACK.feedback}:${id}:u`, USER);
    const thanks = await telegram.waitForCall("answerCallbackQuery", calls);
    expect(thanks.body["text"]).toBe("感谢反馈！");
    const feedback = (await readFile(path.join(DATA_DIR, "feedback.jsonl"), "utf8")).trim().split("\n");
    expect(feedback.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        chatId: USER,
        userId: USER,
        vote: "up",
        question: "惠安县2023年办理了多少件信访事项？",
      }),
    ]);
    const alerts = telegram.calls.filter((c) => c.method === "answerCallbackQuery").map((c) => String(c.body["text"]));
    expect(alerts.filter((text) => text.includes("过期"))).toEqual([]);

    // A follow-up still knows the bureau and year of the question asked before the restart.
    from = telegram.messages.length;
    telegram.pushText("那律师参与接访多少次？", { userId: USER });
    const followUp = await telegram.waitForMessage((m) => m.chatId === USER, from, 30_000);
    expect(followUp.plain).toContain("按上文理解为：惠安县人民政府信访局 · 2023年");
    expect(followUp.plain).toContain("12次");
    expect(await second.stop()).toBe(0);
  }, 240_000);
});
