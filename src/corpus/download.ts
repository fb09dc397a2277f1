/** Download of declared regulation texts from their pinned URLs, verified by sha256. */
import { createHash } from "node:crypto";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { DownloadError } from "../errors.ts";
import { writeFileAtomic } from "../storage/atomic-write.ts";
import type { RegulationEntry } from "./regulation.ts";

/** What ensureRegulations needs; fetch is injected so tests use a local server. */
export interface DownloadOptions {
  dir: string;
  entries: RegulationEntry[];
  fetch?: typeof globalThis.fetch;
  /** Per-file timeout in milliseconds. */
  timeoutMs: number;
}

/** The outcome for every declared file. */
export interface DownloadReport {
  present: string[];
  downloaded: string[];
  failed: { file: string; error: DownloadError }[];
}

/** sha256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Fetches one URL and checks its sha256; throws DownloadError with the reason. */
export async function downloadVerified(
  url: string,
  expectedSha256: string,
  timeoutMs: number,
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    throw new DownloadError(
      timedOut ? `timed out after ${timeoutMs} ms` : `network error (${describe(cause)})`,
      url,
      timedOut ? "timeout" : "network",
      { cause },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DownloadError(`HTTP ${response.status} ${response.statusText}`.trim(), url, "http");
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    throw new DownloadError(timedOut ? `timed out after ${timeoutMs} ms` : `network error (${describe(cause)})`, url, timedOut ? "timeout" : "network", { cause });
  }
  const actual = sha256Hex(bytes);
  if (actual !== expectedSha256) {
    throw new DownloadError(`checksum mismatch: expected sha256 ${expectedSha256}, got ${actual}`, url, "checksum");
  }
  return bytes;
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const code = inner && typeof inner === "object" && "code" in inner ? String((inner as { code: unknown }).code) : "";
    return code ? `${cause.message}: ${code}` : cause.message;
  }
  return String(cause);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Makes sure every declared regulation file is in `dir`, downloading the missing ones. A failed
 * download is reported, not thrown: the corpus works with what it has. Writes are atomic
 * (writeFileAtomic), so a half-downloaded file is never left behind.
 */
export async function ensureRegulations(options: DownloadOptions): Promise<DownloadReport> {
  const report: DownloadReport = { present: [], downloaded: [], failed: [] };
  await mkdir(options.dir, { recursive: true });
  for (const entry of options.entries) {
    const target = path.join(options.dir, entry.file);
    if (await exists(target)) {
      report.present.push(entry.file);
      continue;
    }
    try {
      const bytes = await downloadVerified(entry.url, entry.sha256, options.timeoutMs, options.fetch);
      await writeFileAtomic(target, bytes);
      report.downloaded.push(entry.file);
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      report.failed.push({ file: entry.file, error });
    }
  }
  return report;
}
