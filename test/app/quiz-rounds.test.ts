/** Quiz rounds in LLM mode: the model's questions are shuffled like the rest, deterministically by the seed. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { testApp, testConfig } from "../helpers.ts";
import { FakeOpenAI } from "../support/fake-openai.ts";

const MODEL_QUESTION = "下列哪一句出自所给材料？";
let server: FakeOpenAI;
let dataDir: string;
let app: App;
/** The correct option the model proposed (always listed first, as models tend to). */
let proposed = "";

beforeAll(async () => {
  server = new FakeOpenAI();
  await server.start();
  server.respond = (req) => {
    const first = /\[1\] 出处：[^\n]*\n([^\n]*)/.exec(req.user)![1]!.replace(/^第[^条]+条\s*/, "");
    proposed = first.slice(0, 8);
    const options = [proposed, "完全虚构的一句话", "另一句无关的话", "第三句无关的话"];
    return { content: JSON.stringify([{ question: MODEL_QUESTION, options, answer: 0, passage: 1 }]) };
  };
  dataDir = await mkdtemp(path.join(tmpdir(), "xinfang-quiz-rounds-"));
  app = await testApp(
    testConfig(dataDir, undefined, { OPENAI_API_KEY: "k", OPENAI_BASE_URL: server.baseURL, OPENAI_MAX_RETRIES: "0" }),
  );
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("QuizRounds.round", () => {
  it("shuffles a model question's options by the seed; the correct option id follows its option", async () => {
    const positions: number[] = [];
    for (const seed of ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]) {
      const round = await app.quiz.round({ count: 6, seed });
      const q = round.find((x) => x.question === MODEL_QUESTION)!;
      expect(q.correctOptionIds).toHaveLength(1);
      expect(q.options[q.correctOptionIds[0]!]).toBe(proposed);
      positions.push(q.correctOptionIds[0]!);
      expect(await app.quiz.round({ count: 6, seed })).toEqual(round);
    }
    // Not always first, as the model put it.
    expect(new Set(positions).size).toBeGreaterThan(1);
  });
});
