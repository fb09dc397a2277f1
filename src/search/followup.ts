/** Follow-up questions: carrying a chat's bureau, year and regulation over to the next question. */
import { queryTerms } from "../text/tokenize.ts";
import type { ParsedQuery } from "./query.ts";

/** What a previous question was about. */
export interface QueryScope {
  bureaus: string[];
  years: number[];
  regulation?: string;
}

/** Words that open a follow-up ("那律师参与接访多少次？", "还有呢"). */
const FOLLOW_UP =
  /^(那|那么|那它|它|他们|她们|其|该局|这个局|还有|另外|此外|同时|再问|再请问|接着|然后|并且|而且|那这|这)/;

/** The scope a question sets, if it names any. */
export function scopeOf(query: ParsedQuery): QueryScope | undefined {
  if (query.bureaus.length === 0 && query.years.length === 0 && !query.regulation) return undefined;
  return { bureaus: query.bureaus, years: query.years, ...(query.regulation ? { regulation: query.regulation } : {}) };
}

/** True when the question names no scope of its own (so a previous one may apply). */
export function lacksScope(query: ParsedQuery): boolean {
  return scopeOf(query) === undefined && query.article === undefined && query.unknownBureau === undefined;
}

/** True when the question reads as a follow-up to the previous one. */
export function looksLikeFollowUp(question: string): boolean {
  return FOLLOW_UP.test(question.trim());
}

/** The query with a previous scope applied: "惠安县人民政府信访局 2023年 那律师参与接访多少次？". */
export function withScope(query: ParsedQuery, scope: QueryScope): ParsedQuery {
  const prefix = scopeWords(scope).join(" ");
  return {
    ...query,
    bureaus: scope.bureaus,
    years: scope.years,
    ...(scope.regulation ? { regulation: scope.regulation } : {}),
    text: `${prefix} ${query.text}`,
    terms: [...queryTerms(prefix), ...query.terms],
  };
}

/** "惠安县人民政府信访局 · 2023年" for telling the user which context was assumed. */
export function describeScope(scope: QueryScope): string {
  return scopeWords(scope).join(" · ");
}

function scopeWords(scope: QueryScope): string[] {
  return [
    ...scope.bureaus,
    ...scope.years.map((y) => `${y}年`),
    ...(scope.regulation ? [`《${scope.regulation}》`] : []),
  ];
}
