/**
 * Quoting the law: the paragraph of an article that answers (with its numbered items when it has
 * them), rather than a sentence cut out of it or the whole article.
 */
import { conceptCoverage } from "../search/concepts.ts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { normalizeForMatch } from "../text/script.ts";
import { fitsShape } from "./sentences.ts";

/** An article's paragraphs, each with the numbered items that follow it ("…下列行为：\n（一）…"). */
export function articleParagraphs(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
    if (/^[（(][一二三四五六七八九十]+[）)]/.test(line.trim()) && out.length > 0) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

/** The paragraph of an article that best answers the question (the whole article when it is short). */
export function bestParagraph(passage: Passage, retrieval: Retrieval, shortArticle = 260): string {
  const text = passage.chunk.text;
  const paragraphs = articleParagraphs(text);
  if (paragraphs.length <= 1 || text.length <= shortArticle) return text;
  const { weights } = retrieval;
  const scored = paragraphs.map((p, i) => ({
    p,
    score:
      conceptCoverage(weights, normalizeForMatch(p)) +
      (fitsShape(p, retrieval) ? 0.15 : 0) +
      (retrieval.query.intent.shape === "list" && p.includes("\n") ? 0.2 : 0) -
      0.01 * i,
  }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0]!.p;
}
