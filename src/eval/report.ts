/** The evaluation's report as plain text: a table of metrics per group of questions, and failure lines. */
import { citationLabel } from "../answer/citations.ts";
import type { Answer } from "../answer/types.ts";
import { score, table } from "../cli/table.ts";
import { METRICS, type EvalItem, type ItemResult, type summarize } from "./metrics.ts";

/** A row of the metrics table: a group of questions (all, or one kind) and its summary. */
export interface SummaryRow {
  label: string;
  n: number;
  summary: ReturnType<typeof summarize>;
}

/** Each group's question count and metrics, one row per group. */
export function metricsTable(rows: SummaryRow[]): string {
  return table(
    ["", "n", ...METRICS],
    rows.map((r) => [r.label, String(r.n), ...METRICS.map((m) => score(r.summary[m].value))]),
  );
}

/** A failing question: the metrics it failed, whether it was found, what it cited and the answer's start. */
export function failureText(item: EvalItem, answer: Answer, result: ItemResult): string {
  const metrics = Object.entries(result)
    .filter(([k, v]) => k !== "id" && v === false)
    .map(([k]) => k)
    .join(",");
  const cited = answer.citations.map((c) => `[${c.n}] ${citationLabel(c)}`).join("; ") || "(none)";
  const text = answer.answer.replace(/\n/g, " ").slice(0, 240);
  return `${item.id} ${item.q}\n  failed: ${metrics}; found=${answer.found}\n  cited: ${cited}\n  answer: ${text}`;
}
