/** A question's options in another order, its correct option id moved with them. */
import { shuffled } from "./random.ts";
import type { QuizQuestion } from "./types.ts";

/** The question with its options permuted; `correctOptionIds` follow the options they named. */
export function shuffleOptions(question: QuizQuestion, random: () => number): QuizQuestion {
  const order = shuffled(
    question.options.map((_, i) => i),
    random,
  );
  const correct = new Set(question.correctOptionIds);
  return {
    ...question,
    options: order.map((i) => question.options[i]!),
    correctOptionIds: order.flatMap((from, to) => (correct.has(from) ? [to] : [])),
  };
}
