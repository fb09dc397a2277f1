/**
 * The bot's state in `<dataDir>/state.sqlite`, an embedded SQLite database (sql.js, as the quiz
 * store). The database lives in memory: reads and writes are immediate, and changes are written to
 * the file at most once per `flushDelayMs` (default 1 s) and on close, through a temporary file and
 * a rename, so a crash never leaves a torn file. A file that is not a readable database is moved
 * aside (with a warning) and the state starts empty; when the data directory is not writable the
 * state is kept in memory only, with a warning.
 */
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Logger } from "pino";
import type { Database } from "sql.js";
import { errorMessage } from "../errors.ts";
import { writeFileAtomic } from "../storage/atomic-write.ts";
import { openSqliteFile } from "../storage/sqlite-file.ts";
import type { StateLimits, StateStore, SyncStorageAdapter } from "./storage.ts";

/** The file's name in the data directory. */
export const STATE_FILE = "state.sqlite";

/** How the state is opened. */
interface SqliteStateOptions {
  /** Where warnings go (corrupt file, data directory not writable, a failed write). */
  log?: Pick<Logger, "warn">;
  /** Default Date.now: entries' expiry, and the name of a corrupt file moved aside. */
  now?: () => number;
  /** The longest a change waits before the file is written; default 1000 ms. */
  flushDelayMs?: number;
}

// One row per key; rowid order is write order (INSERT OR REPLACE gives a rewritten key a new rowid).
// Values are deflated JSON: answers repeat their quotes, and the whole file is rewritten on each
// flush, so a smaller file is a shorter pause (5,000 answers: about 3.5 MB instead of 9 MB).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  namespace TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, key));
CREATE INDEX IF NOT EXISTS entries_by_namespace ON entries (namespace);
`;

/** The schema, and the pragma that overwrites deleted rows. */
function prepare(db: Database): void {
  db.run(SCHEMA);
  secureDelete(db);
}

/** Deleted and expired entries are overwritten in the file, not left in its free pages (they hold users' questions). */
function secureDelete(db: Database): void {
  db.run("PRAGMA secure_delete = ON");
}

/** Namespaced, bounded key-value state in SQLite, persisted behind the callers' backs. */
export class SqliteState implements StateStore {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private failing = false;
  private readonly now: () => number;

  private constructor(
    private readonly db: Database,
    /** Undefined: memory only. */
    readonly file: string | undefined,
    private readonly options: SqliteStateOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Opens (or creates) the state in `dataDir`. A corrupt file is moved aside and the state starts
   * empty; an unwritable directory gives a store that keeps (and has read) its state in memory only.
   */
  static async open(dataDir: string, options: SqliteStateOptions = {}): Promise<SqliteState> {
    const file = path.join(dataDir, STATE_FILE);
    const { log } = options;
    let unwritable: unknown;
    try {
      await mkdir(dataDir, { recursive: true });
      await access(dataDir, constants.W_OK);
    } catch (error) {
      unwritable = error;
    }
    const db = await openSqliteFile(file, {
      ...options,
      prepare,
      what: "state file",
      canMoveAside: unwritable === undefined,
    });
    if (unwritable !== undefined) {
      log?.warn(
        { dataDir, err: errorMessage(unwritable) },
        "DATA_DIR is not writable: answers behind buttons and chat contexts are kept in memory only and lost on restart",
      );
      return new SqliteState(db, undefined, options);
    }
    return new SqliteState(db, file, options);
  }

  adapter<T>(namespace: string, limits: StateLimits): SyncStorageAdapter<T> {
    const read = (key: string): T | undefined => {
      const row = this.db.exec("SELECT value FROM entries WHERE namespace = ? AND key = ? AND expires_at >= ?", [
        namespace,
        key,
        this.now(),
      ])[0]?.values[0];
      if (!row) return undefined;
      try {
        return JSON.parse(inflateRawSync(row[0] as Uint8Array).toString("utf8")) as T;
      } catch {
        return undefined;
      }
    };
    return {
      read,
      write: (key, value) => {
        this.db.run("INSERT OR REPLACE INTO entries (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)", [
          namespace,
          key,
          deflateRawSync(JSON.stringify(value)),
          this.now() + limits.maxAgeMs,
        ]);
        // Keep the last maxEntries writes: everything at or below the (maxEntries+1)-th newest goes.
        this.db.run(
          `DELETE FROM entries WHERE namespace = ?1 AND rowid <= (
             SELECT rowid FROM entries WHERE namespace = ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2)`,
          [namespace, limits.maxEntries],
        );
        this.changed();
      },
      delete: (key) => {
        this.db.run("DELETE FROM entries WHERE namespace = ? AND key = ?", [namespace, key]);
        this.changed();
      },
      has: (key) => read(key) !== undefined,
    };
  }

  /** Rows stored now, expired ones included until the next flush (for tests). */
  size(namespace: string): number {
    return Number(
      this.db.exec("SELECT COUNT(*) FROM entries WHERE namespace = ?", [namespace])[0]?.values[0]?.[0] ?? 0,
    );
  }

  /** Schedules a write of the file, unless one is already due. */
  private changed(): void {
    this.dirty = true;
    if (this.file === undefined || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.options.flushDelayMs ?? 1000);
    // A pending write never keeps the process alive: close() writes it on the way out.
    this.timer.unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const file = this.file;
    if (file === undefined || !this.dirty) return this.saving;
    this.dirty = false;
    this.db.run("DELETE FROM entries WHERE expires_at < ?", [this.now()]);
    const bytes = this.db.export();
    secureDelete(this.db); // export() reopens the database, which resets its pragmas
    // Writes are queued so two never race on the temporary file.
    this.saving = this.saving.then(async () => {
      try {
        await writeFileAtomic(file, bytes);
        this.failing = false;
      } catch (error) {
        this.dirty = true; // the next change (or close) tries again
        if (!this.failing) this.options.log?.warn({ file, err: errorMessage(error) }, "could not write the state file");
        this.failing = true;
      }
    });
    return this.saving;
  }

  async close(): Promise<void> {
    await this.flush();
    this.db.close();
  }
}
