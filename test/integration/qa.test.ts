import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { buildTestApp, quotedLines, regulationsPresent } from "../helpers.ts";

let ask: (q: string) => Promise<Answer>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const built = await buildTestApp();
  ask = (q) => built.app.ask(q);
  cleanup = built.cleanup;
});
afterAll(() => cleanup());

/** Every [n] has a citation, and every quoted line stands verbatim in the passage it cites. */
function expectWellFormed(a: Answer) {
  const markers = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  expect(new Set(markers)).toEqual(new Set(a.citations.map((c) => c.n)));
  a.citations.forEach((c, i) => expect(c.n).toBe(i + 1));
  for (const { text, n } of quotedLines(a)) {
    for (const piece of text.split("…").filter((p) => p.trim() !== "")) {
      expect(a.citations[n - 1]!.quote, `line quoting [${n}]`).toContain(piece);
    }
  }
}

describe("cited answers from the real reports", () => {
  it("惠安县2023年办理了多少件信访事项？ lists the report's figures, total first", async () => {
    const a = await ask("惠安县2023年办理了多少件信访事项？");
    expect(a.found).toBe(true);
    expect(a.citations[0]).toMatchObject({
      kind: "report",
      bureau: "惠安县人民政府信访局",
      year: 2023,
      source: "corpus/reports/惠安县人民政府信访局-2023.txt",
    });
    expect(a.citations[0]!.section).toBe("一、工作开展情况 > （二）坚持依法行政，推进法治信访");
    // The report's total comes before its parts (by category, on review…).
    expect(a.answer.match(/\d+件/g)?.[0]).toBe("6246件");
    expectWellFormed(a);
  });

  it("answers a question about a named person (阎良 副组长)", async () => {
    const a = await ask("阎良区信访局法治工作领导小组的副组长是谁？");
    expect(a.answer).toContain("王新鹏");
    expect(a.citations[0]).toMatchObject({ bureau: "阎良区信访局", year: 2022 });
    expectWellFormed(a);
  });

  it("a bureau's head asked with its 局 said once (阎良信访局长) is the 局长", async () => {
    const a = await ask("阎良信访局长是谁？");
    expect(a.answer).toContain("孟刘军");
    expect(a.citations[0]).toMatchObject({ bureau: "阎良区信访局", year: 2022 });
  });

  it("answers traditional-character questions", async () => {
    const a = await ask("阎良區信訪局2022年開展保密工作自查幾次？");
    expect(a.answer).toContain("开展保密工作自查2次");
  });

  it("answers both parts of a two-part question from one long sentence", async () => {
    // The sentence is excerpted: the clause of the first figure asked, then the one of the second.
    const a = await ask("西安局21年开了几次听证评议会，请了多少法律专家和律师");
    expect(a.answer).toMatch(/12 ?次/);
    expect(a.answer).toMatch(/30 ?余人/);
    expect(a.answer).not.toContain("法律工作者"); // the clause after: nothing asked there
    expectWellFormed(a);
  });

  it("answers a list question with the article that lists (不得有下列行为：（一）…)", async () => {
    // 第二十条 and 第十八条 hold 不得 as well; asking for a list decides between them.
    const a = await ask("信访的时候禁止干哪些事，全部列出来");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 26 });
    expect(a.answer).toContain("携带危险物品");
  });

  it("does not answer a part of a figure with the whole the question states", async () => {
    // The report counts 12 hearings, not which of them were on review: not found, not "12 次".
    const part = await ask("西安21年听证评议会12次里有几次是复核听证？");
    expect(part.found).toBe(false);
    // A figure stated beside another one asked about is still answered.
    const other = await ask("惠安建的231个评理室一共化解了多少件信访事项？");
    expect(other.found).toBe(true);
    expect(other.answer).toContain("539件");
  });

  it("does not answer a whole year's total with a figure counted during one campaign", async () => {
    const year = await ask("沙坪坝信访办2021年一整年接受群众咨询多少人次");
    expect(year.found).toBe(false);
    // Asked about the campaign itself, the same figure answers.
    const campaign = await ask("沙坪坝信访办2021年宣传活动期间接受群众咨询多少人次");
    expect(campaign.answer).toContain("300人次");
  });

  it("asking for a review is the article that sets its request, not the next one that names its decision", async () => {
    // 第三十六条 says 复查意见 and 复查机关; 第三十五条 is where a 复查请求 is made.
    const review = await ask("申请复查有没有时间限制");
    expect(review.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 35 });
    const again = await ask("要求复核得在多少天内提");
    expect(again.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 36 });
  });

  it("answers 'what next' with the step after the one the asker says is behind them", async () => {
    const afterReview = await ask("上级复查过了我还是不服，有没有别的办法");
    expect(afterReview.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 36 });
    expect(afterReview.answer).toContain("请求复核");
    // Nothing behind yet: the first step's article.
    const first = await ask("处理意见我不同意，怎么申请复查？");
    expect(first.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 35 });
  });

  it("answers a question naming two bureaus for each of them in turn, citations numbered on", async () => {
    const rates = await ask("沙坪坝跟西安两家的积案化解率各是多少？");
    expect(new Set(rates.citations.map((c) => c.bureau))).toEqual(
      new Set(["西安市信访局", "重庆市沙坪坝区信访办公室"]),
    );
    expect(rates.answer).toContain("84.31%");
    expectWellFormed(rates);
    // A part of each report: its own items, as asked of one bureau.
    const plans = await ask("平城、阎良下一步工作打算分别是什么");
    expect(plans.answer).toContain("来访必登");
    expect(plans.answer).toContain("加大学法力度");
    expectWellFormed(plans);
  });

  it("which of two named bureaus has more: says so when only one report gives the figure", async () => {
    const a = await ask("惠安与平城谁办的信访件多");
    expect(a.answer).toMatch(/^只有惠安县人民政府信访局的报告给出了这个数字/);
    expect(a.answer).toContain("未见相关内容：大同市平城区信访局");
    expect(a.citations.every((c) => c.bureau === "惠安县人民政府信访局")).toBe(true);
    // "各请了几个": each bureau's count, in its own words (两位, 一名).
    const each = await ask("阎良和惠安的信访局各请了几个律师当法律顾问？");
    expect(each.answer).toContain("两位律师");
    expect(each.answer).toContain("一名法律顾问");
  });

  it("a province or city is asked of the bureaus within it, and only of them", async () => {
    const province = await ask("陕西省的信访局做了哪些工作");
    expect(province.found).toBe(true);
    expect(new Set(province.citations.map((c) => c.bureau))).toEqual(new Set(["西安市信访局", "阎良区信访局"]));
    expectWellFormed(province);
    const one = await ask("福建的信访局2023年办了多少件");
    expect(one.citations[0]).toMatchObject({ bureau: "惠安县人民政府信访局", year: 2023 });
    expect(one.answer.match(/\d+件/g)?.[0]).toBe("6246件");
  });

  it("keeps 西安市信访局 apart from 阎良区", async () => {
    const a = await ask("西安市信访局邀请了多少法律专家和律师参与听证评议？");
    expect(a.citations[0]).toMatchObject({ bureau: "西安市信访局", year: 2021 });
    expect(a.answer).toMatch(/30 ?余人/);
  });

  it("answers a cross-report question with one cited part per report", async () => {
    const a = await ask("哪些报告提到了新时代“枫桥经验”？");
    const bureaus = new Set(a.citations.map((c) => c.bureau));
    expect(bureaus).toEqual(new Set(["惠安县人民政府信访局", "大同市平城区信访局"]));
    expectWellFormed(a);
  });
});

