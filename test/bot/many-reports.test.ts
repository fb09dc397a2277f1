/**
 * A corpus larger than a screen: 45 synthetic reports (the real ones under invented bureaus). The
 * report list pages, a filter finds reports, and /help and refusals name a few bureaus and sum up
 * the rest instead of listing every report.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Bot, Context } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { writeSyntheticCorpus, type SyntheticReport } from "../../src/bench/synthetic.ts";
import { createBot } from "../../src/bot/create-bot.ts";
import { callbackBytes } from "../../src/bot/html.ts";
import { CORPUS, testApp, testBotDeps, testConfig } from "../helpers.ts";
import { buttonData, callbackUpdate, recordApi, TEST_BOT, textUpdate, type ApiCall } from "../support/recording-api.ts";

const COUNT = 45;
let dir: string;
let app: App;
let reports: SyntheticReport[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "xinfang-many-"));
  ({ reports } = await writeSyntheticCorpus(CORPUS, path.join(dir, "corpus"), COUNT));
  app = await testApp(testConfig(path.join(dir, "data"), path.join(dir, "corpus")));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

let bot: Bot<Context>;
let calls: ApiCall[];
beforeEach(() => {
  bot = createBot(testBotDeps(app), { token: "test", botInfo: TEST_BOT });
  calls = recordApi(bot);
});
const last = (method: string) => calls.filter((c) => c.method === method).at(-1)!;
const reportButtons = (call: ApiCall) => buttonData(call).filter((d) => d.startsWith("r:"));

describe("a corpus of 45 reports", () => {
  it("/reports lists them 20 a page, every one reachable with the page buttons", async () => {
    await bot.handleUpdate(textUpdate("/reports"));
    const first = last("sendMessage");
    expect(String(first.payload["text"])).toContain(`共${COUNT}份，第1/3页`);
    const seen = new Set(reportButtons(first));
    expect(seen.size).toBe(20);
    let page = first;
    for (let p = 1; p < 3; p++) {
      const next = buttonData(page).find((d) => d === `rl:${p}`)!;
      expect(next).toBeDefined();
      await bot.handleUpdate(callbackUpdate(next));
      page = last("editMessageText");
      expect(String(page.payload["text"])).toContain(`第${p + 1}/3页`);
      for (const d of reportButtons(page)) seen.add(d);
    }
    expect(seen.size).toBe(COUNT);
    expect(buttonData(page)).toContain("rl:1"); // back from the last page
    expect(buttonData(page)).not.toContain("rl:3");
    for (const d of buttonData(page)) expect(callbackBytes(d)).toBeLessThanOrEqual(64);
  });

  it("/reports with words lists only the reports whose name or year holds them", async () => {
    const target = reports[17]!;
    await bot.handleUpdate(textUpdate(`/reports ${target.region}`));
    const reply = last("sendMessage");
    const labels = (reply.payload["reply_markup"] as { inline_keyboard: { text: string }[][] }).inline_keyboard
      .flat()
      .map((b) => b.text);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l.includes(target.region))).toBe(true);
    expect(labels).toContain(`${target.bureau} · ${target.year}年`);
    await bot.handleUpdate(textUpdate("/reports 不存在的局"));
    expect(String(last("sendMessage").payload["text"])).toContain("没有名称或年度含“不存在的局”的报告");
  });

  it("/help and a refusal name eight bureaus and sum up the rest", async () => {
    await bot.handleUpdate(textUpdate("/help"));
    const help = String(last("sendMessage").payload["text"]);
    expect(help).toContain(`等${COUNT}个信访部门的${COUNT}份年度报告`);
    expect(help.length).toBeLessThan(4096);
    const refusal = await app.ask("火星区信访局2019年办理了多少件信访事项？");
    expect(refusal.found).toBe(false);
    const named = reports.filter((r) => refusal.answer.includes(r.bureau));
    expect(named.length).toBeLessThanOrEqual(8);
    expect(refusal.answer.length).toBeLessThan(1000);
  });
});
