/** A quiz question as the CLI prints it and the bot sends it (a Telegram quiz poll). */
import type { Citation } from "../answer/types.ts";

/** What a question is drawn from. */
export type QuizTopic = "条例" | "报告";

/** The kinds of question the generator makes. */
export type QuizKind =
  | "reg-figure"
  | "reg-article"
  | "reg-prohibited"
  | "reg-since"
  | "report-figure"
  | "report-bureau"
  | "report-name"
  | "model";

export interface QuizQuestion {
  question: string;
  options: string[];
  /** 0-based, increasing (Telegram's correct_option_ids). */
  correctOptionIds: number[];
  /** Shown after answering: at most 200 characters and 2 line breaks. */
  explanation: string;
  /** Where the answer is proved; `quote` contains the correct option (or names its bureau). */
  citation: Citation;
  topic: QuizTopic;
  kind: QuizKind;
}

/** Telegram's limits on quiz polls. */
export const POLL_LIMITS = {
  question: 300,
  options: [2, 12],
  option: 100,
  explanation: 200,
  explanationLines: 2,
  /** open_period, seconds: how long a timed poll stays open. */
  openPeriod: [5, 600],
} as const;
