/**
 * What users tell us about answers, for admins: 👍/👎 votes appended as JSON lines to
 * `<dataDir>/feedback.jsonl` (one record per vote), read back with the unanswered questions as an
 * overview (recent 👎, unanswered questions most frequent first) or as one JSONL export.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Citation } from "../answer/types.ts";
import { cut } from "../text/cut.ts";
import type { UnansweredLog, UnansweredRecord } from "./unanswered.ts";

/** The answer text kept with a vote: enough to see what was wrong, not the whole reply. */
const ANSWER_EXCERPT_CHARS = 300;

/** One vote on one answer. */
export interface FeedbackRecord {
  at: string;
  chatId: number;
  userId: number;
  vote: "up" | "down";
  question: string;
  found: boolean;
  /** The start of the answer voted on (records from before this field lack it). */
  answer?: string;
  citations: Pick<
    Citation,
    "n" | "kind" | "title" | "bureau" | "year" | "regulation" | "article" | "section" | "source"
  >[];
}

/** A question asked in vain, with how often (grouped ignoring spaces, width, case and end punctuation). */
interface UnansweredQuestion {
  question: string;
  count: number;
  lastAt: string;
}

/** What /feedback shows. */
export interface FeedbackOverview {
  up: number;
  down: number;
  /** The most recent 👎, newest first. */
  recentDown: FeedbackRecord[];
  /** Most frequent first, then most recent. */
  unanswered: UnansweredQuestion[];
  /** Distinct unanswered questions in all. */
  unansweredDistinct: number;
}

/** An export: a file name and its UTF-8 bytes (no BOM). */
interface FeedbackExport {
  fileName: string;
  bytes: Buffer;
  votes: number;
  unanswered: number;
}

/** The grouping key of a question: NFKC (full-width to half-width), no spaces, lower case, no end punctuation. */
export function questionKey(question: string): string {
  return question
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .toLowerCase()
    .replace(/[?？!！。.~～]+$/u, "");
}

/** Unanswered questions grouped by key, most frequent first, then most recently asked; each shown as last asked. */
export function rankUnanswered(records: readonly UnansweredRecord[]): UnansweredQuestion[] {
  const groups = new Map<string, UnansweredQuestion>();
  for (const r of records) {
    const key = questionKey(r.question);
    const group = groups.get(key);
    if (!group) groups.set(key, { question: r.question, count: 1, lastAt: r.at });
    else {
      group.count++;
      if (r.at >= group.lastAt) Object.assign(group, { question: r.question, lastAt: r.at });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}

/** Votes and unanswered questions, persisted in the data directory. */
export class FeedbackStore {
  readonly file: string;

  constructor(
    dataDir: string,
    /** Where unanswered questions are recorded (by the conversation). */
    readonly unanswered: UnansweredLog,
  ) {
    this.file = path.join(dataDir, "feedback.jsonl");
  }

  /** Appends a vote; the answer is kept as an excerpt of ANSWER_EXCERPT_CHARS. */
  async add(record: FeedbackRecord): Promise<void> {
    const kept = record.answer === undefined ? record : { ...record, answer: cut(record.answer, ANSWER_EXCERPT_CHARS) };
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(kept)}\n`);
  }

  /** Every vote so far, oldest first. */
  async all(): Promise<FeedbackRecord[]> {
    try {
      return (await readFile(this.file, "utf8")).split("\n").flatMap((l) => {
        if (!l) return [];
        try {
          return [JSON.parse(l) as FeedbackRecord];
        } catch {
          return []; // a line torn by a crash
        }
      });
    } catch {
      return [];
    }
  }

  /** Counts, the latest `limit` 👎 and the `limit` most frequent unanswered questions. */
  async overview(limit = 10): Promise<FeedbackOverview> {
    const votes = await this.all();
    const down = votes.filter((v) => v.vote === "down");
    const ranked = rankUnanswered(await this.unanswered.all());
    return {
      up: votes.length - down.length,
      down: down.length,
      recentDown: down.slice(-limit).reverse(),
      unanswered: ranked.slice(0, limit),
      unansweredDistinct: ranked.length,
    };
  }

  /**
   * Every vote and every unanswered question as JSON lines (`"type": "feedback"` or
   * `"unanswered"`), oldest first within each; named by the time of export (UTC).
   */
  async export(now: Date): Promise<FeedbackExport> {
    const votes = await this.all();
    const unanswered = await this.unanswered.all();
    const lines = [
      ...votes.map((v) => JSON.stringify({ type: "feedback", ...v })),
      ...unanswered.map((u) => JSON.stringify({ type: "unanswered", ...u })),
    ];
    const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    return {
      fileName: `feedback-${stamp}.jsonl`,
      bytes: Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8"),
      votes: votes.length,
      unanswered: unanswered.length,
    };
  }
}
