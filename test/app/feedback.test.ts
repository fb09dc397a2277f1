/** Feedback for admins: unanswered questions ranked, the overview, and the export file. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FeedbackStore, questionKey, rankUnanswered, type FeedbackRecord } from "../../src/app/feedback.ts";
import { UnansweredLog } from "../../src/app/unanswered.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const store = async (now = () => Date.parse("2026-11-22T08:00:00Z")) => {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-feedback-"));
  dirs.push(dir);
  return new FeedbackStore(dir, new UnansweredLog(dir, { now }));
};
const vote = (at: string, v: "up" | "down", question: string, answer?: string): FeedbackRecord => ({
  at,
  chatId: 5,
  userId: 9,
  vote: v,
  question,
  found: true,
  ...(answer !== undefined ? { answer } : {}),
  citations: [
    { n: 1, kind: "regulation", title: "信访工作条例", regulation: "信访工作条例", article: 34, source: "s" },
  ],
});

describe("rankUnanswered", () => {
  it("groups a question typed with other spacing, width or end punctuation; most frequent first, then most recent", () => {
    expect(questionKey(" 信访 事项多久办结？？ ")).toBe(questionKey("信访事项多久办结?"));
    const ranked = rankUnanswered([
      { at: "2026-11-20T00:00:00Z", chatId: 1, question: "甲问题？" },
      { at: "2026-11-21T00:00:00Z", chatId: 2, question: "乙问题" },
      { at: "2026-11-22T00:00:00Z", chatId: 3, question: "甲 问题?" },
      { at: "2026-11-23T00:00:00Z", chatId: 1, question: "丙问题" },
    ]);
    expect(ranked).toEqual([
      { question: "甲 问题?", count: 2, lastAt: "2026-11-22T00:00:00Z" },
      { question: "丙问题", count: 1, lastAt: "2026-11-23T00:00:00Z" },
      { question: "乙问题", count: 1, lastAt: "2026-11-21T00:00:00Z" },
    ]);
  });
});

describe("FeedbackStore", () => {
  it("keeps an answer excerpt, and shows the latest 👎 first with the ranked unanswered questions", async () => {
    const s = await store();
    await s.add(vote("2026-11-22T01:00:00Z", "down", "第一问", "答".repeat(1000)));
    await s.add(vote("2026-11-22T02:00:00Z", "up", "第二问"));
    await s.add(vote("2026-11-22T03:00:00Z", "down", "第三问", "短回答"));
    await s.unanswered.add({ chatId: 1, question: "没答上的" });
    await s.unanswered.add({ chatId: 2, question: "没答上的？" });
    const o = await s.overview();
    expect([o.up, o.down]).toEqual([1, 2]);
    expect(o.recentDown.map((v) => v.question)).toEqual(["第三问", "第一问"]);
    expect([...o.recentDown[1]!.answer!].length).toBe(300);
    expect(o.unanswered).toEqual([{ question: "没答上的？", count: 2, lastAt: "2026-11-22T08:00:00.000Z" }]);
    expect(o.unansweredDistinct).toBe(1);
  });

  it("exports every vote and unanswered question as BOM-free UTF-8 JSON lines", async () => {
    const s = await store();
    await s.add(vote("2026-11-22T01:00:00Z", "down", "信访事项多久办结？", "60日"));
    await s.unanswered.add({ chatId: 1, question: "西安2019年的情况？" });
    const file = await s.export(new Date("2026-11-22T09:05:00Z"));
    expect(file.fileName).toBe("feedback-20261122-0905.jsonl");
    expect([...file.bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.bytes
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toMatchObject([
      { type: "feedback", vote: "down", question: "信访事项多久办结？", answer: "60日" },
      { type: "unanswered", chatId: 1, question: "西安2019年的情况？" },
    ]);
    expect([file.votes, file.unanswered]).toEqual([1, 1]);
    const empty = await (await store()).export(new Date());
    expect(empty.bytes.length).toBe(0);
  });
});
