/** The evaluation metrics of the dev set (hit@1, hit@5, facts, none, cross), as pure functions. */
import { z } from "zod";
import type { Answer, Citation } from "../answer/types.ts";

const sourceSchema = z.union([
  z.object({ bureau: z.string(), year: z.number() }),
  z.object({ doc: z.string(), article: z.number() }),
]);

/** One evaluation question. */
export const evalItemSchema = z.object({
  id: z.string(),
  q: z.string(),
  kind: z.enum(["fact", "list", "reg", "cross", "none"]),
  sources: z.array(sourceSchema).optional(),
  facts: z.array(z.array(z.string())).optional(),
  min_sources: z.number().optional(),
});
export type EvalItem = z.infer<typeof evalItemSchema>;
export type GoldSource = z.infer<typeof sourceSchema>;

/** Parses a JSONL file's text into evaluation items. */
export function parseEvalFile(text: string): EvalItem[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l, i) => {
      const parsed = evalItemSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** Whether a citation matches a gold source (bureau contains the string, year equal; or doc + article). */
export function citationMatches(c: Citation, s: GoldSource): boolean {
  if ("bureau" in s) return c.kind === "report" && (c.bureau ?? "").includes(s.bureau) && c.year === s.year;
  return c.kind === "regulation" && c.regulation === s.doc && c.article === s.article;
}

/** The per-question outcome of each metric that applies to it. */
export interface ItemResult {
  id: string;
  kind: EvalItem["kind"];
  hit1?: boolean;
  hit5?: boolean;
  facts?: boolean;
  /** A "none" question was refused (not found); any other was answered (found). */
  none: boolean;
  cross?: boolean;
}

/** The metrics, in the order they are printed. */
export const METRICS = ["hit@1", "hit@5", "facts", "answered", "none", "cross"] as const;
export type MetricName = (typeof METRICS)[number];

/** Scores one answer against its item. */
export function scoreItem(item: EvalItem, answer: Answer): ItemResult {
  const result: ItemResult = {
    id: item.id,
    kind: item.kind,
    none: item.kind === "none" ? !answer.found : answer.found,
  };
  const sources = item.sources ?? [];
  if (item.kind !== "none" && sources.length > 0) {
    const cited = answer.citations;
    result.hit1 = cited[0] !== undefined && sources.some((s) => citationMatches(cited[0]!, s));
    result.hit5 = cited.slice(0, 5).some((c) => sources.some((s) => citationMatches(c, s)));
  }
  if (item.facts && item.facts.length > 0) {
    result.facts = item.facts.every((group) => group.some((alt) => answer.answer.includes(alt)));
  }
  if (item.kind === "cross") {
    const distinct = sources.filter((s) => answer.citations.some((c) => citationMatches(c, s))).length;
    result.cross = distinct >= (item.min_sources ?? sources.length);
  }
  return result;
}

/**
 * Mean of each metric over the items it applies to. `answered` is `none` over the answerable items
 * alone (found when the question has an answer), so a refusal rate shows apart from the "none" items.
 */
export function summarize(results: ItemResult[]): Record<MetricName, { value: number; n: number }> {
  const mean = (key: keyof Omit<ItemResult, "id" | "kind">, over = results) => {
    const vals = over.map((r) => r[key]).filter((v): v is boolean => v !== undefined);
    return { value: vals.length ? vals.filter(Boolean).length / vals.length : NaN, n: vals.length };
  };
  return {
    "hit@1": mean("hit1"),
    "hit@5": mean("hit5"),
    facts: mean("facts"),
    answered: mean(
      "none",
      results.filter((r) => r.kind !== "none"),
    ),
    none: mean("none"),
    cross: mean("cross"),
  };
}

/** True when a result fails any metric that applies to it. */
export function failed(r: ItemResult): boolean {
  return [r.hit1, r.hit5, r.facts, r.none, r.cross].some((v) => v === false);
}

/** The summary of each kind of question, kinds in a fixed order. */
export function summarizeByKind(
  results: ItemResult[],
): { kind: EvalItem["kind"]; n: number; summary: ReturnType<typeof summarize> }[] {
  return evalItemSchema.shape.kind.options.flatMap((kind) => {
    const own = results.filter((r) => r.kind === kind);
    return own.length ? [{ kind, n: own.length, summary: summarize(own) }] : [];
  });
}
