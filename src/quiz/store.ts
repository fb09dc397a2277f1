/**
 * Quiz polls and answers in an embedded SQLite database (see storage/sqlite-file.ts), written to
 * `<dataDir>/quiz.sqlite` after every change. A file that is not a readable database is moved aside
 * (with a warning) and the store starts empty; a write that fails is warned about and the next
 * change writes everything again.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Database } from "sql.js";
import { errorMessage } from "../errors.ts";
import { writeFileAtomic } from "../storage/atomic-write.ts";
import { openSqliteFile } from "../storage/sqlite-file.ts";
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

/** A timed round's final standings, posted when its last poll closes (unanswered polls count as wrong). */
export interface TimedRoundSummary {
  roundId: string;
  total: number;
  /** Everyone who answered at least one poll of the round, best first. */
  results: { userId: number; name: string; correct: number }[];
  /** Citation labels of the polls someone got wrong or left unanswered, most missed first. */
  toReread: string[];
}

/** What closing a poll leads to: the next queued poll of its round, or the end of a timed round. */
export interface PollClosed {
  chatId: number;
  roundId: string;
  /** The next question of the round, to be sent now with the same time limit. */
  next?: { question: QuizQuestion; openPeriod: number };
  /** Set when this was the last poll of a timed round. */
  summary?: TimedRoundSummary;
}

/** How the store is opened: where warnings go (corrupt file, failed write), and the clock naming a corrupt file moved aside. */
export interface QuizStoreOptions {
  log?: Pick<Logger, "warn">;
  /** Default Date.now. */
  now?: () => number;
}

// option_count 0 means unknown: polls recorded before the column existed. open_period 0: no time limit.
// queued: the questions of a timed round not sent yet, sent one by one as each poll closes (to the
// chat and with the time limit of the poll that closed).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS polls (
  poll_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, round_id TEXT NOT NULL, topic TEXT NOT NULL,
  correct_option INTEGER NOT NULL, source TEXT NOT NULL, question TEXT NOT NULL, created_at TEXT NOT NULL,
  option_count INTEGER NOT NULL DEFAULT 0, open_period INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS answers (
  poll_id TEXT NOT NULL, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, option_id INTEGER NOT NULL,
  correct INTEGER NOT NULL, answered_at TEXT NOT NULL, PRIMARY KEY (poll_id, user_id));
