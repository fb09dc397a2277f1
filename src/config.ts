/** Environment -> one typed, validated Config. The only module that reads process.env. */
import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";
import { ConfigError } from "./errors.ts";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = z.object({
  CORPUS_DIR: z.string().default("corpus"),
  DATA_DIR: z.string().default("data"),
  EMBEDDINGS_PROVIDER: z.enum(["local", "openai"]).default("local"),
  EMBEDDINGS_MODEL: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  OPENAI_TIMEOUT_MS: positiveInt(30_000),
  DOWNLOAD_TIMEOUT_MS: positiveInt(15_000),
  MAX_QUESTION_CHARS: positiveInt(500),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

/** Everything the application can be configured with; see .env.example for each variable. */
export interface Config {
  corpusDir: string;
  dataDir: string;
  embeddings: {
    provider: "local" | "openai";
    /** Model name for the openai provider (ignored by local). */
    model: string;
  };
  openai: {
    apiKey?: string;
    baseURL?: string;
    timeoutMs: number;
  };
  downloadTimeoutMs: number;
  /** Longer questions are refused with a message rather than truncated. */
  maxQuestionChars: number;
  /** Undefined: each entry point picks its own default (quiet CLIs, chattier bot). */
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** The default embeddings model of the openai provider. */
export const DEFAULT_OPENAI_EMBEDDINGS_MODEL = "text-embedding-3-small";

/**
 * Builds the Config from an environment (process.env plus .env by default) and fails fast with a
 * message that names the variable to fix.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv(), cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration (${issues}); see .env.example`);
  }
  const e = parsed.data;
  if (e.EMBEDDINGS_PROVIDER === "openai" && !e.OPENAI_API_KEY) {
    throw new ConfigError(
      "EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY (any non-empty value for a local server such as Ollama); or set EMBEDDINGS_PROVIDER=local",
    );
  }
  return {
    corpusDir: path.resolve(cwd, e.CORPUS_DIR),
    dataDir: path.resolve(cwd, e.DATA_DIR),
    embeddings: { provider: e.EMBEDDINGS_PROVIDER, model: e.EMBEDDINGS_MODEL ?? DEFAULT_OPENAI_EMBEDDINGS_MODEL },
    openai: {
      ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
      ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
      timeoutMs: e.OPENAI_TIMEOUT_MS,
    },
    downloadTimeoutMs: e.DOWNLOAD_TIMEOUT_MS,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    ...(e.LOG_LEVEL ? { logLevel: e.LOG_LEVEL } : {}),
  };
}

/** process.env with .env applied underneath it (real environment variables win). */
function readEnv(): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true });
  return process.env;
}
