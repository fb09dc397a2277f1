/**
 * "typing…" stays visible while an answer is produced (Telegram hides it after 5 s), through the
 * local Bot API server, with a timer the test advances by hand and an answer the test releases.
 */
import type { Bot, Context } from "grammy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Conversation } from "../../src/app/conversation.ts";
import { createBot } from "../../src/bot/create-bot.ts";
import type { IntervalTimer } from "../../src/bot/typing.ts";
import { buildTestApp, testBotDeps } from "../helpers.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { textUpdate } from "../support/recording-api.ts";

const TOKEN = "4242:typing-test-token";
const USER = 31;
const QUESTION = "惠安县2023年办理了多少件信访事项？";

/** Intervals that fire only when the test says so. */
class ManualTimer implements IntervalTimer {
  readonly intervals = new Map<number, { callback: () => void; ms: number }>();
  private nextId = 1;
  setInterval(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.intervals.set(id, { callback, ms });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }
  tick(): void {
    for (const { callback } of [...this.intervals.values()]) callback();
  }
}

/** An answer held back until the test releases it (or makes it fail). */
function gate(): { wait: Promise<void>; open: () => void; fail: (error: Error) => void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const wait = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { wait, open, fail };
}

let telegram: FakeTelegram;
let bot: Bot<Context>;
let cleanup: () => Promise<void>;
const timer = new ManualTimer();
let held = gate();

beforeAll(async () => {
  telegram = new FakeTelegram(TOKEN);
  await telegram.start();
  const built = await buildTestApp();
  cleanup = built.cleanup;
  const real = built.app.conversation;
  const conversation = Object.create(real) as Conversation;
  conversation.ask = async (...args) => {
    await held.wait;
    return real.ask(...args);
  };
  bot = createBot(testBotDeps({ ...built.app, conversation }, { timer }), { token: TOKEN, apiRoot: telegram.apiRoot });
  await bot.init();
});
// A test that failed half-way must not leave its answer held (the chat's next update would wait behind it).
afterEach(() => held.open());
afterAll(async () => {
  await telegram.stop();
  await cleanup();
});

const chatActions = () => telegram.calls.filter((c) => c.method === "sendChatAction").length;

/**
 * Lets the timer fire until `n` chat actions reached Telegram (a tick while one is still under way
 * sends none, so it may take more ticks than actions); gives up after a few thousand.
 */
async function ticksUntil(n: number): Promise<void> {
  for (let i = 0; chatActions() < n; i++) {
    if (i === 2000) throw new Error(`only ${chatActions()} chat actions after ${i} ticks`);
    timer.tick();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("typing while answering", () => {
  it("is sent again before it fades until the answer is sent, then stops", async () => {
    held = gate();
    const from = telegram.messages.length;
    const handled = bot.handleUpdate(textUpdate(QUESTION, { userId: USER }));
    await telegram.waitForCall("sendChatAction");
    // Repeated before Telegram's 5 s fade.
    expect([...timer.intervals.values()].map((i) => i.ms < 5000)).toEqual([true]);
    await ticksUntil(3);
    const actions = telegram.calls.filter((c) => c.method === "sendChatAction").map((c) => c.body["action"]);
    expect(new Set(actions)).toEqual(new Set(["typing"]));
    expect(telegram.messages.slice(from)).toHaveLength(0); // still answering

    held.open();
    await handled;
    expect(telegram.messages.slice(from).at(-1)!.plain).toContain("6246件");
    expect(timer.intervals.size).toBe(0);
    const sent = chatActions();
    timer.tick();
    // Neither a command nor group chatter is answered: no typing for them.
    await bot.handleUpdate(textUpdate("/artcle", { userId: USER }));
    await bot.handleUpdate(textUpdate("大家好", { userId: USER, chatId: -100, chatType: "supergroup" }));
    expect(timer.intervals.size).toBe(0);
    expect(chatActions()).toBe(sent);
  });

  it("stops when answering fails", async () => {
    held = gate();
    const from = telegram.messages.length;
    const calls = telegram.calls.length;
    const handled = bot.handleUpdate(textUpdate(QUESTION, { userId: USER }));
    await telegram.waitForCall("sendChatAction", calls);
    expect(timer.intervals.size).toBe(1);
    held.fail(new Error("index unavailable"));
    await handled;
    expect(timer.intervals.size).toBe(0);
    expect(telegram.messages.slice(from).at(-1)!.plain).toContain("抱歉");
  });
});
