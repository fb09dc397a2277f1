/** The grounded-generation prompt: numbered passages with their source labels, and the rules. */
import { ChatPromptTemplate } from "@langchain/core/prompts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { toChineseNumeral } from "../text/numerals.ts";
import { REFUSAL } from "./validate.ts";

/** "惠安县人民政府信访局 2023年报告 · 一、… > （二）…" or "《信访工作条例》第三十四条（第四章 …）". */
export function passageLabel(p: Passage): string {
  if (p.doc.kind === "report") {
    return `${p.doc.bureau} ${p.doc.year}年报告${p.chunk.headingPath.length ? ` · ${p.chunk.headingPath.join(" > ")}` : ""}`;
  }
  const old = p.doc.status === "superseded" ? `，已被《${p.doc.supersededBy ?? "新条例"}》取代` : "";
  return `《${p.doc.title}》第${toChineseNumeral(p.chunk.article ?? 0)}条${p.chunk.chapter ? `（${p.chunk.chapter}${old}）` : old ? `（${old.slice(1)}）` : ""}`;
}

/** System and user messages for answering `question` from `passages` (numbered from 1). */
export function buildPrompt(
  question: string,
  passages: Passage[],
  options: { byBureau: boolean },
): { system: string; user: string } {
  const system = [
    "你是信访工作问答助手，只根据用户提供的编号材料回答问题。规则：",
    "1. 只使用材料中的信息，不得使用材料以外的知识，不得推测。",
    "2. 每一句陈述后用 [编号] 标注其依据的材料，例如 [1] 或 [2][3]；只能引用给出的编号。",
    "3. 数字、日期、百分比、人名、机构名必须与材料原文完全一致，照抄，不得换算、四舍五入或合计。",
    "4. 用简体中文回答，简洁准确。",
    `5. 如果材料不能回答问题，只回答这一句：${REFUSAL}`,
    ...(options.byBureau ? ["6. 问题涉及多个信访部门：请按信访局分段作答，每段以局名开头，并各自标注出处。"] : []),
    "材料中的旧《信访条例》（2005年）已被《信访工作条例》取代；引用旧条例时须说明。",
  ].join("\n");
  const numbered = passages.map((p, i) => `[${i + 1}] 出处：${passageLabel(p)}\n${p.chunk.text}`).join("\n\n");
  const user = `材料：\n\n${numbered}\n\n问题：${question}`;
  return { system, user };
}

/**
 * The chat prompt of LLM mode: the rules and the numbered passages of `buildPrompt`, slotted in as
 * values (never parsed as a template, so braces in a passage are safe).
 */
export const GROUNDED_PROMPT = ChatPromptTemplate.fromMessages([
  ["system", "{system}"],
  ["human", "{user}"],
]);

/** The passages a model is shown: the best ones, and for cross-report questions every report's best first. */
export function promptPassages(retrieval: Retrieval, maxPassages: number): Passage[] {
  if (!retrieval.query.intent.compare) return retrieval.passages.slice(0, maxPassages);
  const firstOfDoc = retrieval.passages.filter((p, i, all) => all.findIndex((q) => q.doc.id === p.doc.id) === i);
  const rest = retrieval.passages.filter((p) => !firstOfDoc.includes(p));
  return [...firstOfDoc, ...rest].slice(0, maxPassages);
}
