/** Reciprocal rank fusion of several ranked lists. */

/** One ranked list of keys and how much it counts. */
export interface RankedList {
  keys: number[];
  weight: number;
}

/** RRF: score(key) = sum over lists of weight / (k + rank), rank from 1. Best first. */
export function reciprocalRankFusion(lists: RankedList[], k = 60): { key: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const { keys, weight } of lists) {
    keys.forEach((key, i) => scores.set(key, (scores.get(key) ?? 0) + weight / (k + i + 1)));
  }
  return [...scores].map(([key, score]) => ({ key, score })).sort((a, b) => b.score - a.score || a.key - b.key);
}