describe.skipIf(!regulationsPresent)("cited answers from the regulations", () => {
  it("信访事项多久要办结？ quotes 第三十四条 of the law in force, whole", async () => {
    const a = await ask("信访事项多久要办结？");
    expect(a.citations[0]).toMatchObject({ kind: "regulation", regulation: "信访工作条例", article: 34 });
    expect(a.answer).toContain("60日内办结；情况复杂的");
    expect(a.answer).not.toContain("已失效");
  });

  it("an explicit article reference returns that article", async () => {
    for (const q of ["信访工作条例第十七条是怎么规定的？", "信访工作条例第17条"]) {
      const a = await ask(q);
      expect(a.citations).toHaveLength(1);
      expect(a.citations[0]).toMatchObject({
        regulation: "信访工作条例",
        article: 17,
        section: "第三章 信访事项的提出和受理",
      });
      expect(a.answer).toContain("信息网络");
    }
  });

  it("sets the old law's article beside the new one's on what each applies to", async () => {
    const a = await ask("老条例管的范围跟新条例比有什么不一样");
    expect(a.citations.map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 2],
      ["信访条例", 2],
    ]);
    expect(a.answer).toContain("党的机关");
  });

  it("sets beside an old article the new one that says the same thing, though not in the question's words", async () => {
    // The new law never says 电子邮件: its article on the forms of petitioning is old 第二条's counterpart.
    const a = await ask("老条例里允许用电子邮件信访，新条例又是怎么规定的");
    expect(a.citations.map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 17],
      ["信访条例", 2],
    ]);
    expect(a.answer).toContain("信息网络");
  });

  it("says so when the superseded 2005 regulation is cited", async () => {
    const a = await ask("信访条例第三十三条");
    expect(a.citations[0]).toMatchObject({ regulation: "信访条例", article: 33 });
    expect(a.answer).toMatch(/已被《信访工作条例》取代/);
  });

  it("an article that does not exist gets a clear message", async () => {
    const a = await ask("信访工作条例第九十九条");
    expect(a).toMatchObject({ found: false, citations: [] });
    expect(a.answer).toContain("共50条，没有第99条");
  });

  it("a question about the rules told through the asker's own situation finds the article, hedged", async () => {
    // Words of the situation (住户, 楼里, 几十户) stand in no article; the limit asked for does.
    const crowd = await ask("我们几十户业主想一起去信访局，最多可以去几个代表");
    expect(crowd).toMatchObject({ found: true });
    expect(crowd.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 20 });
    expect(crowd.answer).toContain("代表人数不得超过5人");
    expectWellFormed(crowd);
    // "…会受理吗": a yes-or-no question about the rules, not about a bureau's report.
    const again = await ask("同一件事县里正在办，我去市里再反映，市里还会再受理吗");
    expect(again.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 19 });
    expect(again.answer).toContain("上级机关、单位不予受理");
  });

  it("a story's people and places do not stop the article its question asks about being found", async () => {
    // 亲戚 and 换人 are 回避; 对方 and the asker's own situation stand in no article.
    const relative = await ask("处理我信访的工作人员跟对方是亲戚，可以要求换人吗");
    expect(relative.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 28 });
    expect(relative.answer).toContain("应当回避");
    // Already accepted: the time to finish (自受理之日起60日内办结), not the 15 days of registering.
    const waiting = await ask("上个月信访部门就受理了，到现在还没个结果，规定最晚多久要办结");
    expect(waiting.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 34 });
    expect(waiting.answer).toContain("60日内办结");
    // The matter of the story (征地补偿) stands in no article; the question after it does.
    const long = await ask("我前年反映征地补偿的事，信访部门受理三个多月了还没给个说法，按规定最晚多久要办完");
    expect(long.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 34 });
    // A level is not a bureau's name: "去县信访局" names no report.
    const level = await ask("我去年11月去县信访局反映宅基地被占，到现在还没给个说法，最晚多久必须办完？");
    expect(level.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 34 });
    // The matter of a story the reports speak of (拆迁) and the rules do not: the rule asked about.
    const crowd = await ask("我们村三十多户因为拆迁补偿的事想一块去县里上访，能全去吗");
    expect(crowd.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 20 });
    const left = await ask("我妈卧床不起没人管，能不能把她放在信访局接待大厅");
    expect(left.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 26 });
    const rude = await ask("接待我的工作人员拍桌子骂人，会被处理吗");
    expect(rude.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 46 });
    const banner = await ask("有人在政府门口拉横幅闹，算不算违法");
    expect(banner.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 26 });
  });

  it("what the law asks a yearly report to hold is answered from the law, not from the reports", async () => {
    const a = await ask("按条例要求，信访部门编的年度报告里应当写哪些内容");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 41 });
    expect(a.answer).toContain("信访事项的数据统计");
  });

  it("answers whether the old regulation is still in force", async () => {
    const a = await ask("信访条例现在还有效吗？");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("《信访条例》已被《信访工作条例》取代");
    expect(a.citations.map((c) => c.article)).toEqual([51, 50]);
  });

  it("a two-word phrase the report says with words between (集中学习: 集中开展相关学习) is found", async () => {
    const a = await ask("惠安县2023年集中学习几次");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("集中开展相关学习共4次");
  });

  it("whether the person reported will learn who reported them is the article keeping reports from them", async () => {
    const a = await ask("我举报了村干部，他们会不会知道是我举报的");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 30 });
    expect(a.answer).toContain("不得将信访人的检举、揭发材料");
  });

  it("when and by whom a law was made, and how long it is, come from its text's own lines", async () => {
    const old = await ask("旧信访条例什么时候公布的");
    expect(old.answer).toContain("2005年1月10日 中华人民共和国国务院令第431号公布");
    expect(old.citations.map((c) => [c.regulation, c.article])).toEqual([["信访条例", 51]]);
    const by = await ask("信访工作条例是谁发布的");
    expect(by.answer).toContain("2022年2月25日 中共中央、国务院发布");
    expect((await ask("信访工作条例是哪天审议通过的")).answer).toContain("2022年1月24日 中共中央政治局会议审议批准");
    expect((await ask("旧条例是哪个会议通过的")).answer).toContain("2005年1月5日 国务院第76次常务会议通过");
    expect((await ask("旧条例是国务院第几号令")).answer).toContain("国务院令第431号公布");
    expect((await ask("信访工作条例一共多少条")).answer).toMatch(/^《信访工作条例》共50条，分六章/);
    expect((await ask("旧条例有几章")).answer).toMatch(/^《信访条例》共51条，分七章/);
    // A count of things the law lists is no length of the law.
    expect((await ask("信访工作条例规定了几条禁止行为")).answer).not.toContain("共50条");
    expect((await ask("按现在的条例，信访局到底管哪些事？职责有哪几条")).citations[0]?.article).toBe(14);
  });
});

