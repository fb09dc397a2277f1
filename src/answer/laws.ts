/**
 * Quoting the law: the paragraph of an article that answers (with its numbered items when it has
 * them), rather than a sentence cut out of it or the whole article.
 */
import { conceptCoverage } from "../search/concepts.ts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { articleParagraphs } from "../text/paragraphs.ts";
import { normalizeForMatch } from "../text/script.ts";
import { fitsShape } from "./sentences.ts";

/** The paragraph of an article that best answers the question (the whole article when it is short). */
export function bestParagraph(passage: Passage, retrieval: Retrieval, shortArticle = 260): string {
  const text = passage.chunk.text;
  const paragraphs = articleParagraphs(text);
  if (paragraphs.length <= 1 || text.length <= shortArticle) return text;
  const { weights } = retrieval;
  // A figure asked ("收到后多长时间内得处理") is answered by a paragraph that states one, whatever
  // else another paragraph shares with the question; other shapes only lean to theirs.
  const shapeWeight = retrieval.query.intent.shape === "figure" ? 1 : 0.15;
  const scored = paragraphs.map((p, i) => ({
    p,
    score:
      conceptCoverage(weights, normalizeForMatch(p)) +
      (fitsShape(p, retrieval) ? shapeWeight : 0) +
      (retrieval.query.intent.shape === "list" && p.includes("\n") ? 0.2 : 0) -
      0.01 * i,
  }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0]!.p;
}
