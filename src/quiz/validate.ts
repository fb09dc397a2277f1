/** The checks every quiz question passes before anyone sees it. */
import { POLL_LIMITS, type QuizQuestion } from "./types.ts";

/** Problems with a question (empty when it is fit to send). */
export function quizProblems(q: QuizQuestion): string[] {
  const problems: string[] = [];
  const len = (s: string) => [...s].length;
  if (len(q.question) < 1 || len(q.question) > POLL_LIMITS.question)
    problems.push(`question length ${len(q.question)}`);
  const [min, max] = POLL_LIMITS.options;
  if (q.options.length < min || q.options.length > max) problems.push(`${q.options.length} options`);
  for (const o of q.options)
    if (len(o) < 1 || len(o) > POLL_LIMITS.option) problems.push(`option length ${len(o)}: ${o.slice(0, 20)}`);
  if (new Set(q.options).size !== q.options.length) problems.push("options not unique");
  if (len(q.explanation) > POLL_LIMITS.explanation) problems.push(`explanation length ${len(q.explanation)}`);
  if ((q.explanation.match(/\n/g) ?? []).length > POLL_LIMITS.explanationLines)
    problems.push("explanation has too many line breaks");
  if (q.correctOptionIds.length !== 1 || !q.correctOptionIds.every((i) => i >= 0 && i < q.options.length))
    problems.push("correct option out of range");
  const correct = q.options[q.correctOptionIds[0] ?? -1] ?? "";
  const proved =
    q.kind === "report-bureau" ? correct.startsWith(q.citation.bureau ?? "\u0000") : q.citation.quote.includes(correct);
  if (!proved) problems.push("the correct option is not in the cited passage");
  return problems;
}