CREATE TABLE IF NOT EXISTS users (user_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queued (
  round_id TEXT NOT NULL, seq INTEGER NOT NULL, question TEXT NOT NULL, PRIMARY KEY (round_id, seq));
`;

/** Columns added to `polls` since its first version, with their definitions. */
const ADDED_POLL_COLUMNS = {
  option_count: "INTEGER NOT NULL DEFAULT 0",
  open_period: "INTEGER NOT NULL DEFAULT 0",
  closed: "INTEGER NOT NULL DEFAULT 0",
} as const;

/** Columns `queued` had in its first version: copies of what the round's polls record. */
const DROPPED_QUEUED_COLUMNS = ["chat_id", "open_period"] as const;

const columnsOf = (db: Database, table: string) =>
  db.exec(`SELECT name FROM pragma_table_info('${table}')`)[0]?.values.flat() ?? [];

/** Creates the tables, adds the columns a database from an older version lacks and drops those it no longer uses. */
function migrate(db: Database): void {
  db.run(SCHEMA);
  const columns = columnsOf(db, "polls");
  for (const [name, definition] of Object.entries(ADDED_POLL_COLUMNS))
    if (!columns.includes(name)) db.run(`ALTER TABLE polls ADD COLUMN ${name} ${definition}`);
  const queued = columnsOf(db, "queued");
  for (const name of DROPPED_QUEUED_COLUMNS)
    if (queued.includes(name)) db.run(`ALTER TABLE queued DROP COLUMN ${name}`);
}

/** Quiz polls, answers and scores, persisted to `<dataDir>/quiz.sqlite`. */
export class QuizStore {
  private saving: Promise<void> = Promise.resolve();
  /** Whether the last write failed (its warning is logged once, not on every change). */
  private failing = false;

  private constructor(
    private readonly db: Database,
    readonly file: string,
    private readonly log: Pick<Logger, "warn"> | undefined,
  ) {}

  /** Opens (or creates) the store in `dataDir`; a corrupt file is moved aside and the store starts empty. */
  static async open(dataDir: string, options: QuizStoreOptions = {}): Promise<QuizStore> {
    const file = path.join(dataDir, "quiz.sqlite");
    const db = await openSqliteFile(file, { ...options, prepare: migrate, what: "quiz store" });
    // A folder that cannot be made shows as the first write failing, with its warning.
    await mkdir(dataDir, { recursive: true }).catch(() => undefined);
    return new QuizStore(db, file, options.log);
  }

  /** Records a poll that was sent (`openPeriod` in seconds, for a timed round). */
  async addPoll(args: {
    pollId: string;
    chatId: number;
    roundId: string;
    question: QuizQuestion;
    source: string;
    now: Date;
    openPeriod?: number;
  }): Promise<void> {
    this.db.run(
      `INSERT OR REPLACE INTO polls (poll_id, chat_id, round_id, topic, correct_option, source, question, created_at,
       option_count, open_period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        args.openPeriod ?? 0,
      ],
    );
    await this.persist();
  }

  /** Keeps the rest of a timed round, to be sent one by one as each poll closes. */
  async queue(args: { roundId: string; questions: QuizQuestion[] }): Promise<void> {
    for (const [seq, question] of args.questions.entries()) {
      this.db.run("INSERT OR REPLACE INTO queued (round_id, seq, question) VALUES (?, ?, ?)", [
        args.roundId,
        seq,
        JSON.stringify(question),
      ]);
    }
    await this.persist();
  }

  /**
   * Marks a poll closed (Telegram reports it when its time is up). The first report only: returns the
   * round's next queued question, taken off the queue, or, when none is left and this was a timed
   * round's last open poll, the round's standings. Undefined for a poll that is not ours or was closed.
   */
  async closePoll(pollId: string): Promise<PollClosed | undefined> {
    const poll = this.db.exec("SELECT chat_id, round_id, open_period, closed FROM polls WHERE poll_id = ?", [pollId])[0]
      ?.values[0];
    if (!poll || poll[3] === 1) return undefined;
    const [chatId, roundId, openPeriod] = [Number(poll[0]), String(poll[1]), Number(poll[2])];
    this.db.run("UPDATE polls SET closed = 1 WHERE poll_id = ?", [pollId]);
    const queued = this.db.exec("SELECT seq, question FROM queued WHERE round_id = ? ORDER BY seq LIMIT 1", [
      roundId,
    ])[0]?.values[0];
    let result: PollClosed = { chatId, roundId };
    if (queued) {
      this.db.run("DELETE FROM queued WHERE round_id = ? AND seq = ?", [roundId, queued[0]!]);
      result = { ...result, next: { question: JSON.parse(String(queued[1])) as QuizQuestion, openPeriod } };
    } else if (openPeriod > 0 && this.openPolls(roundId) === 0) {
      result = { ...result, summary: this.timedSummary(roundId) };
    }
    await this.persist();
    return result;
  }

  private openPolls(roundId: string): number {
    return Number(
      this.db.exec("SELECT COUNT(*) FROM polls WHERE round_id = ? AND closed = 0", [roundId])[0]?.values[0]?.[0] ?? 0,
    );
  }

  private timedSummary(roundId: string): TimedRoundSummary {
    const total = Number(
      this.db.exec("SELECT COUNT(*) FROM polls WHERE round_id = ?", [roundId])[0]?.values[0]?.[0] ?? 0,
    );
    const results = (
      this.db.exec(
        `SELECT a.user_id, COALESCE(u.name, ''), SUM(a.correct) FROM answers a JOIN polls p ON p.poll_id = a.poll_id
         LEFT JOIN users u ON u.user_id = a.user_id WHERE p.round_id = ?
         GROUP BY a.user_id ORDER BY SUM(a.correct) DESC, a.user_id ASC`,
        [roundId],
      )[0]?.values ?? []
    ).map(([userId, name, correct]) => ({ userId: Number(userId), name: String(name), correct: Number(correct) }));
    // Misses of a poll: wrong answers plus participants who did not answer it.
    const missed =
      this.db.exec(
        `SELECT p.source, ? - COALESCE(SUM(a.correct), 0) AS misses FROM polls p
         LEFT JOIN answers a ON a.poll_id = p.poll_id WHERE p.round_id = ?
         GROUP BY p.poll_id HAVING misses > 0 ORDER BY misses DESC, p.created_at ASC, p.poll_id ASC`,
        [results.length, roundId],
      )[0]?.values ?? [];
    return { roundId, total, results, toReread: [...new Set(missed.map((r) => String(r[0])))] };
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
    const poll = this.db.exec(
      "SELECT chat_id, round_id, correct_option, option_count, open_period FROM polls WHERE poll_id = ?",
      [args.pollId],
    )[0]?.values[0];
    const option = args.optionIds[0];
    if (!poll || option === undefined) return undefined;
    const [chatId, roundId, correctOption, optionCount, openPeriod] = poll as [number, string, number, number, number];
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
    // A timed round's results are posted for everyone when its last poll closes.
    if (openPeriod > 0) return { correct };
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

  /**
   * Writes the database file; writes are queued so two never race on the temporary file. A failed
   * write is warned about (once, until a write succeeds) and never rejects: the database in memory
   * is whole, and the next change writes all of it.
   */
  private persist(): Promise<void> {
    const bytes = this.db.export();
    this.saving = this.saving.then(async () => {
      try {
        await writeFileAtomic(this.file, bytes);
        this.failing = false;
      } catch (error) {
        if (!this.failing)
          this.log?.warn({ file: this.file, err: errorMessage(error) }, "could not write the quiz store");
        this.failing = true;
      }
    });
    return this.saving;
  }

  /** Frees the in-memory database. */
  close(): void {
    this.db.close();
  }
}
