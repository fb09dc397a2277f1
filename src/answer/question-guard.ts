/** Checks a question before any search: empty, too long, or with nothing to search for. */

const CJK = /[\u3400-\u9fff]/;
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** A polite Chinese message when the question cannot be searched, else undefined. */
export function checkQuestion(question: string, maxChars: number): string | undefined {
  const q = question.trim();
  if (q === "") return "问题是空的。请输入一个关于信访工作报告或《信访工作条例》的问题，例如：“信访事项多久要办结？”";
  const length = [...q].length;
  if (length > maxChars) return `问题太长（${length}字），请精简到${maxChars}字以内，只保留要问的内容。`;
  if (!SEARCHABLE.test(q))
    return "没有识别到文字内容。请用中文输入您的问题，例如：“惠安县2023年办理了多少件信访事项？”";
  if (!CJK.test(q)) return "目前只支持中文提问（文档均为中文）。请用中文输入您的问题，例如：“信访事项多久要办结？”";
  return undefined;
}
