/** Shared test fixtures: paths of the real corpus, and a fresh index built in a temp dir. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readRegulationManifest } from "../src/corpus/load.ts";
import { loadConfig, type Config } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { createApp, type App, type AppIo } from "../src/app/create-app.ts";
import type { Answer } from "../src/answer/types.ts";
import type { BotDeps } from "../src/bot/deps.ts";
import { AnswerCache } from "../src/bot/answer-cache.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CORPUS = path.join(ROOT, "corpus");
export const REPORTS = path.join(CORPUS, "reports");
export const REGULATIONS = path.join(CORPUS, "regulations");

/** Report file of a bureau, by the start of its file name. */
export function reportFile(prefix: string): string {
  const names = [
    "阎良区信访局-2022.txt",
    "大同市平城区信访局-2022.txt",
    "惠安县人民政府信访局-2023.txt",
    "西安市信访局-2021.txt",
    "重庆市沙坪坝区信访办公室-2021.txt",
  ];
  const name = names.find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`no report starting with ${prefix}`);
  return path.join(REPORTS, name);
}

/** True when both regulation texts are in corpus/regulations (CI copies them; a fresh clone may not). */
export const regulationsPresent =
  existsSync(path.join(REGULATIONS, "信访工作条例.md")) && existsSync(path.join(REGULATIONS, "信访条例-2005.md"));
if (!regulationsPresent) {
  console.warn(
    "[tests] regulation texts absent from corpus/regulations: tests that need them are skipped. Run `npm run ingest` (network) or copy them from ../shared/corpus/regulations.",
  );
}

/** The declared regulation entries. */
export function regulationEntries() {
  return readRegulationManifest(CORPUS);
}

/** A Config for tests: real corpus, a temporary data dir, offline defaults. */
export function testConfig(dataDir: string, corpusDir = CORPUS, extra: Record<string, string> = {}): Config {
  return loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: dataDir, DOWNLOAD_TIMEOUT_MS: "2000", ...extra }, ROOT);
}

/** A fetch that always fails fast: no download attempts from tests. */
export const offline: typeof fetch = async () => {
  throw new TypeError("offline in tests");
};

/** The application over a config, silent and offline. */
export function testApp(config: Config, io: AppIo = {}): Promise<App> {
  return createApp(config, { log: createLogger("silent"), fetch: offline, ...io });
}

/** The application over the real corpus with its index in a temp dir; call cleanup when done. */
export async function buildTestApp(extra: Record<string, string> = {}): Promise<{
  app: App;
  dataDir: string;
  cleanup: () => Promise<void>;
}> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-test-"));
  const app = await testApp(testConfig(dataDir, CORPUS, extra));
  const cleanup = async () => {
    await app.feedback.unanswered.all(); // writes of unanswered questions still queued (not awaited by replies)
    await rm(dataDir, { recursive: true, force: true });
  };
  return { app, dataDir, cleanup };
}

/** Bot dependencies for tests: the given application, open access unless overridden. */
export function testBotDeps(app: App, overrides: Partial<BotDeps> = {}): BotDeps {
  return {
    app,
    log: createLogger("silent"),
    access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: 100 },
    answers: new AnswerCache(),
    streamIntervalMs: 1000,
    uploads: { maxBytes: 1 },
    now: Date.now,
    ...overrides,
  };
}

/**
 * The quoted lines of an answer with the marker each ends with, without the labels set before a
 * quote ("1. ", "惠安县人民政府信访局（2023年）：", "《信访工作条例》第三十四条（现行）：").
 */
export function quotedLines(a: Answer): { text: string; n: number }[] {
  return a.answer.split("\n").flatMap((line) => {
    const m = /^(.*?)((?:\[\d+\])+)$/.exec(line.trim());
    if (!m) return [];
    const n = Number(/\[(\d+)\]/.exec(m[2]!)![1]);
    const text = m[1]!.replace(/^(?:\d+\. |　+|[^：]{2,40}（[^）]*）：|《[^》]+》第[^条]+条（[^）]*）：)/, "");
    return [{ text, n }];
  });
}
