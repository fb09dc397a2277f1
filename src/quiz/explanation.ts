/** The text shown after a quiz poll is answered: the answer, where it is written, and the passage. */
import { citationLabel } from "../answer/citations.ts";
import type { Citation } from "../answer/types.ts";
import { cut } from "../text/cut.ts";
import { POLL_LIMITS } from "./types.ts";

/** The source line never takes more than this, so the answer always fits beside it. */
const MAX_SOURCE_CHARS = 120;
/** A passage cut shorter than this says nothing: it is left out instead. */
const MIN_EVIDENCE_CHARS = 12;

const length = (text: string) => [...text].length;

/**
 * "答案：…\n出处：《信访工作条例》第三十四条（…）\n<passage>" within Telegram's 200 characters and
 * 2 line feeds. The source line is kept whole (up to 120 characters), then the answer; the passage
 * gets what is left, or is dropped when too little is.
 */
export function quizExplanation(args: { answer: string; citation: Citation; evidence?: string | undefined }): string {
  const flat = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();
  const source = cut(`出处：${flat(citationLabel(args.citation))}`, MAX_SOURCE_CHARS);
  const room = POLL_LIMITS.explanation - length(source) - 1;
  const answer = cut(`答案：${flat(args.answer)}`, room);
  const left = room - length(answer) - 1;
  const evidence = args.evidence ? flat(args.evidence) : "";
  const lines = [answer, source];
  if (evidence && left >= MIN_EVIDENCE_CHARS) lines.push(cut(evidence, left));
  return lines.join("\n");
}