describe("not in the documents", () => {
  it("a question across reports about a subject none of them holds is refused, though they share its other words", async () => {
    // Every report tells of 接访; none of 上门接访.
    expect(await ask("哪些报告讲了上门接访")).toMatchObject({ found: false, citations: [] });
    for (const q of ["各地有没有讲到律师参与接访的", "哪些局说了要推进诉访分离", "有没有哪个局讲了信访信息系统建设"]) {
      const held = await ask(q);
      expect(held.found, q).toBe(true);
      expect(held.citations.length, q).toBeGreaterThanOrEqual(1);
    }
  });

  it("a year the bureau has no report for: found=false, never another year's figure", async () => {
    const a = await ask("惠安县信访局2022年办理了多少件信访事项？");
    expect(a).toMatchObject({ found: false, citations: [] });
    expect(a.answer).toContain("2023年");
    expect(a.answer).not.toMatch(/6246|1270/);
  });

  it("a question about what the law allows is not answered from a report", async () => {
    // 惠安's report tells of its lawyers; no article lets a lawyer petition for someone.
    expect(await ask("条例允许找律师代替自己去信访吗")).toMatchObject({ found: false, citations: [] });
  });

  it("an amount of money or a telephone number no passage states is refused, not answered with an article on the matter", async () => {
    for (const q of ["去信访局登记要不要交钱？收多少费", "在信访接待大厅闹事，一般罚款多少钱"]) {
      const a = await ask(q);
      expect(a, q).toMatchObject({ found: false, citations: [] });
      expect(a.answer).toContain("没有规定或提到该问题所问的金额");
    }
    // Nor a telephone number: the law only says one must be published.
    const phone = await ask("国家信访局的投诉电话号码是多少");
    expect(phone).toMatchObject({ found: false, citations: [] });
    expect((await ask("各级机关要公布哪些信访渠道")).citations[0]).toMatchObject({ article: 18 });
  });

  it("everyday words for a law's terms: 不归他们管, 带把刀, 找不到依据, 谈妥了签啥, 找他谈话, 办事不公", async () => {
    const cases: [string, string, number][] = [
      ["我拿着材料去区里一个局，人家说这事不归他们管就让我走了，那我到底该找谁？", "信访工作条例", 23],
      ["去信訪局反映問題，能不能帶把刀防身？", "信访工作条例", 26],
      ["上访能带刀吗", "信访工作条例", 26],
      ["我觉得我的要求挺在理的，就是法律上找不到依据，信访那边会咋答复我", "信访工作条例", 32],
      ["信访的时候能不能跟对方坐下来调解？谈妥了要签个啥", "信访工作条例", 33],
      ["按05年的条例，村委会干部办事不公能不能信访", "信访条例", 14],
      // 有的地方领导: someone in the story, no comparison of places; 处理这封信: the letter's handling, no penalty.
      ["有的地方领导信访工作搞得一塌糊涂，上面会找他谈话吗", "信访工作条例", 39],
      ["法院判得不公平，我写信寄到信访局，他们会咋处理这封信", "信访工作条例", 22],
      // 过了期限: the delay told, no deadline asked.
      ["事情受理了，办事单位一直拖，过了期限也不办完，上面有人管吗", "信访工作条例", 45],
    ];
    for (const [q, regulation, article] of cases)
      expect((await ask(q)).citations[0], q).toMatchObject({ regulation, article });
  });

  it("a limit the law does not set is not answered with an article that names none", async () => {
    // No article limits how many years after the facts a matter may be brought.
    expect(await ask("信访的事超过几年就不能再反映了吗")).toMatchObject({ found: false, citations: [] });
  });

  it("how long a matter may drag on (最多能拖多久) is the deadline article's 60日 and 30日, not refused for want of a count", async () => {
    const a = await ask("信访事项最多能拖多久");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 34 });
    expect(a.answer).toContain("60日内办结");
  });

  it("a plan asked with 去年 is the report's plans, not a sentence comparing with last year", async () => {
    const a = await ask("平城去年有啥打算");
    expect(a.answer).toContain("工作计划有以下几项");
    expect(a.answer).not.toContain("与去年同期相比");
  });

  it("a report with no part on its shortcomings admits none, however asked (承认了哪些不足)", async () => {
    const a = await ask("惠安2023年报告里承认了哪些不足");
    expect(a).toMatchObject({ found: false, citations: [] });
    expect(a.answer).toContain("惠安县人民政府信访局2023年的报告中没有“存在的不足”这一部分");
  });

  it("a part the report does not have is named in the refusal", async () => {
    // 平城's 2022 report has measures, the first person's duties and plans, but no shortcomings.
    const a = await ask("平城区信访局2022年有啥不足");
    expect(a).toMatchObject({ found: false, citations: [] });
    expect(a.answer).toContain("大同市平城区信访局2022年的报告中没有“存在的不足”这一部分");
  });

  it("the year's arrangements (有些什么安排) are the plan for it in the report before, listed", async () => {
    const a = await ask("惠安24年在信访工作上有些什么安排");
    expect(a.found).toBe(true);
    expect(a.citations.map((c) => [c.year, c.section?.split(" > ")[0]])).toContainEqual([2023, "二、2024年工作思路"]);
    expect(a.answer).toContain("学法用法");
    expect(a.answer).toContain("信访法治化");
    // A past arrangement is a fact, not a plan.
    const past = await ask("西安那年安排了几个督导组");
    expect(past.answer).toMatch(/3\s*个专项督导组/);
  });

  it("a figure asked for a plan year is not answered with plan prose", async () => {
    const a = await ask("惠安县2024年办理了多少件信访事项？");
    expect(a.found).toBe(false);
  });

  it("everyday words for the year's total and a story told first still find the report's figure", async () => {
    const total = await ask("惠安信访局23年统共经手办了多少件？");
    expect(total.found).toBe(true);
    expect(total.answer.match(/\d+件/g)?.[0]).toBe("6246件");
    const story = await ask("我家在沙坪坝，和开发商闹了好久，听说区信访办有律师值班，一周来几次？");
    expect(story.found).toBe(true);
    expect(story.citations[0]?.bureau).toBe("重庆市沙坪坝区信访办公室");
    expect(story.answer).toContain("每周两次");
    expectWellFormed(story);
  });

  it("a name asked is answered with the name, not refused for want of a figure", async () => {
    const a = await ask("西安那个把几种调解合起来搞的机制叫什么");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("三调联动");
  });

  it("a city's own bureau is not the district bureau the city's name also stands for, and the refusal names what is held", async () => {
    const city = await ask("重庆市信访办2021年化解率多少");
    expect(city).toMatchObject({ found: false, citations: [] });
    expect(city.answer).toContain("没有“重庆市信访办”的报告。重庆市沙坪坝区信访办公室（2021年）有报告");
    expect((await ask("大同市信访局2022年有哪些举措")).found).toBe(false);
    // The city's name alone, or the district under it, is still the district's bureau.
    expect((await ask("重庆2021年化解率多少")).citations[0]?.bureau).toBe("重庆市沙坪坝区信访办公室");
    expect((await ask("重庆市沙坪坝区信访办2021年化解率")).citations[0]?.bureau).toBe("重庆市沙坪坝区信访办公室");
  });

  it("a place's bureau named without its level, when it is none of ours, is not answered from another report", async () => {
    const a = await ask("铜川信访局22年法治建设都干了啥");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("铜川信访局");
  });

  it("everyday words for a reporter's fears, a leader's reception days and an old law named with its year in brackets", async () => {
    const fear = await ask("举报了村主任，我的举报材料会不会转到他手里");
    expect(fear.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 30 });
    expect(fear.answer).not.toContain("可能不完全回答"); // the article says it: no hedge
    const leaders = await ask("想当面找领导反映，领导有没有规定要定期接访");
    expect(leaders.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 18 });
    expect(leaders.answer).toContain("定期接待群众来访");
    const old = await ask("按老版(2005)条例，信访机构提的改进建议，行政机关多少天内要书面回复");
    expect(old.citations[0]).toMatchObject({ regulation: "信访条例", article: 36 });
    expect(old.answer).toContain("30日");
  });

  it('"准备咋推进" asks for the whole plan, not the one item whose heading says 推进', async () => {
    const plan = await ask("沙坪坝2022年准备咋推进法治政府建设");
    for (const item of ["精心部署全面推进", "建立健全工作制度", "加强信访法治宣传"])
      expect(plan.answer).toContain(item);
    const closed = await ask("沙坪坝市里交下来的案子化得怎么样");
    expect(closed.answer).toContain("84.31%");
  });

  it("a fee the reports never state is not answered with the sentence about the thing it is paid for", async () => {
    const fee = await ask("惠安那两个法律顾问的顾问费一年多少钱");
    expect(fee.found).toBe(false);
    const hired = await ask("惠安聘的法律顾问是哪个律所的");
    expect(hired.answer).toContain("尚民律师事务所");
  });

  it("everyday words for a magazine, a lawyer's rota, sending a few for many, and the bureaus that study a law", async () => {
    const magazine = await ask("阎良在省里哪本刊物上登过文章");
    expect(magazine.answer).toContain("民情与信访");
    const rota = await ask("沙坪坝的律师多久到接访窗口值一次班");
    expect(rota.answer).toContain("每周两次");
    const many = await ask("我们村几十号人想一起去反映征地的事，是不是只能派代表");
    expect(many.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 20 });
    expect(many.answer).toContain("5人");
    const old = await ask("哪几个地方的信访局还在学老信访条例");
    expect(old.found).toBe(true);
    expect(new Set(old.citations.map((c) => c.bureau))).toEqual(new Set(["西安市信访局", "重庆市沙坪坝区信访办公室"]));
  });

  it("a listed shortcoming or plan item that is only a heading comes with the sentence saying what it means", async () => {
    const a = await ask("沙坪坝21年工作有哪些短板");
    expect(a.answer).toContain("三是法治信访宣传效果还不明显。普法宣传手段单一");
    expectWellFormed(a);
  });

  it("which reports study the old law and which the new: a report naming either is listed", async () => {
    const a = await ask("对照各家年报，哪些局学的是老条例，哪些是新条例");
    expect(a.found).toBe(true);
    expect(new Set(a.citations.map((c) => c.bureau)).size).toBeGreaterThanOrEqual(4);
    // One ruled out: only the reports naming the other.
    const old = await ask("有的报告里写的还是老的信访条例，不是新的信访工作条例，是哪几家");
    expect(new Set(old.citations.map((c) => c.bureau))).toEqual(new Set(["西安市信访局", "重庆市沙坪坝区信访办公室"]));
  });

  it("a review's deadline is the review's article, not the next step's that names the review's decision", async () => {
    const review = await ask("复查期限多久");
    expect(review.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 35 });
    const old = await ask("老条例复查期限多久");
    expect(old.citations[0]).toMatchObject({ regulation: "信访条例", article: 34 });
    const objected = await ask("对复查结果不服怎么办");
    expect(objected.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 36 });
    const both = await ask("新旧条例第二条对比一下");
    expect(both.citations.map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 2],
      ["信访条例", 2],
    ]);
  });

  it("what a 信访部门 must do on receiving a matter is not the article about the bodies other than it", async () => {
    const own = await ask("县信访办接到老百姓的信，规定几天之内要转出去？");
    expect(own.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 22 });
    expect(own.answer).toContain("15日");
    const others = await ask("有关单位收到信访部门转来的事项，多少天内要告知信访人");
    expect(others.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 23 });
    const urgent = await ask("各级信访部门收到重大紧急信访事项要向谁报告");
    expect(urgent.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 25 });
  });

  it("a year's work to sort out, a plan mistyped, and advisers counted by the people they are", async () => {
    const work = await ask("平城22年都干了些啥，给捋一捋");
    expect(work.found).toBe(true);
    expect(work.answer).toContain("紧跟上级部门步伐");
    const plan = await ask("沙坪坝2022年的计化有哪些");
    expect(plan.answer).toContain("精心部署全面推进");
    const advisers = await ask("阎良和惠安各请了几个法律顾问");
    expect(advisers.answer).toContain("一名法律顾问");
    expect(advisers.answer).toContain("两位律师");
  });

  it("a deadline asked of an article is answered with its paragraph that states one", async () => {
    const a = await ask("我寄信给区信访局反映问题，信访局收到以后要在多长时间内处理");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 22 });
    expect(a.answer).toContain("15日");
  });

  it("a version of the law the corpus does not hold is refused, naming the versions it holds", async () => {
    for (const q of [
      "95年那版老信访条例规定多人上访选代表最多几个人？",
      "九五年那版老信访条例里，多人走访推选代表最多几个？",
    ]) {
      const a = await ask(q);
      expect(a.found).toBe(false);
      expect(a.answer).toMatch(/没有1995年版的条例.*2005年施行的《信访条例》/);
    }
    const held = await ask("2005年施行的信访条例里走访代表限几人");
    expect([held.found, held.citations[0]?.article]).toEqual([true, 18]);
    expect(held.answer).not.toContain("可能不完全回答");
  });

  it("how some work turned out is answered by the sentence giving its result, for each bureau named", async () => {
    const one = await ask("21年西安市局在化解信访积案上是啥成绩");
    expect(one.answer).toContain("100%");
    expect(one.citations[0]).toMatchObject({ bureau: "西安市信访局", year: 2021 });
    const both = await ask("沙区跟西安化解积案的成效各咋样");
    expect(new Set(both.citations.map((c) => c.bureau))).toEqual(new Set(["西安市信访局", "重庆市沙坪坝区信访办公室"]));
    expect(both.answer).toMatch(/化解率100%/);
    expectWellFormed(both);
  });

  it("problems a report finds in its own work (查摆) are its shortcomings, every item", async () => {
    const a = await ask("沙区信访办21年报告里自己查摆出来的问题有哪些");
    for (const item of ["依法办事的意识", "学法用法", "宣传效果"]) expect(a.answer).toContain(item);
  });

  it("which reports admit a shortcoming in one area: 这块/普遍 sum the question up, and an item's bare heading comes with what it means", async () => {
    const a = await ask("几份报告讲不足的时候，宣传这块普遍有啥问题？哪几家提了");
    expect(a.found).toBe(true);
    const bureaus = a.citations.map((c) => c.bureau);
    expect(bureaus).toEqual(expect.arrayContaining(["西安市信访局", "阎良区信访局", "重庆市沙坪坝区信访办公室"]));
    expect(a.answer).toContain("三是法治信访宣传效果还不明显。普法宣传手段单一");
    expectWellFormed(a);
  });

  it("a court's judgement the asker disputes is a matter for the 政法部门 (第二十二条), whatever the words for it", async () => {
    const a = await ask("法院判了我不服，去信访局反映，信访局管不管？");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 22 });
    expect(a.answer).toContain("政法部门");
  });

  it("what reports admit doing badly in one area is quoted from their shortcomings, item and what it means", async () => {
    const a = await ask("我看好几个信访局都承认自己普法宣传搞得不咋地，分别是咋说的？");
    expect(a.citations.map((c) => c.section)).toEqual(a.citations.map(() => expect.stringMatching(/不足/)));
    expect(a.answer).toContain("阎良区信访局（2022年）：一是法律法规宣传方式缺乏多样性。目前，");
    expect(a.answer).toContain("简单粗放");
    expectWellFormed(a);
    const own = await ask("西安市信访局2021年那份报告里检讨了自己哪几条问题，都说一下");
    for (const item of ["简单粗放", "调解效果", "终而不结"]) expect(own.answer).toContain(item);
  });

  it("a figure asked of a sentence that gives a part and then the total is answered with the total", async () => {
    const a = await ask("沙坪坝和惠安宣传信访法治的时候各发了多少宣传资料，哪个发得多");
    expect(a.answer).toContain("2000多份");
    expect(a.answer).toContain("10000余份");
    expectWellFormed(a);
  });

  it("whether a whole group may go in together is the article limiting representatives", async () => {
    const a = await ask("我们组上十几户人家因为征地补偿的事想一起去县里上访，是不是大家都能一块进去？现在的条例咋说的");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 20 });
    expect(a.answer).toContain("不得超过5人");
  });

  it("everyday words for a written reply, a settlement's paper and a matter dragging on for years find their articles", async () => {
    const reply = await ask("信访局给别的部门提了改进意见，人家要多久回话？新旧条例一样吗");
    expect(reply.citations.slice(0, 2).map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 40],
      ["信访条例", 36],
    ]);
    expect(reply.answer).toContain("30日内书面反馈情况");
    const paper = await ask("跟邻居的纠纷走信访的话，能不能让政府帮着调解？调解好了有没有个文书");
    expect(paper.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 33 });
    expect(paper.answer).toContain("调解协议书");
    const hearing = await ask("我这事扯了好几年挺复杂的，能不能要求开个听证会当面说清楚？");
    expect(hearing.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 31 });
  });

  it("the old law's article set beside the new one is the one of the same number when it says the same as well", async () => {
    const a = await ask("老条例主要管政府，新条例的适用范围扩大到哪些机关了");
    expect(a.citations.map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 2],
      ["信访条例", 2],
    ]);
  });

  it("of both laws named, the one the question asks about leads (the other only told)", async () => {
    const a = await ask("新条例里信访方式写的是信息网络，老条例当年规定能用哪些方式？");
    expect(a.citations.map((c) => [c.regulation, c.article])).toEqual([
      ["信访条例", 2],
      ["信访工作条例", 17],
    ]);
    expect(a.answer).toContain("电子邮件");
  });

  it("no winner is named among reports whose figures are not one each, and a named one comes with a caution", async () => {
    // 沙坪坝 gives two 化解率 (90.14% of one campaign, 100% of another); 西安 100%.
    const rate = await ask("西安和沙坪坝哪个化解率高");
    expect(rate.answer).toContain("不宜直接比出高低");
    expect(rate.answer).not.toMatch(/最高|同为/);
    const most = await ask("几个报告里哪个办理信访件数最多？");
    expect(most.answer).toContain("口径可能不同");
    // Across all reports, two at the same top figure are named together, a rate by 最高 not 最多.
    const tied = await ask("比一比几个局谁的化解率最高");
    expect(tied.answer.split("\n")[0]).toMatch(/与.+同为100%/);
    expect(tied.answer).not.toContain("最多");
  });

  it("two bureaus' figures asked to be compared (比一比) are each bureau's figure", async () => {
    const a = await ask("惠安和沙区发的普法宣传材料比一比，哪家发得多？各发了多少份");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("10000余份");
    expect(a.answer).toContain("2000多份");
  });

  it("an article of one law and its counterpart in the other, asked in one message, are the articles that say the same", async () => {
    const pairs: [string, [string, number][]][] = [
      [
        "旧条例第三十三条对应新条例第几条",
        [
          ["信访工作条例", 34],
          ["信访条例", 33],
        ],
      ],
      [
        "旧条例第二十条对应新条例哪一条",
        [
          ["信访工作条例", 26],
          ["信访条例", 20],
        ],
      ],
      [
        "新条例第二十六条和旧条例比有什么变化",
        [
          ["信访工作条例", 26],
          ["信访条例", 20],
        ],
      ],
      [
        "新旧条例第二条对比一下",
        [
          ["信访工作条例", 2],
          ["信访条例", 2],
        ],
      ],
    ];
    for (const [q, cited] of pairs)
      expect(
        (await ask(q)).citations.map((c) => [c.regulation, c.article]),
        q,
      ).toEqual(cited);
  });

  it("the channels one may petition through are the law's forms of petitioning, not a report's", async () => {
    const a = await ask("现在都有哪些渠道可以信访");
    expect(a.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 17 });
    expect(a.answer).toContain("信息网络、书信、电话、传真、走访");
  });

  it("which of two bureaus handled more cases, asked as 办的件: the one report that counts them, the other named", async () => {
    const a = await ask("惠安和平城哪个办的件多");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("6246件");
    expect(a.answer).toContain("未见相关内容：大同市平城区信访局");
  });

  it("a plan asked in a word an item also uses (打算 -> 工作思路) is the whole plan, not that item", async () => {
    const a = await ask("西安市信访局打算咋整");
    expect(a.answer).toContain("工作计划有以下几项");
    for (const item of ["一是深入学习贯彻", "二是全面推进信访制度改革", "三是建立信访问题"])
      expect(a.answer).toContain(item);
  });

  it("a principle asked as 啥原则 is the item that names it, though the item never says 原则", async () => {
    const a = await ask("平城区信访局接待群众来访讲究什么原则");
    expect(a.found).toBe(true);
    expect(a.citations[0]).toMatchObject({ bureau: "大同市平城区信访局", year: 2022 });
    expect(a.citations[0]!.section).toContain("来访必登、有访必接");
    expectWellFormed(a);
    // Named in a sentence of the passage, the quoted name leads.
    const named = await ask("惠安信访局化解问题坚持什么原则");
    expect(named.answer.split("\n")[1]).toContain("“三到位一处理”的原则");
  });

  it("may a group go together, asked as 能…不, and where to go in person are the article on visits", async () => {
    for (const q of [
      "我们小区十来户想一起去县信访局，可以一块去不？",
      "我家跟邻居三四个人能一起去上访不",
      "去信访局当面反映要去哪个地方提",
    ]) {
      const a = await ask(q);
      expect(a.citations[0], q).toMatchObject({ regulation: "信访工作条例", article: 20 });
    }
  });

  it("disputes 搞定 are disputes 化解: the figures of the campaign that settled them", async () => {
    const a = await ask("沙区21年突出矛盾纠纷搞定了多少件");
    expect(a.citations[0]).toMatchObject({ bureau: "重庆市沙坪坝区信访办公室", year: 2021 });
    expect(a.answer).toContain("化解64件");
  });

  it("a province none of the bureaus is in: refused, naming the bureaus held, never another's answer", async () => {
    const a = await ask("广东的信访局2023年办了多少件");
    expect(a).toMatchObject({ found: false, citations: [] });
    expect(a.answer).toContain("没有“广东省”的报告");
    expect(a.answer).toContain("惠安县人民政府信访局（2023年）");
    expect(a.answer).not.toMatch(/6246/);
  });

  it("what a 信访局 must do with a letter is 第二十二条, not 第二十三条 of the bodies other than it", async () => {
    for (const q of ["群众的信寄到信访局后，信访局多少天内得转走", "群众的来信交到信访局，信访局多少天内得转出去？"]) {
      const a = await ask(q);
      expect(a.citations[0], q).toMatchObject({ regulation: "信访工作条例", article: 22 });
      expect(a.answer, q).toContain("15日");
    }
  });

  it("a saying quoted from memory, in clauses, is searched by its words, not as a name the reports must hold", async () => {
    for (const q of [
      "“合理的解决到位、无理的教育到位”这套说法哪些局在用",
      "“诉求合理的解决到位，无理的教育到位”有哪些信访局提了",
    ]) {
      const a = await ask(q);
      expect(a.found, q).toBe(true);
      expect(
        a.citations.map((c) => c.bureau),
        q,
      ).toEqual(expect.arrayContaining(["西安市信访局", "阎良区信访局"]));
    }
  });

  it("what a petitioner must not do, in everyday words, is the article listing the forbidden acts", async () => {
    for (const q of ["上访的人不能干什么？", "上访时哪些事不能做", "信访的时候不可以干啥"]) {
      const a = await ask(q);
      expect(a.citations[0], q).toMatchObject({ regulation: "信访工作条例", article: 26 });
    }
  });

  it("a report's 概况 is its outline; what its 第一责任人 干了啥 is that part", async () => {
    const outline = await ask("重庆沙坪坝信访办2021年概况");
    expect(outline.found).toBe(true);
    expect(outline.answer).toContain("分为以下部分");
    const duty = await ask("沙坪坝2021年第一责任人干了啥");
    expect(duty.citations[0]).toMatchObject({ bureau: "重庆市沙坪坝区信访办公室", section: "二、第一责任人履职情况" });
  });

  it("which reports are held, of a place or of all, is answered from the catalog, not from a passage", async () => {
    const shaanxi = await ask("陕西的信访局有哪些报告？");
    expect(shaanxi).toMatchObject({ found: true, citations: [] });
    expect(shaanxi.answer).toContain("报告共2份");
    expect(shaanxi.answer).toContain("· 西安市信访局（2021年）");
    expect(shaanxi.answer).toContain("· 阎良区信访局（2022年）");
    expect((await ask("你们有几份报告")).answer).toContain("报告共5份");
    // A subject of its own is a question about the reports' content.
    const topic = await ask("哪些报告提到了枫桥经验");
    expect(topic.citations.length).toBeGreaterThan(0);
  });

  it("how the two laws differ, with nothing named, is their scope articles, and says so; a matter named is that matter", async () => {
    const broad = await ask("新旧条例最大的区别是什么");
    expect(broad.citations.map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 2],
      ["信访条例", 2],
    ]);
    expect(broad.answer).toContain("两部条例没有总述区别的条文");
    const named = await ask("新旧条例办理期限有什么不同");
    expect(named.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 34 });
    expect(named.answer).not.toContain("没有总述区别");
  });

  it("a figure asked of one thing leads with the sentence counting that thing, not a larger count of another", async () => {
    const a = await ask("惠安县2023年化解了多少积案");
    expect(a.answer.split("\n")[1]).toContain("化解信访积案52件");
    // A total and its parts of the same thing: the total still leads.
    expect((await ask("惠安县2023年办理了多少件信访事项？")).answer.match(/\d+件/g)?.[0]).toBe("6246件");
  });

  it("a count asked is no ordinal (第一次): the figure a few passages down answers", async () => {
    const a = await ask("阎良区信访局2022年学法律法规几次");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("法律法规9次");
  });

  it("a list of a report's numbered headings is numbered once (1. 统筹全盘…, not 1. 1、统筹全盘…)", async () => {
    const a = await ask("平城2022年下一步有啥打算");
    expect(a.answer).toContain("1. 统筹全盘互促互进");
    expect(a.answer).not.toMatch(/^\d+\. (?:\d+、|[（(])/m);
    expectWellFormed(a);
  });

  it("what staff must not do is what they are held to account for (第四十六条), not the petitioner's list", async () => {
    for (const q of ["工作人员接访时不能干啥", "信访局工作人员有哪些事不能做", "信访干部有哪些行为是不允许的"]) {
      const a = await ask(q);
      expect(a.citations[0], q).toMatchObject({ regulation: "信访工作条例", article: 46 });
    }
    const petitioner = await ask("上访的人有哪些行为是不允许的");
    expect(petitioner.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 26 });
  });

  it("a year only a plan heading names is what was planned for it, not what was done then", async () => {
    const done = await ask("沙坪坝2022年排查了多少矛盾纠纷");
    expect(done.found).toBe(false);
    expect(done.answer).toContain("没有重庆市沙坪坝区信访办公室2022年的报告");
    const planned = await ask("沙坪坝2022年有啥打算");
    expect(planned.found).toBe(true);
    expect(planned.citations[0]?.section).toContain("2022年推进法治政府建设的工作思路");
  });

  it("old against new on a deadline pairs the articles of that deadline, not near twins of another matter", async () => {
    const handling = await ask("办理期限新旧条例一样不");
    expect(handling.citations.slice(0, 2).map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 34],
      ["信访条例", 33],
    ]);
    const review = await ask("复核期限新旧条例一样吗");
    expect(review.citations.slice(0, 2).map((c) => c.article)).toEqual([36, 35]);
  });

  it("a matter left unanswered (没人管, 石沉大海) is the article on bodies that let it lie", async () => {
    for (const q of ["我反映的事三个月没人管，怎么办", "交上去的材料石沉大海了该咋办"]) {
      const a = await ask(q);
      expect(a.citations[0], q).toMatchObject({ regulation: "信访工作条例", article: 45 });
    }
  });

  it("a bureau that is not in the corpus", async () => {
    const a = await ask("朝阳区信访局2023年办理了多少件信访事项？");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("朝阳区信访局");
  });

  it("an unrelated question lists what exists", async () => {
    const a = await ask("请推荐一家好吃的火锅店");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("现有文档");
  });
});

