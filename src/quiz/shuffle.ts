/** Per-poll option order: each question of a round is shuffled by its own stream of the round's seed. */
import { seededRandom, shuffled } from "./random.ts";
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

/**
 * A round's questions, each shuffled by `seededRandom("<seed>:<position>")`: the same seed gives
 * the same order, and one question's order does not depend on how many options the others had.
 * Model-proposed questions tend to put the right answer first; this evens that out.
 */
export function shuffleRound(questions: QuizQuestion[], seed: string): QuizQuestion[] {
  return questions.map((q, i) => shuffleOptions(q, seededRandom(`${seed}:options:${i}`)));
}
