/**
 * LLM mode: the model proposes richer questions from given passages. Each proposal is held to the
 * same checks as generated ones (the correct option must stand in the cited passage, Telegram's
 * limits, unique options); anything else is dropped. Models tend to list the right answer first, so
 * each question's options are shuffled (generated questions are shuffled as they are made).
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { citationFor } from "../answer/citations.ts";
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { passageLabel } from "../answer/prompt.ts";
import { sentencesOf } from "./build.ts";
import { quizExplanation } from "./explanation.ts";
import { seededRandom } from "./random.ts";
import { shuffleOptions } from "./shuffle.ts";
import type { QuizQuestion } from "./types.ts";
import { quizProblems } from "./validate.ts";

interface Proposal {
  question?: unknown;
  options?: unknown;
  answer?: unknown;
  passage?: unknown;
}

/**
 * Asks the model for up to `count` questions about the passages; returns only those that pass, the
 * options of the i-th shuffled by `seededRandom("<seed>:options:<i>")` (same seed, same order).
 */
export async function modelQuestions(
  model: BaseChatModel,
  passages: { chunk: Chunk; doc: DocumentMeta }[],
  count: number,
  timeoutMs: number,
  seed: string,
): Promise<QuizQuestion[]> {
  const numbered = passages
    .map((p, i) => `[${i + 1}] 出处：${passageLabel({ ...p, score: 1, coverage: 1 })}\n${p.chunk.text}`)
    .join("\n\n");
  const system =
    "你为信访干部培训出单选题。只根据给出的材料出题，正确答案必须是材料原文中的词句（照抄），干扰项同类、合理但明显错误。" +
    '只输出 JSON 数组，每项形如 {"question": "题干", "options": ["选项1","选项2","选项3","选项4"], "answer": 正确选项的序号（从0开始）, "passage": 材料编号}。';
  const response = await model.invoke(
    [new SystemMessage(system), new HumanMessage(`材料：\n\n${numbered}\n\n请出 ${count} 道题。`)],
    {
      signal: AbortSignal.timeout(timeoutMs),
    },
  );
  const text = typeof response.content === "string" ? response.content : JSON.stringify(response.content);
  const json = /\[[\s\S]*\]/.exec(text)?.[0];
  let proposals: Proposal[];
  try {
    proposals = json ? (JSON.parse(json) as Proposal[]) : [];
  } catch {
    return [];
  }
  const out: QuizQuestion[] = [];
  for (const p of Array.isArray(proposals) ? proposals : []) {
    const source = typeof p.passage === "number" ? passages[p.passage - 1] : undefined;
    const options = Array.isArray(p.options) ? p.options.map(String) : [];
    const answer = typeof p.answer === "number" ? p.answer : -1;
    if (!source || typeof p.question !== "string" || !options[answer]) continue;
    const citation = citationFor(1, source.chunk, source.doc, source.chunk.text);
    const q: QuizQuestion = {
      question: p.question,
      options,
      correctOptionIds: [answer],
      explanation: quizExplanation({
        answer: options[answer]!,
        citation,
        evidence: sentencesOf(source.chunk.text).find((s) => s.includes(options[answer]!)),
      }),
      citation,
      topic: source.doc.kind === "report" ? "报告" : "条例",
      kind: "model",
    };
    if (quizProblems(q).length === 0) out.push(q);
  }
  return out.slice(0, count).map((q, i) => shuffleOptions(q, seededRandom(`${seed}:options:${i}`)));
}
