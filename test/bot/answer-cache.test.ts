/** Answers behind buttons: bound to their chat, bounded, and kept across a restart. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { SqliteState } from "../../src/app/sqlite-state.ts";
import { AnswerCache } from "../../src/bot/answer-cache.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const answer = (question: string): Answer => ({
  question,
  answer: "根据惠安县人民政府信访局2023年度报告：…2023年以来共办理6246件。[1]",
  found: true,
  citations: [
    {
      n: 1,
      kind: "report",
      title: "惠安县人民政府信访局2023年法治政府建设工作报告",
      bureau: "惠安县人民政府信访局",
      year: 2023,
      section: "一、工作开展情况",
      source: "corpus/reports/惠安县人民政府信访局-2023.txt",
      quote: "…“事事有回音”，2023年以来共办理6246件。",
    },
  ],
  highlights: ["6246件"],
});

describe("AnswerCache", () => {
  it("finds an answer by id only in the chat it was sent to", () => {
    const cache = new AnswerCache();
    const id = cache.put(42, answer("q"));
    expect(id).toMatch(/^[\w-]{8}$/);
    expect(cache.get(42, id)).toEqual(answer("q"));
    expect(cache.get(43, id)).toBeUndefined();
    expect(cache.get(42, "AAAAAAAA")).toBeUndefined();
  });

  it("keeps answers in the state store: a restart finds them, still bound to their chat", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-answers-"));
    dirs.push(dir);
    const before = await SqliteState.open(dir);
    const id = new AnswerCache(before).put(-1001, answer("惠安县2023年办理了多少件信访事项？"));
    await before.close();

    const after = await SqliteState.open(dir);
    const cache = new AnswerCache(after);
    expect(cache.get(-1001, id)).toEqual(answer("惠安县2023年办理了多少件信访事项？"));
    expect(cache.get(1001, id)).toBeUndefined();
    await after.close();
  });

  it("keeps only the most recent answers", () => {
    const cache = new AnswerCache(undefined, { maxEntries: 2, maxAgeMs: 60_000 });
    const ids = ["a", "b", "c"].map((q) => cache.put(1, answer(q)));
    expect(ids.map((id) => cache.get(1, id)?.question)).toEqual([undefined, "b", "c"]);
  });
});
