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

  it("a year and a subject without a bureau are answered for the bureau just talked about, not another", async () => {
    const id = newChat();
    await app.conversation.ask(id, "西安有啥打算");
    // 西安 has no 2022 report: its plan for 2022 is in its 2021 report (平城 has a 2022 one).
    const reply = await app.conversation.ask(id, "2022年准备怎么干");
    expect(reply.note).toBe("（按上文理解为：西安市信访局 · 2022年）");
    expect(reply.answer.found).toBe(true);
    expect(reply.answer.citations.length).toBeGreaterThan(0);
    for (const c of reply.answer.citations) expect(c).toMatchObject({ bureau: "西安市信访局", year: 2021 });
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

  it("a correction (不是2021年，是2022年 / 不是惠安，是平城) asks the last question again as corrected", async () => {
    const id = newChat();
    await app.conversation.ask(id, "西安2021年召开听证评议会几次");
    const year = await app.conversation.ask(id, "不是2021年，是2022年");
    expect(year.answer.found).toBe(false);
    expect(year.answer.answer).toContain("没有西安市信访局2022年的报告");
    expect(year.answer.answer).not.toContain("12 次");
    const other = newChat();
    await app.conversation.ask(other, "信访事项多久要办结？");
    const old = await app.conversation.ask(other, "我说的是旧条例");
    expect(old.answer.citations[0]).toMatchObject({ regulation: "信访条例", article: 33 });
  });

  it("a verb alone asked of a figure (化解了多少) is done to the subject just counted, in its unit", async () => {
    const id = newChat();
    await app.conversation.ask(id, "沙坪坝2021年全年排查突出矛盾纠纷多少件");
    const settled = await app.conversation.ask(id, "化解了多少");
    expect(settled.answer.answer).toContain("化解64件");
    // 西安 gives no count of disputes: no other figure (3 个专项督导组) stands in for it.
    const other = await app.conversation.ask(id, "那西安呢");
    expect(other.answer.found).toBe(false);
    const hired = newChat();
    await app.conversation.ask(hired, "阎良区2022年聘请了法律顾问吗");
    const howMany = await app.conversation.ask(hired, "聘了几个");
    expect(howMany.answer.answer).toContain("聘请了一名法律顾问");
    // An event counted is named before its figure: 西安's 召开听证评议会 12 次 is no count of lawyers at receptions.
    const lawyers = newChat();
    await app.conversation.ask(lawyers, "惠安律师参与县主要领导接访多少次");
    const xian = await app.conversation.ask(lawyers, "那西安呢");
    expect(xian.answer.found).toBe(false);
    expect(xian.answer.answer).not.toContain("12 次");
    // A thing alone (积案呢) after a count by a verb is the same count of that thing; one after a
    // count with no verb of its own (律师呢 after 办理多少件) asks about it.
    const backlog = newChat();
    await app.conversation.ask(backlog, "惠安2023年化解了多少");
    expect((await app.conversation.ask(backlog, "积案呢")).answer.answer.split("\n")[1]).toContain("化解信访积案52件");
    const lawyer = newChat();
    await app.conversation.ask(lawyer, "惠安县2023年办理了多少件信访事项");
    expect((await app.conversation.ask(lawyer, "律师呢")).answer.found).toBe(true);
    // The verb takes the place of the one the things were counted by (办理 -> 化解).
    const handled = newChat();
    await app.conversation.ask(handled, "惠安县2023年共办理了多少件信访事项？");
    const resolved = await app.conversation.ask(handled, "化解了多少");
    expect(resolved.note).toContain("信访事项 化解了多少");
    expect(resolved.answer.answer.split("\n")[1]).toMatch(/化解.{0,3}\d+件/);
  });

  it("原文呢 / 这是哪一条 / 详细点: the last answer's passage in full, its place, and which item to open", async () => {
    const id = newChat();
    await app.conversation.ask(id, "信访事项多久要办结？");
    const full = await app.conversation.ask(id, "这条规定的原文是什么");
    expect(full.answer.answer).toContain("上一个回答引自《信访工作条例》第三十四条，原文如下");
    expect(full.answer.citations).toMatchObject([{ regulation: "信访工作条例", article: 34 }]);
    // The question before stays the one followed up.
    const old = await app.conversation.ask(id, "旧条例呢");
    expect(old.answer.citations[0]).toMatchObject({ regulation: "信访条例", article: 33 });
    const which = await app.conversation.ask(id, "这是哪一条");
    expect(which.answer.answer).toContain("《信访条例》第三十三条");
    const list = newChat();
    await app.conversation.ask(list, "西安市信访局2021年有哪些不足");
    const detail = await app.conversation.ask(list, "详细点");
    expect(detail.answer.answer).toContain("列出了3项");
    const second = await app.conversation.ask(list, "2");
    expect(second.answer.answer).toContain("二是信访调解综合作用发挥还不够明显");
  });

  it("第四点具体说说 after a list that showed each heading with its start: that item's whole section", async () => {
    const id = newChat();
    const list = await app.conversation.ask(id, "平城区信访局下一年准备从哪几块发力");
    expect(list.answer.answer).toContain("4. 加大信访问题化解工作力度。在“解决问题”上发力");
    const fourth = await app.conversation.ask(id, "第四点具体说说");
    expect(fourth.answer.answer).toContain("持续深化“治理重复信访、化解信访积案”专项工作");
    expect(fourth.answer.citations[0]).toMatchObject({ bureau: "大同市平城区信访局" });
  });

  it("第二点具体说说 / a bare 2 after a list answer: that item, quoted in full with its citation", async () => {
    const id = newChat();
    const list = await app.conversation.ask(id, "西安市信访局2021年有哪些不足");
    expect(list.answer.answer).toContain("3. 三是");
    const second = await app.conversation.ask(id, "第二点具体说说");
    expect(second.note).toBe("（按上文理解为：上一个回答的第2项）");
    expect(second.answer.found).toBe(true);
    expect(second.answer.answer).toContain("二是信访调解综合作用发挥还不够明显");
    expect(second.answer.citations).toMatchObject([
      { n: 1, bureau: "西安市信访局", section: "二、存在不足及工作对策" },
    ]);
    // The list stays: a bare number, then one too many.
    const third = await app.conversation.ask(id, "3");
    expect(third.answer.answer).toContain("三是涉法涉诉类");
    const fifth = await app.conversation.ask(id, "第五点呢");
    expect(fifth.answer).toMatchObject({ found: false, notice: true });
    expect(fifth.answer.answer).toContain("只列出了3项");
  });

  it("an item that heads a section is answered by the whole section", async () => {
    const id = newChat();
    await app.conversation.ask(id, "惠安县2023年主要做了哪些工作");
    const reply = await app.conversation.ask(id, "第2条展开讲讲");
    // 条 within the list is its item; the note says how to ask the law's article instead.
    expect(reply.note).toContain("条例第二条");
    expect(reply.answer.citations[0]).toMatchObject({ section: "一、工作开展情况 > （二）坚持依法行政，推进法治信访" });
    expect(reply.answer.answer).toContain("两位律师作为我局法律顾问");
  });

  it.skipIf(!regulationsPresent)(
    "第三个是什么意思 after a law's items: that item with what introduces it",
    async () => {
      const id = newChat();
      await app.conversation.ask(id, "信访人不得有哪些行为");
      const reply = await app.conversation.ask(id, "第三个是什么意思");
      expect(reply.answer.answer).toContain("不得有下列行为：\n（三）侮辱、殴打、威胁机关、单位工作人员");
      expect(reply.answer.citations).toMatchObject([{ regulation: "信访工作条例", article: 26 }]);
    },
  );

  it.skipIf(!regulationsPresent)(
    "第二条 is the law's article when no list came before, or the list is shorter",
    async () => {
      const fresh = await app.conversation.ask(newChat(), "第二条是什么");
      expect(fresh.answer.citations).toMatchObject([{ regulation: "信访工作条例", article: 2 }]);
      const id = newChat();
      await app.conversation.ask(id, "惠安县2023年办理了多少件信访事项？");
      const afterFigure = await app.conversation.ask(id, "第二条是什么");
      expect(afterFigure.answer.citations).toMatchObject([{ article: 2 }]);
      const listed = newChat();
      await app.conversation.ask(listed, "西安市信访局2021年有哪些不足");
      const article = await app.conversation.ask(listed, "第三十四条");
      expect(article.answer.citations).toMatchObject([{ article: 34 }]);
    },
  );

  it.skipIf(!regulationsPresent)(
    "会被怎么处理 after an act asked about: the article on what befalls the petitioner",
    async () => {
      const id = newChat();
      await app.conversation.ask(id, "去信访局门口拉横幅算不算");
      const fate = await app.conversation.ask(id, "会被怎么处理");
      expect(fate.answer.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 47 });
    },
  );

  it("去年呢 after a question that named no year counts from the year of the report answering it", async () => {
    const id = newChat();
    const first = await app.conversation.ask(id, "惠安建了多少个评理室");
    expect(first.answer.citations[0]).toMatchObject({ bureau: "惠安县人民政府信访局", year: 2023 });
    const last = await app.conversation.ask(id, "去年呢");
    expect(last.understoodAs).toContain("2022年");
    expect(last.answer.found).toBe(false);
    expect(last.answer.answer).toContain("没有惠安县人民政府信访局2022年的报告");
  });

  it("a follow-up of a question about two bureaus answers each, and names the one without such a part", async () => {
    const id = newChat();
    await app.conversation.ask(id, "阎良和平城在普法宣传上有什么不同");
    const parts = await app.conversation.ask(id, "他们的不足呢");
    expect(parts.answer.answer).toContain("一是法律法规宣传方式缺乏多样性");
    expect(parts.answer.answer).toContain("未见相关内容：大同市平城区信访局");
  });

  it("a question found only outside the bureau talked about says it left that bureau", async () => {
    const id = newChat();
    await app.conversation.ask(id, "西安市信访局2021年下一步有啥打算");
    const other = await app.conversation.ask(id, "律师参与了多少回");
    expect(other.answer.citations[0]?.bureau).not.toBe("西安市信访局");
    expect(other.note).toBe("（西安市信访局 2021年的报告中没有找到，以下是其他文档中的内容）");
  });

  it("which reports are held stands alone; a bare place after it asks that place's", async () => {
    const id = newChat();
    await app.conversation.ask(id, "陕西有哪些报告");
    const all = await app.conversation.ask(id, "你们一共存了几份年报");
    expect(all.answer.answer).toContain("报告共5份");
    const shanxi = await app.conversation.ask(id, "山西的呢");
    expect(shanxi.answer.answer).toContain("大同市平城区信访局的报告共1份");
  });

  it("the list stays the one its items are asked of through a question that found nothing", async () => {
    const id = newChat();
    const list = await app.conversation.ask(id, "西安市信访局2021年有哪些不足");
    expect(list.answer.answer).toContain("二是");
    const lost = await app.conversation.ask(id, "请推荐一家好吃的火锅店");
    expect(lost.answer.found).toBe(false);
    const item = await app.conversation.ask(id, "详细说一下第2项");
    expect(item.answer.found).toBe(true);
    expect(item.answer.answer).toMatch(/^第2项出自西安市信访局/);
  });

  it("an item asked with no list before it is answered politely, by its ordinal or a bare number", async () => {
    const id = newChat();
    await app.conversation.ask(id, "惠安县2023年办理了多少件信访事项？");
    const point = await app.conversation.ask(id, "第二点具体说说");
    expect(point.answer).toMatchObject({ found: false, notice: true });
    expect(point.answer.answer).toContain("没有分项列出");
    const bare = await app.conversation.ask(id, "2");
    expect(bare.answer).toMatchObject({ found: false, notice: true });
    expect(bare.answer.answer).toContain("没有分项列出");
  });

  it("greetings, thanks (traditional script too) and 还有呢 before any question get a word of their own", async () => {
    const id = newChat();
    const hello = await app.conversation.ask(id, "你好");
    expect(hello.answer.answer).toMatch(/^您好！/);
    expect((await app.conversation.ask(id, "謝謝")).answer.answer).toMatch(/^不客气/);
    for (const text of ["谢了哈", "多谢多谢，辛苦了", "太感谢了", "好的谢谢"])
      expect((await app.conversation.ask(id, text)).answer.answer, text).toMatch(/^不客气/);
    // An acknowledgement thanks for nothing.
    for (const text of ["嗯", "好的", "好的明白了", "收到", "ok"])
      expect((await app.conversation.ask(id, text)).answer.answer, text).toMatch(/^好的。还有/);
    for (const text of ["你是谁啊", "你能干啥", "hello"])
      expect((await app.conversation.ask(id, text)).answer.answer, text).toMatch(/^您好！/);
    expect((await app.conversation.ask(id, "再见")).answer.answer).toMatch(/^再见/);
    expect((await app.conversation.ask(id, "bye")).answer.answer).toMatch(/^再见/);
    const more = await app.conversation.ask(id, "还有呢");
    expect(more.answer).toMatchObject({ found: false, notice: true });
    expect(more.answer.answer).toContain("请先提问");
  });

  it("为什么 alone after a report's shortcomings asks the reasons it gives", async () => {
    const id = newChat();
    await app.conversation.ask(id, "沙坪坝2021年有哪些不足");
    const why = await app.conversation.ask(id, "为什么");
    expect(why.answer.found).toBe(true);
    expect(why.answer.answer).toContain("由于信访问题涉及的政策较多");
    expect(why.answer.question).toBe("为什么");
  });

  it("a whole report asked for is pointed to /reports, where it is browsed by sections", async () => {
    const id = newChat();
    const whole = await app.conversation.ask(id, "把惠安县的报告全文发我");
    expect(whole.answer.answer).toContain("惠安县人民政府信访局（2023年）：发送 /reports 惠安");
    expect(whole.answer.found).toBe(false);
    expect((await app.conversation.ask(id, "给我发一下阎良的完整报告")).answer.answer).toContain("/reports 阎良");
    expect((await app.conversation.ask(id, "惠安县2023年办理了多少件")).answer.answer).toContain("6246件");
  });

  it.skipIf(!regulationsPresent)(
    "another matter after a comparison of the laws (那复查期限呢) compares them again",
    async () => {
      const id = newChat();
      await app.conversation.ask(id, "新旧条例的办理期限有什么不同？");
      const next = await app.conversation.ask(id, "那复查期限呢");
      expect(next.note).toContain("新旧条例对比 复查期限");
      expect(next.answer.citations.map((c) => [c.regulation, c.article])).toEqual([
        ["信访工作条例", 35],
        ["信访条例", 34],
      ]);
      // A bureau's question after it is its own.
      expect((await app.conversation.ask(id, "惠安县2023年办理了多少件？")).answer.answer).toContain("6246件");
    },
  );

  it.skipIf(!regulationsPresent)(
    "a question the law alone answered is one about the law: 旧条例呢 / 旧条例是哪一条 / 对应哪一条 ask the old law",
    async () => {
      const id = newChat();
      await app.conversation.ask(id, "复查结果还是不服呢");
      const old = await app.conversation.ask(id, "旧条例呢");
      expect(old.answer.citations[0]).toMatchObject({ regulation: "信访条例", article: 35 });
      const other = newChat();
      await app.conversation.ask(other, "办我信访事的工作人员是我亲戚，这样行吗");
      const recusal = await app.conversation.ask(other, "旧条例是哪一条");
      expect(recusal.answer.citations[0]).toMatchObject({ regulation: "信访条例", article: 30 });
      const third = newChat();
      await app.conversation.ask(third, "第三十四条讲什么");
      const counterpart = await app.conversation.ask(third, "旧条例对应哪一条");
      expect(counterpart.answer.citations.map((c) => [c.regulation, c.article])).toContainEqual(["信访条例", 33]);
    },
  );

  it.skipIf(!regulationsPresent)(
    "a deadline or whom to ask, said alone after a question of the law, is asked of its matter",
    async () => {
      const id = newChat();
      await app.conversation.ask(id, "我对处理结果不服怎么办");
      for (const text of ["期限是多少天", "多久内要提出", "要找谁"]) {
        const r = await app.conversation.ask(id, text);
        expect(r.answer.citations[0], text).toMatchObject({ regulation: "信访工作条例", article: 35 });
        expect(r.note, text).toContain("处理结果不服");
      }
      expect((await app.conversation.ask(id, "期限是多少天")).answer.answer).toContain("30日内");
    },
  );

  it.skipIf(!regulationsPresent)("还有呢 / 还有别的吗: the passages not shown yet, each time new ones", async () => {
    const id = newChat();
    await app.conversation.ask(id, "信访人不得有哪些行为");
    const more = await app.conversation.ask(id, "还有呢");
    expect(more.answer.found).toBe(true);
    expect(more.note).toContain("更多内容");
    const first = more.answer.citations.map((c) => c.article);
    expect(first).not.toContain(26);
    const again = await app.conversation.ask(id, "还有别的吗");
    expect(again.answer.found).toBe(true);
    expect(again.answer.citations.map((c) => c.article)).not.toContain(26);
    expect(again.answer.citations.map((c) => c.article)).not.toEqual(first);
  });

  it("这个数字是哪年的 / 出处呢: the last answer's sources, the report and its year named", async () => {
    const id = newChat();
    const first = await app.conversation.ask(id, "惠安县2023年办理了多少件信访事项？");
    const source = await app.conversation.ask(id, "这个数字是哪年的");
    expect(source.answer.found).toBe(false); // a notice: nothing logged as unanswered
    expect(source.answer.answer).toContain("上一个回答出自惠安县人民政府信访局2023年的报告");
    expect(source.answer.citations.map((c) => c.section)).toEqual(first.answer.citations.map((c) => c.section));
    // Asked again, the same: the context is kept.
    const again = await app.conversation.ask(id, "出处呢");
    expect(again.answer.answer).toBe(source.answer.answer);
  });

  it("其他的呢 when nothing more answers: says so, with the sources already shown", async () => {
    const id = newChat();
    await app.conversation.ask(id, "西安市信访局2021年有哪些不足");
    const none = await app.conversation.ask(id, "其他的呢");
    expect(none.answer.answer).toContain("没有更多相关内容了");
    expect(none.answer.citations).toMatchObject([{ n: 1, bureau: "西安市信访局", section: "二、存在不足及工作对策" }]);
    // Every passage quoted stays cited, two of one section too.
    const figure = newChat();
    const first = await app.conversation.ask(figure, "惠安县2023年办理了多少件信访事项？");
    const more = await app.conversation.ask(figure, "还有呢");
    expect(more.answer.answer).toContain("没有更多相关内容了");
    expect(more.answer.citations.map((c) => c.quote)).toEqual(first.answer.citations.map((c) => c.quote));
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
