/** LLM mode's answer chain as a LangChain runnable, against the local OpenAI-compatible server. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { BaseMessage } from "@langchain/core/messages";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createChatModel } from "../../src/answer/chat-model.ts";
import { DEFAULT_EXTRACTIVE_OPTIONS, ExtractiveSynthesizer } from "../../src/answer/extractive.ts";
import { FALLBACK_NOTES, groundedAnswerChain, type GroundedInput } from "../../src/answer/grounded-chain.ts";
import { DraftStream } from "../../src/answer/model-callbacks.ts";
import { GROUNDED_PROMPT } from "../../src/answer/prompt.ts";
import type { App } from "../../src/app/create-app.ts";
import { testApp, testConfig } from "../helpers.ts";
import { faithful, FakeOpenAI } from "../support/fake-openai.ts";

let server: FakeOpenAI;
let dataDir: string;
let app: App;
const logs: { level: number; msg: string; err?: string; reason?: string }[] = [];
let chain: ReturnType<typeof groundedAnswerChain>;

beforeAll(async () => {
  server = new FakeOpenAI();
  await server.start();
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-chain-"));
  app = await testApp(testConfig(dataDir));
  const log = pino(
    { level: "info" },
    new Writable({
      write(line: Buffer, _enc, done) {
        logs.push(JSON.parse(line.toString("utf8")));
        done();
      },
    }),
  );
  chain = groundedAnswerChain({
    model: await createChatModel({
      model: "gpt-4o-mini",
      apiKey: "k",
      baseURL: server.baseURL,
      timeoutMs: 1500,
      maxRetries: 0,
    }),
    extractive: new ExtractiveSynthesizer(app.engine().catalog, DEFAULT_EXTRACTIVE_OPTIONS),
    log,
    maxPassages: 6,
    timeoutMs: 1500,
  });
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  server.respond = faithful;
  logs.length = 0;
});

const Q = "惠安县信访局2023年依法分类处理信访诉求共办理多少件？";
async function input(question = Q): Promise<GroundedInput> {
  const engine = app.engine();
  return { question, retrieval: await engine.retrieve(engine.understand(question)) };
}

describe("groundedAnswerChain", () => {
  it("runs prompt, chat model and validation as steps of one traced runnable", async () => {
    const runs: string[] = [];
    const prompts: BaseMessage[][] = [];
    const answer = await chain.invoke(await input(), {
      callbacks: [
        {
          handleChainStart: (_chain, _inputs, _runId, _parent, _tags, _metadata, _type, name) => {
            if (name) runs.push(name);
          },
          handleChatModelStart: (_llm, messages) => {
            prompts.push(...messages);
          },
        },
      ],
    });
    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(/\[1\]。$/);
    expect(answer.citations[0]).toMatchObject({ n: 1, bureau: "惠安县人民政府信访局", year: 2023 });
    for (const step of ["GroundedAnswer", "Ground", "Generate", "ChatPromptTemplate", "Validate"]) {
      expect(runs).toContain(step);
    }
    expect(runs).not.toContain("ExtractiveFallback");
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.map((m) => m.type)).toEqual(["system", "human"]);
    expect(String(prompts[0]![1]!.content)).toMatch(/\[1\] 出处：惠安县人民政府信访局 2023年报告/);
  });

  it("sends a plain request when nobody watches, and streams into a DraftStream otherwise", async () => {
    await chain.invoke(await input());
    expect(server.chatRequests.at(-1)!.stream).toBe(false);
    const drafts: string[] = [];
    const answer = await chain.invoke(await input(), { callbacks: [new DraftStream((d) => drafts.push(d), 6)] });
    expect(server.chatRequests.at(-1)!.stream).toBe(true);
    expect(drafts.length).toBeGreaterThan(2);
    expect(drafts.at(-1)).toBe(answer.answer);
  });

  it("falls back to the extractive answer when the model fails, logging the cause once", async () => {
    server.respond = () => ({ status: 500 });
    const answer = await chain.invoke(await input());
    expect(answer.answer.startsWith(FALLBACK_NOTES.unavailable)).toBe(true);
    expect(answer.answer).toContain("1270件");
    const warnings = logs.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: "model call failed; extractive answer shown" });
    expect(warnings[0]!.err).toContain("500");
  });

  it("falls back on a timeout, logging the aborted call", async () => {
    server.respond = () => ({ content: "迟到的回答[1]。", delayMs: 4000 });
    const started = Date.now();
    const answer = await chain.invoke(await input());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer.answer.startsWith(FALLBACK_NOTES.unavailable)).toBe(true);
    // The aborted request reports itself as the timeout fires, at about the time the fallback answers.
    await vi.waitFor(() =>
      expect(logs.filter((l) => l.level === 40)).toEqual([
        expect.objectContaining({ msg: "model call failed; extractive answer shown" }),
      ]),
    );
  });

  it("falls back when validation rejects the draft, logging the reason once", async () => {
    server.respond = () => ({ content: "2023年以来共办理1280件[1]。" });
    const answer = await chain.invoke(await input());
    expect(answer.answer.startsWith(FALLBACK_NOTES.rejected)).toBe(true);
    expect(answer.answer).not.toContain("1280");
    const warnings = logs.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: "model answer rejected; extractive answer shown" });
    expect(warnings[0]!.reason).toContain("1280");
  });

  it("asks no model when the extractive answer abstains", async () => {
    const before = server.chatRequests.length;
    const answer = await chain.invoke(await input("请推荐一家好吃的火锅店"));
    expect(answer.found).toBe(false);
    expect(server.chatRequests.length).toBe(before);
  });
});

describe("GROUNDED_PROMPT", () => {
  it("slots passages in as values: braces in a document are not template variables", async () => {
    const value = await GROUNDED_PROMPT.invoke({ system: "规则 {rules}", user: "材料 {x} {{y}}" });
    expect(value.toChatMessages().map((m) => m.content)).toEqual(["规则 {rules}", "材料 {x} {{y}}"]);
  });
});
