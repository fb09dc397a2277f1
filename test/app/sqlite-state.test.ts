/** The bot's state in DATA_DIR/state.sqlite, and the in-memory store with the same semantics. */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SqliteState, STATE_FILE } from "../../src/app/sqlite-state.ts";
import { memoryState, type StateStore } from "../../src/app/storage.ts";

const dirs: string[] = [];
const open: StateStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-state-"));
  dirs.push(dir);
  return dir;
};
/** Opens a store that writes only when flushed or closed (no timer fires during a test). */
const openState = async (dir: string, options: Parameters<typeof SqliteState.open>[1] = {}) => {
  const state = await SqliteState.open(dir, { flushDelayMs: 3_600_000, ...options });
  open.push(state);
  return state;
};
const LIMITS = { maxEntries: 100, maxAgeMs: 60_000 };

/** The same semantics, in memory and in SQLite. */
const stores: [string, (now: () => number) => Promise<StateStore>][] = [
  ["memoryState", async (now) => memoryState(now)],
  ["SqliteState", async (now) => openState(await tempDir(), { now })],
];

describe.each(stores)("%s", (_name, make) => {
  it("reads back what was written, per namespace, until deleted", async () => {
    const state = await make(Date.now);
    const a = state.adapter<{ text: string; n: number[] }>("a", LIMITS);
    const b = state.adapter<{ text: string; n: number[] }>("b", LIMITS);
    a.write("k", { text: "惠安县2023年办理6246件", n: [1, 2] });
    expect(a.read("k")).toEqual({ text: "惠安县2023年办理6246件", n: [1, 2] });
    expect(b.read("k")).toBeUndefined();
    expect(a.has("k")).toBe(true);
    a.delete("k");
    expect(a.read("k")).toBeUndefined();
    expect(a.has("k")).toBe(false);
  });

  it("keeps the last maxEntries written (a rewrite counts as new)", async () => {
    const state = await make(Date.now);
    const s = state.adapter<number>("a", { maxEntries: 3, maxAgeMs: 60_000 });
    for (const [i, key] of ["k1", "k2", "k3", "k4"].entries()) s.write(key, i);
    expect(["k1", "k2", "k3", "k4"].map((k) => s.read(k))).toEqual([undefined, 1, 2, 3]);
    s.write("k2", 9); // k2 is now the newest: k3 is the oldest
    s.write("k5", 5);
    expect(["k2", "k3", "k4", "k5"].map((k) => s.read(k))).toEqual([9, undefined, 3, 5]);
  });

  it("forgets an entry maxAgeMs after its write", async () => {
    let t = 1_000_000;
    const state = await make(() => t);
    const s = state.adapter<string>("a", { maxEntries: 10, maxAgeMs: 1000 });
    s.write("old", "x");
    t += 600;
    s.write("new", "y");
    t += 500; // old: 1100 ms, new: 500 ms
    expect(s.read("old")).toBeUndefined();
    expect(s.read("new")).toBe("y");
  });
});

describe("SqliteState", () => {
  it("survives a restart: what was written before close() is read by the next open", async () => {
    const dir = await tempDir();
    const first = await openState(dir);
    const answers = first.adapter<{ answer: string }>("answers", LIMITS);
    answers.write("7:abc", { answer: "根据惠安县人民政府信访局2023年度报告：…" });
    answers.write("7:gone", { answer: "x" });
    answers.delete("7:gone");
    // Written behind: nothing on disk before a flush.
    expect(existsSync(path.join(dir, STATE_FILE))).toBe(false);
    await first.close();

    const second = await openState(dir);
    const again = second.adapter<{ answer: string }>("answers", LIMITS);
    expect(again.read("7:abc")).toEqual({ answer: "根据惠安县人民政府信访局2023年度报告：…" });
    expect(again.read("7:gone")).toBeUndefined();
    expect(second.adapter("other", LIMITS).read("7:abc")).toBeUndefined();
  });

  it("writes changes on its own within flushDelayMs, many changes in one write", async () => {
    const dir = await tempDir();
    const state = await SqliteState.open(dir, { flushDelayMs: 20 });
    open.push(state);
    const s = state.adapter<number>("a", LIMITS);
    for (let i = 0; i < 50; i++) s.write(`k${i}`, i);
    await expect.poll(() => existsSync(path.join(dir, STATE_FILE))).toBe(true);
    await state.flush(); // the write in progress
    const reader = await openState(dir);
    expect(reader.adapter<number>("a", LIMITS).read("k49")).toBe(49);
    // Only the database and nothing left over from the temporary file.
    expect(await readdir(dir)).toEqual([STATE_FILE]);
  });

  it("drops expired and surplus rows from the file", async () => {
    let t = 5_000_000;
    const dir = await tempDir();
    const state = await openState(dir, { now: () => t });
    const short = state.adapter<string>("short", { maxEntries: 10, maxAgeMs: 1000 });
    const few = state.adapter<string>("few", { maxEntries: 2, maxAgeMs: 60_000 });
    short.write("a", "x");
    for (const k of ["1", "2", "3", "4"]) few.write(k, k);
    expect(state.size("few")).toBe(2);
    t += 2000;
    await state.flush();
    expect(state.size("short")).toBe(0);
    await state.close();
    const reopened = await openState(dir, { now: () => t });
    expect(reopened.size("short")).toBe(0);
    expect(reopened.size("few")).toBe(2);
  });

  it("moves a corrupt file aside with a warning and starts empty, then persists again", async () => {
    const dir = await tempDir();
    const file = path.join(dir, STATE_FILE);
    const garbage = Buffer.from("not a database ".repeat(50));
    await writeFile(file, garbage);
    const warn = vi.fn();
    const now = () => Date.parse("2026-11-22T08:00:00.123Z");
    const state = await openState(dir, { log: { warn }, now });
    const aside = path.join(dir, `${STATE_FILE}.corrupt-2026-11-22T08-00-00-123Z`);
    expect(await readFile(aside)).toEqual(garbage);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatchObject({ file, movedTo: aside });
    const s = state.adapter<string>("a", LIMITS);
    expect(s.read("k")).toBeUndefined();
    s.write("k", "v");
    await state.close();
    expect((await openState(dir, { now })).adapter<string>("a", LIMITS).read("k")).toBe("v");
  });

  it("keeps its state in memory with a warning when DATA_DIR is not writable", async () => {
    const dir = await tempDir();
    const notADir = path.join(dir, "a-file");
    await writeFile(notADir, "");
    const warn = vi.fn();
    const state = await openState(path.join(notADir, "data"), { log: { warn } });
    expect(state.file).toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![1]).toContain("DATA_DIR is not writable");
    const s = state.adapter<string>("a", LIMITS);
    s.write("k", "v");
    expect(s.read("k")).toBe("v");
    await state.close(); // nothing to write, no error
    expect(await readdir(dir)).toEqual(["a-file"]);
  });
});
