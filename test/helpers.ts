/** Shared test fixtures: paths of the real corpus, and a fresh index built in a temp dir. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readRegulationManifest } from "../src/corpus/load.ts";
import { loadConfig, type Config } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { createQaPipeline, type QaPipeline, type QaService } from "../src/qa.ts";
import type { BotDeps } from "../src/bot/deps.ts";
import { FeedbackStore } from "../src/bot/feedback-store.ts";
import { AnswerCache, ChatHistory, ChatScopes } from "../src/bot/state.ts";
import { QuizStore } from "../src/quiz/store.ts";

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

/** Builds an index of the real corpus in a temp dir; call the returned cleanup when done. */
export async function buildPipeline(): Promise<{ qa: QaPipeline; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-test-"));
  // No download attempts from tests: a fetch that always fails fast.
  const offline: typeof fetch = async () => {
    throw new TypeError("offline in tests");
  };
  const qa = await createQaPipeline(testConfig(dataDir), { log: createLogger("silent"), fetch: offline });
  return { qa, dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Bot dependencies for tests: a QA service over `dataDir`, open access unless overridden. */
export async function testBotDeps(qa: QaService, dataDir: string, overrides: Partial<BotDeps> = {}): Promise<BotDeps> {
  return {
    qa,
    log: createLogger("silent"),
    access: { allowedUserIds: [], allowedChatIds: [], adminUserIds: [], rateLimitPerMinute: 100 },
    feedback: new FeedbackStore(dataDir),
    answers: new AnswerCache(),
    scopes: new ChatScopes(),
    history: new ChatHistory(),
    streamIntervalMs: 1000,
    reports: { dir: path.join(dataDir, "no-reports"), removedDir: path.join(dataDir, "removed"), maxUploadBytes: 1 },
    quiz: { store: await QuizStore.open(dataDir), modelTimeoutMs: 5000 },
    now: Date.now,
    ...overrides,
  };
}
