/** LLM mode through the real @langchain/openai clients against a local OpenAI-compatible server. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FALLBACK_NOTES } from "../../src/answer/llm.ts";
import type { App } from "../../src/app/create-app.ts";
import { testApp, testConfig } from "../helpers.ts";
import { faithful, FakeOpenAI } from "../support/fake-openai.ts";

let server: FakeOpenAI;
let dataDir: string;
let app: App;

beforeAll(async () => {
  server = new FakeOpenAI();
  await server.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-llm-"));
  const config = testConfig(dataDir, undefined, {
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_TIMEOUT_MS: "1500",
    OPENAI_MAX_RETRIES: "0",
  });
  app = await testApp(config);
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  server.respond = faithful;
});

const Q = "惠安县信访局2023年依法分类处理信访诉求共办理多少件？";

describe("LLM mode", () => {
  it("is on when OPENAI_API_KEY is set, and sends the retrieved passages in the prompt", async () => {
    expect(app.llmMode).toBe(true);
    const before = server.chatRequests.length;
    await app.ask(Q);
    const request = server.chatRequests.at(before)!;
    expect(request.user).toContain("2023年以来共办理1270件");
    expect(request.user).toMatch(/\[1\] 出处：惠安县人民政府信访局 2023年报告/);
    expect(request.system).toContain("根据现有文档无法回答该问题。");
    expect(request.body["model"]).toBe("gpt-4o-mini");
  });

  it("shows a faithful answer with the passages it actually cites", async () => {
    server.respond = (req) => {
      const passage = /\[(\d+)\] 出处：[^\n]*\n[^\n]*1270件/.exec(req.user)!;
      return { content: `依法分类处理信访诉求，2023年以来共办理1270件[${passage[1]}]。` };
    };
    const a = await app.ask(Q);
    expect(a.found).toBe(true);
    expect(a.answer).toBe("依法分类处理信访诉求，2023年以来共办理1270件[1]。");
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]).toMatchObject({ n: 1, bureau: "惠安县人民政府信访局", year: 2023 });
    expect(a.citations[0]!.quote).toContain("1270件");
  });

  it("replaces an answer with a number absent from its passages by the extractive one", async () => {
    server.respond = () => ({ content: "2023年以来共办理1280件[1]。" });
    const a = await app.ask(Q);
    expect(a.answer.startsWith(FALLBACK_NOTES.rejected)).toBe(true);
    expect(a.answer).not.toContain("1280");
    expect(a.answer).toContain("1270件");
    expect(a.citations[0]).toMatchObject({ bureau: "惠安县人民政府信访局" });
  });

  it("never shows a marker outside the passages given", async () => {
    server.respond = (req) => ({
      content: `${(faithful(req) as { content: string }).content.replace("[1]", "[1][9]")}`,
    });
    const a = await app.ask(Q);
    expect(a.answer).not.toContain("[9]");
    expect(a.answer).toContain("[1]");
    expect(a.citations.map((c) => c.n)).toEqual([1]);
  });

  it("falls back on a timeout and on a 500", async () => {
    server.respond = () => ({ content: "迟到的回答[1]。", delayMs: 4000 });
    const slow = await app.ask(Q);
    expect(slow.answer.startsWith(FALLBACK_NOTES.unavailable)).toBe(true);
    expect(slow.answer).toContain("1270件");
    server.respond = () => ({ status: 500 });
    const broken = await app.ask(Q);
    expect(broken.answer.startsWith(FALLBACK_NOTES.unavailable)).toBe(true);
    expect(broken.found).toBe(true);
  });

  it("makes no model call below the relevance threshold or for a missing year", async () => {
    const before = server.chatRequests.length;
    expect((await app.ask("请推荐一家好吃的火锅店")).found).toBe(false);
    expect((await app.ask("惠安县信访局2022年办理了多少件信访事项？")).found).toBe(false);
    expect(server.chatRequests.length).toBe(before);
  });

  it("streams drafts when asked, and validates before returning", async () => {
    const drafts: string[] = [];
    const a = await app.ask(Q, { onDraft: (t) => drafts.push(t) });
    expect(server.chatRequests.at(-1)!.stream).toBe(true);
    expect(drafts.length).toBeGreaterThan(2);
    expect(a.answer).toBe(drafts.at(-1));
  });

  it("treats the refusal sentence as no model answer", async () => {
    server.respond = () => ({ content: "根据现有文档无法回答该问题。" });
    const a = await app.ask(Q);
    expect(a.answer.startsWith(FALLBACK_NOTES.rejected)).toBe(true);
  });

  it("asks for an answer organised by bureau on cross-report questions, with each report's passage", async () => {
    const before = server.chatRequests.length;
    await app.ask("各区县如何推进诉访分离？");
    const request = server.chatRequests.at(before)!;
    expect(request.system).toContain("按信访局分段作答");
    const bureaus = new Set([...request.user.matchAll(/出处：(\S+信访(?:局|办公室)) \d{4}年报告/g)].map((m) => m[1]));
    expect(bureaus.size).toBeGreaterThanOrEqual(2);
  });
});

describe("openai embeddings provider", () => {
  it("builds and queries an index end to end", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-emb-"));
    try {
      const config = testConfig(dir, undefined, {
        EMBEDDINGS_PROVIDER: "openai",
        EMBEDDINGS_MODEL: "test-embedding",
        OPENAI_API_KEY: "test-key",
        OPENAI_BASE_URL: server.baseURL,
      });
      const before = server.embeddingInputs.length;
      const embedded = await testApp(config);
      expect(embedded.library.manifest().embeddings).toMatchObject({
        provider: "openai",
        model: "test-embedding",
        dimensions: 64,
      });
      expect(server.embeddingInputs.length - before).toBe(embedded.stats().chunks);
      const engine = embedded.engine();
      const hits = await engine.retrieve(engine.understand("沙坪坝区中联办交办“治重化积”案件化解率是多少？"));
      expect(hits.passages[0]!.chunk.text).toContain("化解率100%");
      // The question is embedded with the documents' words for its colloquial ones appended.
      expect(server.embeddingInputs.at(-1)).toMatch(/^沙坪坝区中联办交办“治重化积”案件化解率是多少？/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
