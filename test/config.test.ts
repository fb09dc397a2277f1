import { readFileSync } from "node:fs";
import path from "node:path";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { ROOT } from "./helpers.ts";

const example = dotenv.parse(readFileSync(path.join(ROOT, ".env.example")));
const schemaKeys = [
  ...readFileSync(path.join(ROOT, "src/config.ts"), "utf8").matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm),
].map((m) => m[1]!);

describe("loadConfig", () => {
  it(".env.example copied as it is gives the offline defaults", () => {
    const c = loadConfig(example, ROOT);
    expect(c).toMatchObject({ embeddings: { provider: "local" }, maxQuestionChars: 500 });
    expect(c.llm).toBeUndefined();
    expect(c.telegram.token).toBeUndefined();
    expect(c.telegram).toMatchObject({
      apiRoot: "https://api.telegram.org",
      allowedUserIds: [],
      rateLimitPerMinute: 20,
    });
  });

  it("every variable is documented in .env.example and the README", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(schemaKeys.length).toBeGreaterThan(20);
    for (const key of schemaKeys) {
      expect(example, key).toHaveProperty(key);
      expect(readme, key).toContain(`\`${key}\``);
    }
  });

  it("turns on LLM mode with a key, and parses id lists", () => {
    const c = loadConfig({ OPENAI_API_KEY: "k", ALLOWED_USER_IDS: "1, 2 3", ALLOWED_CHAT_IDS: "-100123" }, ROOT);
    expect(c.llm).toEqual({ model: "gpt-4o-mini" });
    expect(c.telegram.streamEditIntervalMs).toBe(1000);
    expect(c.telegram.allowedUserIds).toEqual([1, 2, 3]);
    expect(c.telegram.allowedChatIds).toEqual([-100123]);
  });

  it("fails fast naming the variable to fix", () => {
    expect(() => loadConfig({ TELEGRAM_PROXY: "ftp://proxy:21" }, ROOT)).toThrow(/TELEGRAM_PROXY/);
    expect(() => loadConfig({ ALLOWED_USER_IDS: "1,abc" }, ROOT)).toThrow(/ALLOWED_USER_IDS.*"abc"/);
    expect(() => loadConfig({ EMBEDDINGS_PROVIDER: "openai" }, ROOT)).toThrow(/OPENAI_API_KEY/);
    expect(() => loadConfig({ MAX_QUESTION_CHARS: "-3" }, ROOT)).toThrow(/MAX_QUESTION_CHARS/);
  });
});
