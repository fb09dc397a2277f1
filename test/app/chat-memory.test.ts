/** Chat contexts: forgotten 30 minutes after the chat's last question, and kept across a restart. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChatMemory } from "../../src/app/chat-memory.ts";
import { SqliteState } from "../../src/app/sqlite-state.ts";
import type { ChatContext } from "../../src/search/followup.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const context = (text: string) => ({ last: { original: text, text, years: [2023] } }) as unknown as ChatContext;
const MINUTE = 60_000;

describe("ChatMemory", () => {
  it("forgets a chat's context 30 minutes after its last question, and on clear()", () => {
    let t = 0;
    const memory = new ChatMemory({ now: () => t });
    memory.set(1, context("a"));
    memory.set(2, context("b"));
    t += 20 * MINUTE;
    memory.set(2, context("c")); // chat 2 asked again: its 30 minutes start again
    t += 11 * MINUTE;
    expect(memory.get(1)).toBeUndefined();
    expect(memory.get(2)).toEqual(context("c"));
    memory.clear(2);
    expect(memory.get(2)).toBeUndefined();
  });

  it("keeps contexts in the state store: a restart within the 30 minutes continues the conversation", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-memory-"));
    dirs.push(dir);
    let t = Date.parse("2026-11-22T08:00:00Z");
    const now = () => t;
    const before = await SqliteState.open(dir, { now });
    new ChatMemory({ now, state: before }).set(7, context("惠安县2023年办理了多少件信访事项？"));
    await before.close();

    t += 29 * MINUTE;
    const after = await SqliteState.open(dir, { now });
    const memory = new ChatMemory({ now, state: after });
    expect(memory.get(7)).toEqual(context("惠安县2023年办理了多少件信访事项？"));
    expect(memory.get(8)).toBeUndefined();
    t += 2 * MINUTE;
    expect(memory.get(7)).toBeUndefined();
    await after.close();
  });
});
