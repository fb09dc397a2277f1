/**
 * The question-answering pipeline over one loaded index (index -> retriever -> engine), and the
 * host that keeps answering from it while a rebuild prepares the next one.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Logger } from "pino";
import { QueryEngine } from "../answer/engine.ts";
import { DEFAULT_EXTRACTIVE_OPTIONS, ExtractiveSynthesizer } from "../answer/extractive.ts";
import { LlmSynthesizer } from "../answer/llm.ts";
import type { OcrEngine } from "../corpus/ocr.ts";
import type { EmbeddingsProvider } from "../index/embeddings.ts";
import { ensureIndex, type SearchIndex } from "../index/store.ts";
import { HybridRetriever } from "../search/retriever.ts";

/** What a pipeline is built from (mapped from Config by createApp). */
export interface PipelineOptions {
  corpusDir: string;
  dataDir: string;
  embedder: EmbeddingsProvider;
  /** LLM mode: the chat model, its per-call timeout and how many passages it is shown. */
  llm?: { model: BaseChatModel; timeoutMs: number; maxPassages: number };
  maxQuestionChars: number;
  downloadTimeoutMs: number;
  /** Reads scanned PDFs and images while the index is built. */
  ocr?: OcrEngine;
}

/** I/O a pipeline is given rather than reaching for. */
export interface PipelineIo {
  log: Logger;
  /** Human-readable progress lines while the index is built. */
  onProgress?: (line: string) => void;
  fetch?: typeof globalThis.fetch;
}

/** One loaded index and the engine answering from it. */
export interface Pipeline {
  index: SearchIndex;
  engine: QueryEngine;
  /** The same retrieval with the extractive answer only (no chat model): `engine` itself offline. */
  extractive: QueryEngine;
}

/** How to treat the saved index when building a pipeline. */
export interface BuildMode {
  /** Rebuild even when the index is fresh. */
  force?: boolean;
  /** Read and index every document again, rather than start from the previous build (npm run ingest -- --force). */
  fromScratch?: boolean;
  /** Try to download missing regulation texts even when the index is fresh (npm run ingest). */
  alwaysDownload?: boolean;
}

/** Loads (building or refreshing first when needed) the index and wires the engine to it. */
export async function buildPipeline(options: PipelineOptions, io: PipelineIo, mode: BuildMode = {}): Promise<Pipeline> {
  const index = await ensureIndex({
    corpusDir: options.corpusDir,
    dataDir: options.dataDir,
    embedder: options.embedder,
    log: io.log,
    ...(io.onProgress ? { onProgress: io.onProgress } : {}),
    ...(options.ocr ? { ocr: options.ocr } : {}),
    download: {
      timeoutMs: options.downloadTimeoutMs,
      ...(io.fetch ? { fetch: io.fetch } : {}),
      ...(mode.alwaysDownload ? { always: true } : {}),
    },
    ...(mode.force ? { force: true } : {}),
    ...(mode.fromScratch ? { fromScratch: true } : {}),
  });
  const retriever = new HybridRetriever(index);
  const extractive = new ExtractiveSynthesizer(retriever.catalog, DEFAULT_EXTRACTIVE_OPTIONS);
  const { llm } = options;
  const engineOptions = { maxQuestionChars: options.maxQuestionChars };
  const offline = new QueryEngine(retriever, extractive, engineOptions);
  if (!llm) return { index, engine: offline, extractive: offline };
  const synthesizer = new LlmSynthesizer(llm.model, extractive, io.log, {
    maxPassages: llm.maxPassages,
    timeoutMs: llm.timeoutMs,
  });
  return { index, engine: new QueryEngine(retriever, synthesizer, engineOptions), extractive: offline };
}

/** Holds the current pipeline; a rebuild is prepared beside it and swapped in when ready. */
export class PipelineHost {
  private pipeline: Pipeline;
  private rebuilding: Promise<Pipeline> | undefined;
  /** The rebuild to run when the current one ends, asked for while it ran. */
  private followUp: Promise<Pipeline> | undefined;

  private constructor(
    private readonly options: PipelineOptions,
    private readonly io: PipelineIo,
    pipeline: Pipeline,
  ) {
    this.pipeline = pipeline;
  }

  /** Loads (or builds) the index and returns a host answering from it. */
  static async start(options: PipelineOptions, io: PipelineIo, mode: BuildMode = {}): Promise<PipelineHost> {
    return new PipelineHost(options, io, await buildPipeline(options, io, mode));
  }

  /** The pipeline answering now. */
  get current(): Pipeline {
    return this.pipeline;
  }

  /** Whether a rebuild is under way. */
  get reindexing(): boolean {
    return this.rebuilding !== undefined;
  }

  /**
   * Rebuilds the index from the corpus and swaps it in. A call while a rebuild runs schedules one
   * more after it (the files may have changed since it read them); calls made before that one
   * starts share it.
   */
  reindex(): Promise<Pipeline> {
    if (this.followUp) return this.followUp;
    if (this.rebuilding) {
      const after = () => {
        this.followUp = undefined;
        return this.reindex();
      };
      this.followUp = this.rebuilding.then(after, after);
      return this.followUp;
    }
    this.rebuilding = buildPipeline(this.options, this.io, { force: true, alwaysDownload: true })
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
