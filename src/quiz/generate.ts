/** Quiz generation: every kind of question, validated, mixed and picked deterministically for a seed. */
import type { ReportMeta } from "../corpus/types.ts";
import { UserError } from "../errors.ts";
import { normalizeForMatch } from "../text/script.ts";
import { reports, type QuizCorpus } from "./build.ts";
import { seededRandom, shuffled } from "./random.ts";
import { articleQuestions, figureQuestions, prohibitedQuestions, sinceQuestions } from "./regulation-questions.ts";
import { bureauQuestions, nameQuestions, reportFigureQuestions } from "./report-questions.ts";
import type { QuizQuestion } from "./types.ts";
import { quizProblems } from "./validate.ts";

/** What to draw from: 条例, 报告, or a bureau's name or alias (惠安, 阎良区…). */
export interface QuizRequest {
  count: number;
  topic?: string;
  seed: string;
}

/** The reports a topic names (all for 报告 or none given; none for 条例). */
export function reportsForTopic(corpus: QuizCorpus, topic?: string): ReportMeta[] | undefined {
  const all = reports(corpus);
  if (!topic || topic === "报告") return all;
  if (topic === "条例") return [];
  const t = normalizeForMatch(topic);
  const hits = all.filter((r) =>
    [r.bureau, r.region, ...r.aliases].some((a) => normalizeForMatch(a) === t || normalizeForMatch(a).includes(t)),
  );
  return hits.length > 0 ? hits : undefined;
}

/**
 * `count` questions (fewer if the topic has fewer), no question twice, kinds taken in turn so a
 * round mixes them. Throws when the topic names nothing in the corpus.
 */
export function generateQuiz(corpus: QuizCorpus, request: QuizRequest): QuizQuestion[] {
  const random = seededRandom(request.seed);
  const docs = reportsForTopic(corpus, request.topic);
  if (docs === undefined) {
    throw new UserError(
      `没有与“${request.topic}”相关的报告。可用主题：条例、报告，或某个信访局的名称（如 惠安、阎良）。`,
    );
  }
  const regulationKinds = request.topic === undefined || request.topic === "条例";
  const groups = [
    ...(regulationKinds
      ? [
          figureQuestions(corpus, random),
          articleQuestions(corpus, random),
          prohibitedQuestions(corpus, random),
          sinceQuestions(corpus, random),
        ]
      : []),
    reportFigureQuestions(corpus, random, docs),
    nameQuestions(corpus, random, docs),
    // "Which bureau wrote this" has one possible answer when the topic is a bureau.
    ...(request.topic && request.topic !== "报告" ? [] : [bureauQuestions(corpus, random, docs)]),
  ]
    .map((g) =>
      shuffled(
        g.filter((q) => quizProblems(q).length === 0),
        random,
      ),
    )
    .filter((g) => g.length > 0);
  const picked: QuizQuestion[] = [];
  const seen = new Set<string>();
  for (let round = 0; picked.length < request.count && groups.some((g) => g.length > round); round++) {
    for (const group of shuffled(groups, random)) {
      const q = group[round];
      if (!q || seen.has(q.question)) continue;
      seen.add(q.question);
      picked.push(q);
      if (picked.length >= request.count) break;
    }
  }
  return picked;
}
