/** Conversations over the real corpus: follow-ups completed from the chat's context, parsed once. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { buildTestApp, regulationsPresent } from "../helpers.ts";

let app: App;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ app, cleanup } = await buildTestApp());
});
afterAll(() => cleanup());

let chat = 1000;
const newChat = () => ++chat;

describe("Conversation", () => {
  it("completes a follow-up with the previous question's bureau and year, and says so", async () => {
    const id = newChat();
    await app.conversation.ask(id, "惠安县2023年办理了多少件信访事项？");
    const reply = await app.conversation.ask(id, "那律师参与接访多少次？");
    expect(reply.note).toBe("（按上文理解为：惠安县人民政府信访局 · 2023年）");
    expect(reply.understoodAs).toContain("惠安县人民政府信访局");
    expect(reply.answer.question).toBe("那律师参与接访多少次？");
    expect(reply.answer.answer).toContain("12次");
  });

  it.skipIf(!regulationsPresent)("asks the previous question of the other law when only the law is named", async () => {
    const id = newChat();
    await app.conversation.ask(id, "信访事项多久要办结？");
    const reply = await app.conversation.ask(id, "旧条例呢？");
    expect(reply.note).toContain("《信访条例》");
    expect(reply.answer.found).toBe(true);
    expect(reply.answer.citations[0]).toMatchObject({ regulation: "信访条例", article: 33 });
  });

  it.skipIf(!regulationsPresent)(
    "the other law after an article by its number: that article beside the other law's answering to it",
    async () => {
      const id = newChat();
      await app.conversation.ask(id, "第十七条讲的啥");
      const reply = await app.conversation.ask(id, "旧条例呢？");
      expect(reply.note).toBe("（按上文理解为：《信访条例》中与《信访工作条例》第十七条相应的条文）");
      expect(reply.answer.citations.map((c) => [c.regulation, c.article])).toEqual([
        ["信访工作条例", 17],
        ["信访条例", 2],
      ]);
      // Back to the law already asked about: its article alone.
      const back = await app.conversation.ask(id, "新条例呢？");
      expect(back.answer.citations.map((c) => [c.regulation, c.article])).toEqual([["信访工作条例", 17]]);
    },
  );

  it("聘了几个 after 聘请了法律顾问吗 asks how many of those, in the same report", async () => {
    const id = newChat();
    await app.conversation.ask(id, "惠安县2023年聘请了法律顾问吗");
    const reply = await app.conversation.ask(id, "聘了几个");
    expect(reply.note).toContain("法律顾问");
    expect(reply.answer.found).toBe(true);
    expect(reply.answer.answer).toContain("两位律师");
  });

  it("reads each message once, follow-up or not", async () => {
    const id = newChat();
    const understand = vi.spyOn(app.engine(), "understand");
    try {
      await app.conversation.ask(id, "阎良区信访局2022年召开了几次保密工作会议？");
      expect(understand).toHaveBeenCalledTimes(1);
      await app.conversation.ask(id, "那党规党纪知识测试呢？");
      expect(understand).toHaveBeenCalledTimes(2);
    } finally {
      understand.mockRestore();
    }
  });

  it("a message without words is refused politely and leaves the context alone", async () => {
    const id = newChat();
    await app.conversation.ask(id, "惠安县2023年办理了多少件信访事项？");
    const emoji = await app.conversation.ask(id, "👍");
    expect(emoji.answer.found).toBe(false);
    expect(emoji.answer.answer).toContain("没有识别到文字");
    const next = await app.conversation.ask(id, "那律师参与接访多少次？");
    expect(next.note).toContain("惠安县人民政府信访局");
  });

  it("forget() starts afresh", async () => {
    const id = newChat();
    await app.conversation.ask(id, "惠安县2023年办理了多少件信访事项？");
    app.conversation.forget(id);
    const reply = await app.conversation.ask(id, "那律师参与接访多少次？");
    expect(reply.note).toBeUndefined();
  });

  it("chats do not share context", async () => {
    const a = newChat();
    const b = newChat();
    await app.conversation.ask(a, "惠安县2023年办理了多少件信访事项？");
    const reply = await app.conversation.ask(b, "那律师参与接访多少次？");
    expect(reply.note).toBeUndefined();
  });
});
