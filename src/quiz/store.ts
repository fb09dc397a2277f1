/**
 * Quiz polls and answers in an embedded SQLite database (sql.js: SQLite compiled to WebAssembly, no
 * native build). The database lives in memory and is written to `<dataDir>/quiz.sqlite` after every
 * change, through a temporary file and a rename, so a crash never leaves a torn file. A file that is
 * not a readable database is moved aside (with a warning) and the store starts empty.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import initSqlJs, { type Database, type SqlJsStatic } from "sql.js";
import type { QuizQuestion, QuizTopic } from "./types.ts";

/** One row of a chat's leaderboard. */
export interface ScoreRow {
  userId: number;
  name: string;
  correct: number;
  answered: number;
}

/** A user's results in a chat, by topic. */
export interface TopicScore {
  topic: QuizTopic;
  correct: number;
  answered: number;
}

/** The polls of one round, once a user has answered them all. */
export interface RoundResult {
  roundId: string;
  total: number;
  correct: number;
  /** Citation labels of the questions answered wrongly. */
  toReread: string[];
}

/** How the store is opened: where warnings go, and the clock naming a corrupt file moved aside. */
export interface QuizStoreOptions {
  log?: Pick<Logger, "warn">;
  /** Default Date.now. */
  now?: () => number;
}

// option_count 0 means unknown: polls recorded before the column existed.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS polls (
  poll_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, round_id TEXT NOT NULL, topic TEXT NOT NULL,
  correct_option INTEGER NOT NULL, source TEXT NOT NULL, question TEXT NOT NULL, created_at TEXT NOT NULL,
  option_count INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS answers (
  poll_id TEXT NOT NULL, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, option_id INTEGER NOT NULL,
  correct INTEGER NOT NULL, answered_at TEXT NOT NULL, PRIMARY KEY (poll_id, user_id));
