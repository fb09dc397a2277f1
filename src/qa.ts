/** Builds the question-answering pipeline (index -> retriever -> answerer) from Config. */
import type { Logger } from "pino";
import { createChatModel } from "./answer/chat-model.ts";
import { ExtractiveAnswerer, DEFAULT_EXTRACTIVE_OPTIONS } from "./answer/extractive.ts";
import { LlmAnswerer } from "./answer/llm.ts";
import type { Answer, AnswerOptions, Answerer } from "./answer/types.ts";
import type { Config } from "./config.ts";
import { createEmbeddings } from "./index/embeddings.ts";
import { ensureIndex, type SearchIndex } from "./index/store.ts";
import { HybridRetriever } from "./search/retriever.ts";

/** The parts of the pipeline, for callers that need more than answers. */
export interface QaPipeline {
  index: SearchIndex;
  retriever: HybridRetriever;
  answerer: Answerer;
  /** Set in LLM mode (also the answerer then), for follow-up rewriting. */
  llm?: LlmAnswerer;
}

/** I/O the pipeline is given rather than reaching for. */
export interface QaDeps {
  log: Logger;
  onProgress?: (line: string) => void;
  fetch?: typeof globalThis.fetch;
  /** Rebuild even when the index is fresh. */
  forceRebuild?: boolean;
  /** Try to download missing regulation texts even when the index is fresh (npm run ingest). */
  alwaysDownload?: boolean;
}

/** Loads (building or refreshing first when needed) the index and wires the answerer to it. */
export async function createQaPipeline(config: Config, deps: QaDeps): Promise<QaPipeline> {
  const index = await ensureIndex({
    corpusDir: config.corpusDir,
    dataDir: config.dataDir,
    embedder: createEmbeddings(config),
    log: deps.log,
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    download: {
      timeoutMs: config.downloadTimeoutMs,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.alwaysDownload ? { always: true } : {}),
    },
    ...(deps.forceRebuild ? { force: true } : {}),
  });
  const retriever = new HybridRetriever(index);
  const extractiveOptions = { ...DEFAULT_EXTRACTIVE_OPTIONS, maxQuestionChars: config.maxQuestionChars };
  const model = createChatModel(config);
  const llm = model
    ? new LlmAnswerer(
        retriever,
        model,
        deps.log,
        { maxPassages: 6, timeoutMs: config.openai.timeoutMs },
        extractiveOptions,
      )
    : undefined;
  const answerer = llm ?? new ExtractiveAnswerer(retriever, extractiveOptions);
  return { index, retriever, answerer, ...(llm ? { llm } : {}) };
}

/**
 * The pipeline as a long-running service: answers from the current index while /reindex builds a
 * new one, then swaps it in. Counts questions for /stats.
 */
export class QaService {
  private pipeline: QaPipeline;
  private rebuilding: Promise<QaPipeline> | undefined;
  private answered = 0;
  readonly startedAt: number;

  private constructor(
    private readonly config: Config,
    private readonly deps: QaDeps,
    pipeline: QaPipeline,
    now: number,
  ) {
    this.pipeline = pipeline;
    this.startedAt = now;
  }

  /** Loads (or builds) the index and returns a ready service. */
  static async start(config: Config, deps: QaDeps, now = Date.now()): Promise<QaService> {
    return new QaService(config, deps, await createQaPipeline(config, deps), now);
  }

  get current(): QaPipeline {
    return this.pipeline;
  }

  /** Answers from the current index. */
  async answer(question: string, options?: AnswerOptions): Promise<Answer> {
    const answer = await this.pipeline.answerer.answer(question, options);
    this.answered++;
    return answer;
  }

  get questionsAnswered(): number {
    return this.answered;
  }

  /** Whether a rebuild is under way. */
  get reindexing(): boolean {
    return this.rebuilding !== undefined;
  }

  /** Rebuilds the index from the corpus and swaps it in; concurrent calls share one rebuild. */
  async reindex(): Promise<QaPipeline> {
    this.rebuilding ??= createQaPipeline(this.config, { ...this.deps, forceRebuild: true, alwaysDownload: true })
      .then((next) => {
        this.pipeline = next;
        return next;
      })
      .finally(() => {
        this.rebuilding = undefined;
      });
    return this.rebuilding;
  }
}
