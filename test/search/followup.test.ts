/** The follow-up decision, on the real catalog: what a message inherits from its chat's context. */
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { buildCatalog } from "../../src/search/catalog.ts";
import { correctedPart, nextContext, resolveFollowUp, type ChatContext } from "../../src/search/followup.ts";
import { parseQuery } from "../../src/search/query.ts";
import { CORPUS } from "../helpers.ts";

const catalog = buildCatalog((await loadCorpus(CORPUS)).documents.map((d) => d.meta));
const q = (text: string) => parseQuery(text, catalog);

/** Plays messages through the decision, answering each as decided; returns the last decision. */
function play(...messages: string[]) {
  let context: ChatContext | undefined;
  let decision: ReturnType<typeof resolveFollowUp> = { kind: "fresh" };
  for (const text of messages) {
    const message = q(text);
    decision = resolveFollowUp(message, context, catalog);
    context = nextContext(context, decision.kind === "fresh" ? message : decision.query);
  }
  return decision;
}

describe("resolveFollowUp", () => {
  it("a bare year keeps the bureau and the subject; a bare bureau keeps the subject", () => {
    const year = play("西安市信访局2021年召开了多少次听证评议会？", "那2022年呢？");
    expect(year.kind).toBe("topic");
    if (year.kind === "fresh") return;
    expect(year.query).toMatchObject({ bureaus: ["西安市信访局"], years: [2022] });
    expect(year.query.intent).toMatchObject({ shape: "figure", unit: "次" });
    expect(year.query.text).toContain("听证评议会");

    const bureau = play("西安市信访局2021年召开了多少次听证评议会？", "那2022年呢？", "沙坪坝呢？");
    if (bureau.kind === "fresh") throw new Error("沙坪坝呢？ should follow up");
    expect(bureau.query.bureaus).toEqual(["重庆市沙坪坝区信访办公室"]);
    // 沙坪坝 has no 2022 report: the inherited year gives way, and the note says so.
    expect(bureau.query.years).toEqual([]);
    expect(bureau.note).toContain("2022年没有该局的报告");
    expect(bureau.query.text).toContain("听证评议会");
  });

  it("an opener or a pronoun brings the previous bureau and year to a new subject", () => {
    const opener = play("惠安县2023年办理了多少件信访事项？", "那律师参与接访多少次？");
    expect(opener).toMatchObject({ kind: "scope", query: { bureaus: ["惠安县人民政府信访局"], years: [2023] } });
    const pronoun = play("阎良区信访局2022年召开了几次保密工作会议？", "他们还有哪些不足？");
    expect(pronoun).toMatchObject({ kind: "scope", query: { bureaus: ["阎良区信访局"], years: [2022] } });
  });

  it("法律法规 studied is a report's subject, not a question about the rules: it follows up", () => {
    const studied = play("阎良区信访局2022年召开了几次保密工作会议", "那学法律法规几次");
    expect(studied).toMatchObject({ kind: "scope", query: { bureaus: ["阎良区信访局"], years: [2022] } });
  });

  it("明年 and 去年 are read against the previous year", () => {
    const next = play("阎良区信访局2022年召开了几次保密工作会议？", "那明年有什么打算？");
    expect(next).toMatchObject({ kind: "scope", query: { bureaus: ["阎良区信访局"], years: [2023] } });
  });

  it("a year and a subject without a bureau are asked of the one bureau just talked about", () => {
    const plan = play("西安有啥打算", "2022年准备怎么干");
    expect(plan).toMatchObject({
      kind: "scope",
      note: "（按上文理解为：西安市信访局 · 2022年）",
      query: { bureaus: ["西安市信访局"], years: [2022], intent: { role: "plans" } },
    });
    // 明年 without an opener: the year after the previous one, of the same bureau.
    const next = play("阎良区信访局2022年召开了几次保密工作会议？", "明年有什么打算？");
    expect(next).toMatchObject({ kind: "scope", query: { bureaus: ["阎良区信访局"], years: [2023] } });
    // After a comparison of several bureaus, a year alone does not pick one of them; a province
    // names its own bureaus.
    expect(play("惠安和平城哪个办的件多", "2023年有啥打算").kind).toBe("fresh");
    expect(play("西安有啥打算", "福建的信访局2023年办了多少件").kind).toBe("fresh");
  });

  it("a question about the law, across reports, or with its own scope starts afresh", () => {
    expect(play("惠安县2023年办理了多少件信访事项？", "信访事项多久要办结？").kind).toBe("fresh");
    expect(play("惠安县2023年办理了多少件信访事项？", "哪些报告提到了枫桥经验？").kind).toBe("fresh");
    expect(play("惠安县2023年办理了多少件信访事项？", "阎良区信访局2022年召开了几次保密工作会议？").kind).toBe("fresh");
  });

  it("the report context survives a question about the law in between", () => {
    const after = play("惠安县2023年办理了多少件信访事项？", "信访事项多久要办结？", "那律师参与接访多少次？");
    expect(after).toMatchObject({ kind: "scope", query: { bureaus: ["惠安县人民政府信访局"], years: [2023] } });
  });

  it("a subject without opener or scope is tried in the previous scope first", () => {
    expect(play("惠安县2023年办理了多少件信访事项？", "律师参与接访多少次？").kind).toBe("maybe");
  });

  it("a bare law after a question about the law asks the same of that law, or of both compared", () => {
    const old = play("复查申请多少天内要答复？", "那老条例呢？");
    if (old.kind === "fresh") throw new Error("那老条例呢？ should follow up");
    expect(old.query).toMatchObject({ regulation: "信访条例", aboutLaw: true });
    expect(old.query.text).toContain("复查");
    expect(old.note).toContain("《信访条例》");
    const both = play("复查申请多少天内要答复？", "新旧条例比呢？");
    if (both.kind === "fresh") throw new Error("新旧条例比呢？ should follow up");
    expect(both.query.intent.oldVsNew).toBe(true);
    expect(both.query.regulation).toBeUndefined();
    // 旧的 / 现在的 name the law only after a question about the law.
    const older = play("新条例里走访代表最多几人？", "那旧的呢");
    if (older.kind === "fresh") throw new Error("那旧的呢 should follow up");
    expect(older.query.regulation).toBe("信访条例");
    expect(older.note).toBe("（按上文理解为：《信访条例》 走访代表最多几人？）");
    const current = play("新条例里走访代表最多几人？", "那旧的呢", "现在的呢？");
    expect(current).toMatchObject({ kind: "topic", query: { regulation: "信访工作条例" } });
    // "这个条例还有效吗" asks about the law just cited, not the one in force.
    const status = play("旧条例里走访代表最多几人", "这个条例现在还有效吗");
    expect(status).toMatchObject({ kind: "topic", query: { regulation: "信访条例", lawsNamed: ["信访条例"] } });
    expect(play("信访事项多久要办结？", "这个条例现在还有效吗").kind).toBe("fresh"); // no law named before
    // "会被怎么处理" asks what befalls whoever does what was just asked about.
    const fate = play("去信访局门口拉横幅算不算违规", "会被怎么处理");
    expect(fate).toMatchObject({ kind: "topic", query: { intent: { consequence: true } } });
    if (fate.kind !== "fresh") expect(fate.query.text).toContain("拉横幅");
    expect(play("惠安县2023年办理了多少件信访事项？", "会怎么样").kind).toBe("fresh"); // no rule asked before
    for (const fate of ["干了这些会怎么处理", "那他会被抓吗"])
      expect(play("上访的时候哪些事情是绝对不能干的", fate), fate).toMatchObject({
        kind: "topic",
        query: { intent: { consequence: true } },
      });
    // "这条现在还管用吗" after an article of the old law: no 条例 said, still that law.
    expect(play("信访条例第三十三条", "这条现在还管用吗")).toMatchObject({
      kind: "topic",
      query: { regulation: "信访条例", intent: { asksStatus: true } },
    });
    // What one must not do (不能有, 不准) is a question about the rules, whichever law it names.
    const forbidden = play("信访人不能有哪些行为", "旧条例呢");
    expect(forbidden).toMatchObject({ kind: "topic", query: { regulation: "信访条例", aboutLaw: true } });
    // Not after a report question; after an article by its number, the other law's answering to it.
    expect(play("惠安县2023年办理了多少件信访事项？", "旧条例呢？").kind).toBe("fresh");
    expect(play("信访工作条例第十七条", "旧条例呢？")).toMatchObject({
      kind: "topic",
      query: { regulation: "信访工作条例", article: 17, counterpartIn: "信访条例" },
    });
  });

  it("a law's version by its year after a question about the law; a version the corpus lacks is not inherited", () => {
    const refused = q("95年那版老信访条例规定走访代表最多几个人？");
    expect([refused.unknownLawYear, refused.topicText]).toEqual([1995, "规定走访代表最多几个人？"]);
    const held = play("95年那版老信访条例规定走访代表最多几个人？", "那05年的呢？");
    if (held.kind === "fresh") throw new Error("那05年的呢 should follow up");
    expect(held.query).toMatchObject({ regulation: "信访条例", aboutLaw: true });
    expect(held.query.unknownLawYear).toBeUndefined();
    expect(held.note).toBe("（按上文理解为：《信访条例》 规定走访代表最多几个人？）");
    const current = play("新条例里走访代表最多几人？", "2022年版的呢");
    expect(current).toMatchObject({ kind: "topic", query: { regulation: "信访工作条例" } });
    expect(play("惠安县2023年办理了多少件信访事项？", "那05年的呢？").kind).not.toBe("topic");
  });

  it("a bare bureau after a comparison of several asks the same of that one bureau, no longer compared", () => {
    const one = play("惠安和平城哪个办的件多", "那沙区呢");
    if (one.kind === "fresh") throw new Error("那沙区呢 should follow up");
    expect(one.query.bureaus).toEqual(["重庆市沙坪坝区信访办公室"]);
    expect([one.query.intent.compare, one.query.intent.superlative]).toEqual([false, undefined]);
    expect(one.note).toBe("（按上文理解为：重庆市沙坪坝区信访办公室 办的件）");
    expect(play("阎良和平城各有啥打算", "西安呢")).toMatchObject({
      kind: "topic",
      note: "（按上文理解为：西安市信访局 有啥打算）",
      query: { intent: { role: "plans" } },
    });
  });

  it("新旧对比一下 / 跟旧的比呢 after a question about the law compares the two on it", () => {
    const pair = play("第三十四条", "旧条例呢", "新旧对比一下");
    expect(pair).toMatchObject({
      kind: "topic",
      query: { regulation: "信访工作条例", article: 34, counterpartIn: "信访条例" },
    });
    const compared = play("复查期限多久", "跟旧的比呢");
    if (compared.kind === "fresh") throw new Error("跟旧的比呢 should follow up");
    expect(compared.query.intent.oldVsNew).toBe(true);
    expect(compared.note).toBe("（按上文理解为：新旧条例对比 复查期限多久）");
    expect(play("惠安县2023年办理了多少件信访事项？", "新旧对比一下").kind).not.toBe("topic");
  });

  it("a kind of answer with no subject of its own (聘了几个) asks it of the previous subject", () => {
    const count = play("惠安县2023年聘请了法律顾问吗", "聘了几个");
    if (count.kind === "fresh") throw new Error("聘了几个 should follow up");
    expect(count.kind).toBe("topic");
    expect(count.query).toMatchObject({ bureaus: ["惠安县人民政府信访局"], years: [2023] });
    expect(count.query.intent.shape).toBe("figure");
    expect(count.query.concepts.map((c) => c.said)).toContain("法律顾问");
    expect(count.note).toBe("（按上文理解为：惠安县人民政府信访局 2023年 聘请了法律顾问 聘了几个）");
    // Its words all the previous question's: the same.
    expect(play("惠安县2023年聘请了法律顾问吗", "聘请了几个")).toMatchObject({ kind: "topic" });
    // A bare bureau after it asks that bureau how many, not the first question again.
    const other = play("平城区信访局聘了法律顾问吗", "聘了几个", "阎良呢");
    expect(other).toMatchObject({ kind: "topic", query: { bureaus: ["阎良区信访局"], intent: { shape: "figure" } } });
    if (other.kind !== "fresh") expect(other.query.text).toContain("聘了几个");
    // A subject of its own, or a part of the report, is not the previous subject.
    expect(play("惠安县2023年聘请了法律顾问吗", "那律师参与接访多少次？")).toMatchObject({ kind: "scope" });
    expect(play("阎良区信访局2022年召开了几次保密工作会议？", "他们还有哪些不足？")).toMatchObject({ kind: "scope" });
  });

  it("without a previous question, nothing is inherited", () => {
    expect(resolveFollowUp(q("那2022年呢？"), undefined, catalog).kind).toBe("fresh");
  });
});

describe("correctedPart", () => {
  it("reads what a correction says the last question was about", () => {
    expect(correctedPart("不是2021年，是2022年")).toBe("2022年");
    expect(correctedPart("不是惠安，是平城")).toBe("平城");
    expect(correctedPart("不对，我说的是阎良")).toBe("阎良");
    expect(correctedPart("我问的是旧条例")).toBe("旧条例");
    expect(correctedPart("错了，应该是沙坪坝。")).toBe("沙坪坝");
  });

  it("is no correction when a question only starts like one", () => {
    expect(correctedPart("不是说信访事项60天办结吗")).toBeUndefined();
    expect(correctedPart("惠安县2023年办理了多少件信访事项")).toBeUndefined();
    expect(correctedPart("不是本人能不能代为信访，是不是要委托书")).toBeUndefined();
  });
});
