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
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
  CHAT_MODEL: z.preprocess(emptyToUndefined, z.string().default("gpt-4o-mini")),
  STREAM_EDIT_INTERVAL_MS: positiveInt(1_000),
  DOWNLOAD_TIMEOUT_MS: positiveInt(15_000),
  MAX_QUESTION_CHARS: positiveInt(500),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  ),
  TELEGRAM_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().optional()),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.string().url().default("https://api.telegram.org")),
  TELEGRAM_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(https?|socks[45]h?):\/\/[^\s]+$/, "must be an http://, https://, socks5:// or socks4:// URL")
      .optional(),
  ),
  WEBHOOK_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  WEBHOOK_PORT: positiveInt(8443),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters A-Z a-z 0-9 _ -")
      .optional(),
  ),
  ALLOWED_USER_IDS: z.preprocess(emptyToUndefined, z.string().optional()),
  ALLOWED_CHAT_IDS: z.preprocess(emptyToUndefined, z.string().optional()),
  ADMIN_USER_IDS: z.preprocess(emptyToUndefined, z.string().optional()),
  RATE_LIMIT_PER_MINUTE: positiveInt(20),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(2000).default(20),
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
    maxRetries: number;
  };
  /** LLM mode: set when OPENAI_API_KEY is. */
  llm?: {
    model: string;
  };
  downloadTimeoutMs: number;
  /** Longer questions are refused with a message rather than truncated. */
  maxQuestionChars: number;
  /** Largest report file an admin may send to the bot. */
  maxUploadBytes: number;
  /** Undefined: each entry point picks its own default (quiet CLIs, chattier bot). */
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  telegram: TelegramConfig;
}

/** How the bot reaches Telegram and whom it serves. */
export interface TelegramConfig {
  /** Unset: console mode. */
  token?: string;
  apiRoot: string;
  /** http(s):// or socks5:// proxy for all Bot API traffic. */
  proxy?: string;
  /** Set: webhook mode instead of long polling. */
  webhook?: { url: string; port: number; secret?: string };
  /** Empty lists mean open to everyone. */
  allowedUserIds: number[];
  allowedChatIds: number[];
  adminUserIds: number[];
  rateLimitPerMinute: number;
  /** Minimum time between two edits of a streaming reply (LLM mode). */
  streamEditIntervalMs: number;
}

/** Parses "123, -100456" into numbers; a bad entry fails with the variable's name. */
function idList(name: string, value: string | undefined): number[] {
  if (!value) return [];
  return value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((part) => {
      if (!/^-?\d+$/.test(part))
        throw new ConfigError(`${name} must be a comma-separated list of numeric Telegram ids; "${part}" is not one`);
      return Number(part);
    });
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
      maxRetries: e.OPENAI_MAX_RETRIES,
    },
    ...(e.OPENAI_API_KEY ? { llm: { model: e.CHAT_MODEL } } : {}),
    downloadTimeoutMs: e.DOWNLOAD_TIMEOUT_MS,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    ...(e.LOG_LEVEL ? { logLevel: e.LOG_LEVEL } : {}),
    telegram: {
      ...(e.TELEGRAM_BOT_TOKEN ? { token: e.TELEGRAM_BOT_TOKEN } : {}),
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
      ...(e.TELEGRAM_PROXY ? { proxy: e.TELEGRAM_PROXY } : {}),
      ...(e.WEBHOOK_URL
        ? {
            webhook: {
              url: e.WEBHOOK_URL,
              port: e.WEBHOOK_PORT,
              ...(e.WEBHOOK_SECRET ? { secret: e.WEBHOOK_SECRET } : {}),
            },
          }
        : {}),
      allowedUserIds: idList("ALLOWED_USER_IDS", e.ALLOWED_USER_IDS),
      allowedChatIds: idList("ALLOWED_CHAT_IDS", e.ALLOWED_CHAT_IDS),
      adminUserIds: idList("ADMIN_USER_IDS", e.ADMIN_USER_IDS),
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      streamEditIntervalMs: e.STREAM_EDIT_INTERVAL_MS,
    },
  };
}

/** process.env with .env applied underneath it (real environment variables win). */
function readEnv(): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true });
  return process.env;
}