describe.skipIf(!regulationsPresent)("answers to questions in everyday words", () => {
  it("an answer not accepted (答复不服, 处理结果不满意) is the first appeal, 复查; a review not accepted is 复核", async () => {
    for (const q of ["信访答复我不服，还能找谁？有没有时间限制", "对处理结果不满意可以申请复查吗"]) {
      const a = await ask(q);
      expect(a.citations[0], q).toMatchObject({ regulation: "信访工作条例", article: 35 });
    }
    const review = await ask("复查结果还是不服怎么办");
    expect(review.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 36 });
  });

  it("what a law requires is its article, though the question names reports; which reports mention the law is the reports", async () => {
    const law = await ask("信访工作条例有没有要求信访局每年交报告？里面得写啥");
    expect(law.citations[0]).toMatchObject({ regulation: "信访工作条例", article: 41 });
    expect(law.answer).toContain("数据统计");
    const reports = await ask("哪些报告提到了信访工作条例");
    expect(reports.citations.every((c) => c.kind === "report")).toBe(true);
    expect(new Set(reports.citations.map((c) => c.bureau)).size).toBeGreaterThanOrEqual(2);
  });

  it("a city bureau and one of its districts named with 和 are both compared", async () => {
    const a = await ask("西安市局和阎良局说的不足里，是不是都提到宣传方式太单一了");
    expect(new Set(a.citations.map((c) => c.bureau))).toEqual(new Set(["西安市信访局", "阎良区信访局"]));
    expect(a.answer).toContain("简单粗放");
  });
  it("the laws compared with nothing named (有啥不一样) are their scope articles", async () => {
    const a = await ask("新条例跟老的比有啥不一样");
    expect(a.citations.slice(0, 2).map((c) => [c.regulation, c.article])).toEqual([
      ["信访工作条例", 2],
      ["信访条例", 2],
    ]);
  });

  it("a count of something else is no answer to how many were handled: the report that lacks the total says so", async () => {
    const a = await ask("阎良区2022年办理了多少件信访事项？");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("阎良区信访局2022年的报告中没有找到");
    const most = await ask("几个报告里哪个办理信访件数最多？");
    expect(most.answer).toContain("6246件");
    expect(most.answer).not.toContain("2起医疗纠纷");
    // A figure naming a kind of what is asked still answers it.
    const groups = await ask("西安那边为了退役军人的积案派了几个督导组下去查？");
    expect(groups.answer).toContain("3 个");
  });

  it("the sentence with the asked figure leads: a larger rate of another campaign, or a count of other things, follows", async () => {
    const rate = await ask("沙坪坝2021年排查突出矛盾纠纷化解率是多少");
    expect(quotedLines(rate)[0]?.text).toContain("90.14%");
    const meetings = await ask("阎良区2022年召开了几次保密工作会议？");
    expect(quotedLines(meetings)[0]?.text).toContain("保密工作会议2次");
    const total = await ask("惠安县2023年办理了多少件信访事项？");
    expect(quotedLines(total)[0]?.text).toContain("6246件");
  });

  it("what a law says of something it never mentions is not found, not a report's passage", async () => {
    const a = await ask("条例对法律顾问有规定吗");
    expect(a.found).toBe(false);
  });

  it("a list of a report's headings shows the start of what each heads, as the report words it", async () => {
    const a = await ask("平城区信访局下一年准备从哪几块发力");
    expect(a.answer).toContain("4. 加大信访问题化解工作力度。在“解决问题”上发力,按照“三到位一处理”的总要求…");
    expect(a.answer).not.toMatch(/^\d+\. [一二三四五六七八九十]+、/m);
    expect(a.citations).toHaveLength(5);
    expectWellFormed(a);
  });
});

describe("bad input never crashes", () => {
  it.each([
    ["", /空/],
    ["   \n ", /空/],
    ["信访".repeat(2_500), /太长/],
    ["😀😀😀", /没有识别到文字/],
    ["How many petitions did Hui'an handle in 2023?", /中文/],
    ["？？？", /没有识别到文字/],
  ])("%#: %s", async (q, message) => {
    const a = await ask(q);
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(message);
  });
});
