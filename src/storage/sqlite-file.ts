/**
 * An embedded SQLite database kept in one file (sql.js: SQLite compiled to WebAssembly, no native
 * build), as the quiz store and the bot's state use it: opened whole into memory, checked, written
 * back with writeFileAtomic (atomic-write.ts) so a crash never leaves a torn file. A file that is not
 * a readable database is moved aside with a warning, and the database starts empty; a file that
 * cannot be read at all (permissions, a folder in its place) stops the open, so it is never
 * replaced by an empty database.
 */
import { readFile, rename } from "node:fs/promises";
import type { Logger } from "pino";
import initSqlJs, { type Database } from "sql.js";
import { errorMessage } from "../errors.ts";

/** How a database file is opened. */
export interface OpenSqliteOptions {
  /** Creates or migrates the schema; runs on every open, so it must be idempotent. */
  prepare: (db: Database) => void;
  /** What the file holds, for the warning ("quiz store", "state file"). */
  what: string;
  log?: Pick<Logger, "warn">;
  /** Names a corrupt file moved aside; default Date.now. */
  now?: () => number;
  /** False where the directory cannot be written: a corrupt file is left in place. Default true. */
  canMoveAside?: boolean;
}

/** A database over `bytes`, prepared; throws when the bytes are not a sound SQLite database. */
function load(SQL: initSqlJs.SqlJsStatic, bytes: Uint8Array | undefined, prepare: (db: Database) => void): Database {
  const db = new SQL.Database(bytes);
  try {
    // sql.js reads the file lazily: a bad file only fails on the first statement.
    const check = db.exec("PRAGMA quick_check")[0]?.values[0]?.[0];
    if (check !== "ok") throw new Error(`quick_check: ${String(check)}`);
    prepare(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The bytes of `file`, or undefined when there is none yet; any other read error is thrown, with the file named. */
async function readDatabase(file: string, what: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No file, or no folder for it: a first run.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new Error(
      `cannot read the ${what} ${file}: ${code ?? errorMessage(error)}. Fix its permissions or move it away; it is not replaced by an empty one`,
      { cause: error },
    );
  }
}

/**
 * Opens `file` (missing or empty: a new database); a corrupt one is moved to `<file>.corrupt-<time>`;
 * throws when it exists but cannot be read.
 */
export async function openSqliteFile(file: string, options: OpenSqliteOptions): Promise<Database> {
  const SQL = await initSqlJs();
  let bytes = await readDatabase(file, options.what);
  if (bytes?.length === 0) bytes = undefined; // an empty file is a new database
  try {
    return load(SQL, bytes, options.prepare);
  } catch (error) {
    const err = error instanceof Error ? error.message : String(error);
    if (options.canMoveAside === false) {
      options.log?.warn({ file, err }, `${options.what} unreadable: starting empty`);
    } else {
      const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, "-");
      const movedTo = `${file}.corrupt-${stamp}`;
      await rename(file, movedTo);
      options.log?.warn({ file, movedTo, err }, `${options.what} unreadable: moved aside, starting empty`);
    }
    return load(SQL, undefined, options.prepare);
  }
}
