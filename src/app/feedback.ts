/** 👍/👎 feedback, appended as JSON lines to the data directory (one record per vote). */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Citation } from "../answer/types.ts";

/** One vote on one answer. */
export interface FeedbackRecord {
  at: string;
  chatId: number;
  userId: number;
  vote: "up" | "down";
  question: string;
  found: boolean;
  citations: Pick<
    Citation,
    "n" | "kind" | "title" | "bureau" | "year" | "regulation" | "article" | "section" | "source"
  >[];
}

/** Appends feedback to `<dataDir>/feedback.jsonl`. */
export class FeedbackStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "feedback.jsonl");
  }

  async add(record: FeedbackRecord): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(record)}\n`);
  }

  /** Every record so far (for tests and reports). */
  async all(): Promise<FeedbackRecord[]> {
    try {
      return (await readFile(this.file, "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as FeedbackRecord);
    } catch {
      return [];
    }
  }
}
