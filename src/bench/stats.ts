/** Small statistics helpers for the benchmark. */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** The p-th percentile (0..100) of values, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Minimum, median and maximum of repeated measurements, and how many there were. */
export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

/** The spread of values (NaN everywhere when there are none). */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted[n - 1] ?? NaN, n };
}

/** Latency percentiles over a question set. */
export interface Latency {
  p50: number;
  p95: number;
  max: number;
}

/** p50, p95 and max of per-question times. */
export function latency(times: number[]): Latency {
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100) };
}

/** Total size in bytes of the files under a folder; 0 when it does not exist. */
export async function folderBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(p);
    else if (entry.isFile()) total += (await stat(p)).size;
  }
  return total;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Milliseconds taken by an async call, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