CREATE TABLE IF NOT EXISTS users (user_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
`;

/** Creates the tables, and adds the columns a database from an older version lacks. */
function migrate(db: Database): void {
  db.run(SCHEMA);
  const columns = db.exec("SELECT name FROM pragma_table_info('polls')")[0]?.values.flat() ?? [];
  if (!columns.includes("option_count")) db.run("ALTER TABLE polls ADD COLUMN option_count INTEGER NOT NULL DEFAULT 0");
}

/** A database over `bytes`, migrated; throws when the bytes are not a sound SQLite database. */
function load(SQL: SqlJsStatic, bytes: Uint8Array | undefined): Database {
  const db = new SQL.Database(bytes);
  try {
    // sql.js reads the file lazily: a bad file only fails on the first statement.
    const check = db.exec("PRAGMA quick_check")[0]?.values[0]?.[0];
    if (check !== "ok") throw new Error(`quick_check: ${String(check)}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Quiz polls, answers and scores, persisted to `<dataDir>/quiz.sqlite`. */
export class QuizStore {
  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {}

  /** Opens (or creates) the store in `dataDir`; a corrupt file is moved aside and the store starts empty. */
  static async open(dataDir: string, options: QuizStoreOptions = {}): Promise<QuizStore> {
    const SQL = await initSqlJs();
    const file = path.join(dataDir, "quiz.sqlite");
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readFile(file);
    } catch {
      bytes = undefined; // first run
    }
    if (bytes?.length === 0) bytes = undefined; // an empty file is a new store
    try {
      return new QuizStore(load(SQL, bytes), file);
    } catch (error) {
      const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, "-");
      const movedTo = `${file}.corrupt-${stamp}`;
      await rename(file, movedTo);
      options.log?.warn(
        { file, movedTo, err: error instanceof Error ? error.message : String(error) },
        "quiz store unreadable: moved aside, starting with an empty store",
      );
      return new QuizStore(load(SQL, undefined), file);
    }
  }

  /** Records a poll that was sent. */
  async addPoll(args: {
    pollId: string;
    chatId: number;
    roundId: string;
    question: QuizQuestion;
    source: string;
    now: Date;
  }): Promise<void> {
    this.db.run(
      `INSERT OR REPLACE INTO polls (poll_id, chat_id, round_id, topic, correct_option, source, question, created_at,
       option_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        args.pollId,
        args.chatId,
        args.roundId,
        args.question.topic,
        args.question.correctOptionIds[0]!,
        args.source,
        args.question.question,
        args.now.toISOString(),
        args.question.options.length,
      ],
    );
    await this.persist();
  }

  /** The chat a poll was sent to, if the poll is ours. */
  chatOf(pollId: string): number | undefined {
    const row = this.db.exec("SELECT chat_id FROM polls WHERE poll_id = ?", [pollId])[0]?.values[0];
    return row ? Number(row[0]) : undefined;
  }

  /**
   * Scores an answer (the first one counts; a retraction or an option the poll does not have is
   * ignored). Returns whether it was correct, and the round's result when this answer completes the
   * round for the user.
   */
  async addAnswer(args: {
    pollId: string;
    userId: number;
    name: string;
    optionIds: number[];
    now: Date;
  }): Promise<{ correct: boolean; round?: RoundResult } | undefined> {
    const poll = this.db.exec("SELECT chat_id, round_id, correct_option, option_count FROM polls WHERE poll_id = ?", [
      args.pollId,
    ])[0]?.values[0];
    const option = args.optionIds[0];
    if (!poll || option === undefined) return undefined;
    const [chatId, roundId, correctOption, optionCount] = poll as [number, string, number, number];
    if (!Number.isInteger(option) || option < 0 || (optionCount > 0 && option >= optionCount)) return undefined;
    const correct = option === correctOption;
    this.db.run("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)", [
      args.pollId,
      args.userId,
      chatId,
      option,
      correct ? 1 : 0,
      args.now.toISOString(),
    ]);
    this.db.run("INSERT OR REPLACE INTO users VALUES (?, ?)", [args.userId, args.name]);
    await this.persist();
    return { correct, ...this.roundResult(roundId, args.userId) };
  }

  private roundResult(roundId: string, userId: number): { round: RoundResult } | Record<string, never> {
    const rows =
      this.db.exec(
        "SELECT p.source, a.correct FROM polls p LEFT JOIN answers a ON a.poll_id = p.poll_id AND a.user_id = ? WHERE p.round_id = ?",
        [userId, roundId],
      )[0]?.values ?? [];
    if (rows.length === 0 || rows.some((r) => r[1] === null)) return {};
    return {
      round: {
        roundId,
        total: rows.length,
        correct: rows.filter((r) => r[1] === 1).length,
        toReread: [...new Set(rows.filter((r) => r[1] === 0).map((r) => String(r[0])))],
      },
    };
  }

  /** The chat's leaderboard, best first. */
  leaderboard(chatId: number, limit = 10): ScoreRow[] {
    const rows =
      this.db.exec(
        `SELECT a.user_id, COALESCE(u.name, ''), SUM(a.correct), COUNT(*) FROM answers a LEFT JOIN users u ON u.user_id = a.user_id
       WHERE a.chat_id = ? GROUP BY a.user_id ORDER BY SUM(a.correct) DESC, COUNT(*) ASC, a.user_id ASC LIMIT ?`,
        [chatId, limit],
      )[0]?.values ?? [];
    return rows.map(([userId, name, correct, answered]) => ({
      userId: Number(userId),
      name: String(name),
      correct: Number(correct),
      answered: Number(answered),
    }));
  }

  /** A user's accuracy in a chat, by topic. */
  byTopic(chatId: number, userId: number): TopicScore[] {
    const rows =
      this.db.exec(
        "SELECT p.topic, SUM(a.correct), COUNT(*) FROM answers a JOIN polls p ON p.poll_id = a.poll_id WHERE a.chat_id = ? AND a.user_id = ? GROUP BY p.topic ORDER BY p.topic",
        [chatId, userId],
      )[0]?.values ?? [];
    return rows.map(([topic, correct, answered]) => ({
      topic: topic as QuizTopic,
      correct: Number(correct),
      answered: Number(answered),
    }));
  }

  /** Forgets a chat's answers (trainers start a new class). */
  async reset(chatId: number): Promise<number> {
    const n = Number(this.db.exec("SELECT COUNT(*) FROM answers WHERE chat_id = ?", [chatId])[0]?.values[0]?.[0] ?? 0);
    this.db.run("DELETE FROM answers WHERE chat_id = ?", [chatId]);
    await this.persist();
    return n;
  }

  private saving: Promise<void> = Promise.resolve();

  /** Writes the database file; writes are queued so two never race on the temporary file. */
  private persist(): Promise<void> {
    const bytes = this.db.export();
    this.saving = this.saving.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, this.file);
    });
    return this.saving;
  }

  /** Frees the in-memory database. */
  close(): void {
    this.db.close();
  }
}
