/** One SQLite database in one file: a file that cannot be read is never replaced by an empty database. */
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SqliteState, STATE_FILE } from "../../src/app/sqlite-state.ts";
import { openSqliteFile } from "../../src/storage/sqlite-file.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await chmod(d, 0o700).catch(() => undefined);
    await rm(d, { recursive: true, force: true });
  }
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "xinfang-sqlite-"));
  dirs.push(dir);
  return dir;
};
const prepare = () => {};

describe("openSqliteFile", () => {
  it("starts a new database when there is no file yet, or no folder for it", async () => {
    const dir = await tempDir();
    const warn = vi.fn();
    const db = await openSqliteFile(path.join(dir, "new.sqlite"), { prepare, what: "test store", log: { warn } });
    expect(db.exec("SELECT 1")[0]?.values).toEqual([[1]]);
    db.close();
    await writeFile(path.join(dir, "a-file"), "");
    (await openSqliteFile(path.join(dir, "a-file", "x.sqlite"), { prepare, what: "test store" })).close();
    expect(warn).not.toHaveBeenCalled();
  });

  it("throws, naming the file, when the file exists but cannot be read (a folder in its place)", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "store.sqlite");
    await mkdir(file);
    await writeFile(path.join(file, "keep"), "x");
    await expect(openSqliteFile(file, { prepare, what: "test store" })).rejects.toThrow(
      new RegExp(`cannot read the test store ${file.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}: EISDIR`),
    );
    expect(await readdir(file)).toEqual(["keep"]);
  });

  it.skipIf(process.platform === "win32" || process.getuid?.() === 0)(
    "throws when the file exists but may not be read (EACCES)",
    async () => {
      const dir = await tempDir();
      const file = path.join(dir, "store.sqlite");
      await writeFile(file, "");
      await chmod(file, 0o000);
      await expect(openSqliteFile(file, { prepare, what: "test store" })).rejects.toThrow(/EACCES/);
    },
  );

  it("the bot's state is not started empty over a state file it cannot read", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, STATE_FILE));
    await expect(SqliteState.open(dir, { flushDelayMs: 3_600_000 })).rejects.toThrow(/cannot read the state file/);
    expect(await readdir(dir)).toEqual([STATE_FILE]);
  });
});
