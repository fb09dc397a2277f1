/** Shared pieces of question building: the corpus view, options, explanations, clause cutting. */
import { citationFor } from "../answer/citations.ts";
import type { Chunk, DocumentMeta, RegulationMeta, ReportMeta } from "../corpus/types.ts";
import { quizExplanation } from "./explanation.ts";
import { shuffled } from "./random.ts";
import type { QuizKind, QuizQuestion, QuizTopic } from "./types.ts";

/** What question builders read: documents and their chunks. */
export interface QuizCorpus {
  documents: DocumentMeta[];
  chunks: Chunk[];
}

export const inForce = (c: QuizCorpus): RegulationMeta | undefined =>
  c.documents.find((d): d is RegulationMeta => d.kind === "regulation" && d.status === "in_force");
export const reports = (c: QuizCorpus): ReportMeta[] => c.documents.filter((d): d is ReportMeta => d.kind === "report");
export const chunksOf = (c: QuizCorpus, docId: string): Chunk[] => c.chunks.filter((k) => k.docId === docId);

/** The clauses of a text (split after ，；。：), kept verbatim. */
export function clauses(text: string): string[] {
  return text
    .split(/(?<=[，；。：,;])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The sentences of a text (split after 。；！？), kept verbatim. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。；！？])|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A question with the correct answer among shuffled distractors. Undefined when there are not
 * enough distinct distractors (a question with one plausible option teaches nothing).
 */
export function makeQuestion(args: {
  kind: QuizKind;
  topic: QuizTopic;
  question: string;
  correct: string;
  distractors: string[];
  chunk: Chunk;
  doc: DocumentMeta;
  /** The sentence shown in the explanation. */
  evidence: string;
  random: () => number;
  optionCount?: number;
}): QuizQuestion | undefined {
  const pool = [...new Set(args.distractors)].filter((d) => d !== args.correct && d.trim() !== "");
  const picked = shuffled(pool, args.random).slice(0, (args.optionCount ?? 4) - 1);
  if (picked.length < 2) return undefined;
  const options = shuffled([args.correct, ...picked], args.random);
  const citation = citationFor(1, args.chunk, args.doc, args.chunk.text);
  const explanation = quizExplanation({ answer: args.correct, citation, evidence: args.evidence });
  return {
    question: args.question,
    options,
    correctOptionIds: [options.indexOf(args.correct)],
    explanation,
    citation,
    topic: args.topic,
    kind: args.kind,
  };
}
