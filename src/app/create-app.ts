/**
 * createApp(config, io): the one composition root. Maps Config to each part's narrow options,
 * builds (or refreshes) the index, and returns the application's services — what `npm start` and
 * every script use, and all the bot may call.
 */
import path from "node:path";
import type { Logger } from "pino";
import { createChatModel } from "../answer/chat-model.ts";
import type { QueryEngine } from "../answer/engine.ts";
import { DEFAULT_LLM_PASSAGES } from "../answer/llm.ts";
import type { Answer, AnswerOptions } from "../answer/types.ts";
import type { Config } from "../config.ts";
import { cachedOcr } from "../corpus/ocr-cache.ts";
import { createPpOcr } from "../corpus/ocr.ts";
import { createEmbeddings, type EmbeddingsOptions } from "../index/embeddings.ts";
import { createLogger } from "../log.ts";
import { PassageRetriever } from "../search/langchain-retriever.ts";
import { ChatMemory } from "./chat-memory.ts";
import { Conversation } from "./conversation.ts";
import { FeedbackStore } from "./feedback.ts";
import { Library } from "./library.ts";
import { PipelineHost, type BuildMode } from "./pipeline.ts";
import { QuizRounds } from "./quiz-rounds.ts";
import { ReportAdmin } from "./report-admin.ts";
import { UnansweredLog } from "./unanswered.ts";
import { SqliteState } from "./sqlite-state.ts";
import { memoryState, type StateStore } from "./storage.ts";

/** What the application is given rather than reaching for. */
export interface AppIo {
  /** The logger; by default one at config.logLevel, else `defaultLogLevel`. */
  log?: Logger;
  /** The entry point's level when LOG_LEVEL is unset (quiet CLIs, a chattier bot). */
  defaultLogLevel?: NonNullable<Config["logLevel"]>;
  /** Human-readable progress lines while the index is built. */
  onProgress?: (line: string) => void;
  /** For regulation downloads (tests pass one that fails fast). */
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Rebuild the index, or download missing regulation texts, even when it is fresh. */
  build?: BuildMode;
  /**
   * Keep the state (chat contexts, and what the bot stores in `App.state`) in
   * `<dataDir>/state.sqlite` across restarts; default false: in memory (the CLIs, tests).
   */
  persistState?: boolean;
}

/** Counts and settings shown to admins (/stats). */
interface AppStats {
  documents: number;
  chunks: number;
  embeddings: string;
  builtAt: string;
  questionsAnswered: number;
  uptimeMs: number;
  reindexing: boolean;
  missingRegulations: string[];
}

/** The application's services. */
export interface App {
  log: Logger;
  /** Questions in chats, with follow-ups. */
  conversation: Conversation;
  /** Reports, sections and articles for browsing. */
  library: Library;
  /** Adding and withdrawing reports, rebuilding the index. */
  reports: ReportAdmin;
  quiz: QuizRounds;
  feedback: FeedbackStore;
  /** State kept between messages (persisted with `persistState`); close it on the way out. */
  state: StateStore;
  /** True when answers are written by a chat model (OPENAI_API_KEY set). */
  llmMode: boolean;
  /** The hybrid retriever as a LangChain retriever over the current index (Documents with citation metadata). */
  retriever: PassageRetriever;
  /** One question on its own, without a chat's context (the CLIs and the evaluation). */
  ask(question: string, options?: AnswerOptions): Promise<Answer>;
  /** One question on its own, answered extractively even in LLM mode (no model call): inline queries. */
  askExtractive(question: string): Promise<Answer>;
  /** The engine answering now (the benchmark times its parts). */
  engine(): QueryEngine;
  stats(): AppStats;
}

/** The embeddings settings of a Config. */
function embeddingsOptions(config: Config): EmbeddingsOptions {
  if (config.embeddings.provider === "local") return { provider: "local" };
  return {
    provider: "openai",
    model: config.embeddings.model,
    apiKey: config.openai.apiKey ?? "",
    ...(config.openai.baseURL ? { baseURL: config.openai.baseURL } : {}),
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
  };
}

/** Builds the application from its configuration; the index is ready when this resolves. */
export async function createApp(config: Config, io: AppIo = {}): Promise<App> {
  const log = io.log ?? createLogger(config.logLevel ?? io.defaultLogLevel ?? "warn");
  const now = io.now ?? Date.now;
  const { openai } = config;
  const model =
    config.llm && openai.apiKey
      ? await createChatModel({
          model: config.llm.model,
          apiKey: openai.apiKey,
          ...(openai.baseURL ? { baseURL: openai.baseURL } : {}),
          timeoutMs: openai.timeoutMs,
          maxRetries: openai.maxRetries,
        })
      : undefined;
  // One OCR engine for ingest and uploads: loaded on the first scan, results kept per page image.
  const ocr = cachedOcr(createPpOcr(), path.join(config.dataDir, "ocr-cache"));
  const host = await PipelineHost.start(
    {
      corpusDir: config.corpusDir,
      dataDir: config.dataDir,
      embedder: await createEmbeddings(embeddingsOptions(config)),
      ...(model ? { llm: { model, timeoutMs: openai.timeoutMs, maxPassages: DEFAULT_LLM_PASSAGES } } : {}),
      maxQuestionChars: config.maxQuestionChars,
      downloadTimeoutMs: config.downloadTimeoutMs,
      ocr,
    },
    { log, ...(io.onProgress ? { onProgress: io.onProgress } : {}), ...(io.fetch ? { fetch: io.fetch } : {}) },
    io.build,
  );
  const current = () => host.current;
  const state: StateStore = io.persistState ? await SqliteState.open(config.dataDir, { log, now }) : memoryState(now);
  const unanswered = new UnansweredLog(config.dataDir, { now, log });
  const conversation = new Conversation(current, new ChatMemory({ now, state }), unanswered);
  const startedAt = now();
  return {
    log,
    conversation,
    library: new Library(current),
    reports: new ReportAdmin(
      host,
      { reports: path.join(config.corpusDir, "reports"), removed: path.join(config.dataDir, "removed") },
      log,
      now,
      ocr,
    ),
    quiz: new QuizRounds(current, {
      dataDir: config.dataDir,
      log,
      now,
      ...(model ? { model } : {}),
      modelTimeoutMs: openai.timeoutMs,
    }),
    feedback: new FeedbackStore(config.dataDir, unanswered),
    state,
    llmMode: model !== undefined,
    retriever: new PassageRetriever({ engine: () => host.current.engine }),
    ask: (question, options) => host.current.engine.answer(question, options),
    askExtractive: (question) => host.current.extractive.answer(question),
    engine: () => host.current.engine,
    stats: () => {
      const m = host.current.index.manifest;
      return {
        documents: m.documents,
        chunks: m.chunks,
        embeddings: `${m.embeddings.provider}/${m.embeddings.model}`,
        builtAt: m.builtAt,
        questionsAnswered: conversation.questionsAnswered,
        uptimeMs: now() - startedAt,
        reindexing: host.reindexing,
        missingRegulations: m.missingRegulations,
      };
    },
  };
}
