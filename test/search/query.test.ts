import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { buildCatalog } from "../../src/search/catalog.ts";
import { parseQuery } from "../../src/search/query.ts";
import { CORPUS, regulationsPresent } from "../helpers.ts";

const catalog = buildCatalog((await loadCorpus(CORPUS)).documents.map((d) => d.meta));
const q = (text: string) => parseQuery(text, catalog);

describe("parseQuery", () => {
  it("reads years in digits and in Chinese numerals", () => {
    expect(q("惠安县2023年办理了多少件？").years).toEqual([2023]);
    expect(q("二〇二一年西安市信访局").years).toEqual([2021]);
    expect(q("共办理1270件").years).toEqual([]);
  });

  it("maps aliases to bureaus; 西安 is the city bureau, 西安市阎良区 is 阎良", () => {
    expect(q("惠安开展宣传多少次").bureaus).toEqual(["惠安县人民政府信访局"]);
    expect(q("大同平城区网上信访").bureaus).toEqual(["大同市平城区信访局"]);
    expect(q("沙坪坝区化解率").bureaus).toEqual(["重庆市沙坪坝区信访办公室"]);
    expect(q("西安市信访局邀请了多少律师").bureaus).toEqual(["西安市信访局"]);
    expect(q("西安市阎良区信访局召开几次会议").bureaus).toEqual(["阎良区信访局"]);
    expect(q("西安阎良区召开几次会议").bureaus).toEqual(["阎良区信访局"]);
    // Named one after the other, the city and its district are two bureaus.
    expect(q("阎良和西安的报告里各自存在哪些不足").bureaus).toEqual(["西安市信访局", "阎良区信访局"]);
    expect(q("西安市局和阎良局说的不足").bureaus).toEqual(["西安市信访局", "阎良区信访局"]);
    expect(q("西安的阎良区信访局局长是谁").bureaus).toEqual(["阎良区信访局"]);
  });

  it("a question about the rules told as the asker's story: their people, places and dates are not what is asked", () => {
    const told = q("我们村十几户去年11月一起去上访，村主任说不行，到底能去几个人");
    expect(told.intent.aboutRules).toBe(true);
    const subjects = told.concepts.filter((c) => !c.cue).map((c) => c.said);
    for (const story of ["十几户", "去年", "村主任", "11"]) expect(subjects).not.toContain(story);
    // The same words in a question about a bureau's work are its subject.
    expect(q("阎良22年村主任培训了几次").concepts.find((c) => c.said === "村主任")?.cue).toBeUndefined();
    // "会不会被他知道" asks what is allowed, not what the sanction is.
    expect(q("举报了村主任会不会被他知道").intent.consequence).toBe(false);
    expect(q("闹访会不会被处罚").intent.consequence).toBe(true);
  });

  it("marks what a story told before the question says, and only then", () => {
    const told = q("我告了村支书侵占低保，现在他放话要收拾我，这种情况有规定管吗");
    expect(told.concepts.find((c) => c.said === "低保")?.story).toBe(true);
    // Two questions one after the other: no story.
    expect(q("去信访局反映问题要交钱吗？条例里有没有收费标准").concepts.some((c) => c.story)).toBe(false);
    // A bureau's work is not a question about the rules.
    expect(q("阎良去年排查化解了多少矛盾，效果怎么样").concepts.some((c) => c.story)).toBe(false);
    // "受不受理": the verb once, not 不受理.
    expect(q("在网上投诉多长时间能回复我受不受理").concepts.map((c) => c.said)).not.toContain("不受理");
  });

  it("a question that opens with the asker tells a story first, about a report as well as about the rules", () => {
    const told = q("我家在沙坪坝，和开发商闹了好久，听说区信访办有律师值班，一个月来几次？");
    expect(told.intent.shape).toBe("frequency");
    expect(told.concepts.find((c) => c.said === "开发商")?.story).toBe(true);
    // The same words asked outright are the subject.
    expect(q("沙坪坝信访办开发商的问题化解了多少").concepts.find((c) => c.said === "开发商")?.story).toBeUndefined();
    // "二十几户", "十几个" are the asker's, not a 几 that asks; the asker's plan is not the report's.
    const plan = q("我们楼二十几户打算一块儿去区里反映，按规定最多能去几个人");
    expect(plan.intent.role).toBeUndefined();
    expect(plan.intent.aboutRules).toBe(true);
    expect(plan.concepts.filter((c) => !c.cue && !c.story).map((c) => c.said)).not.toContain("二十几户");
    expect(q("阎良明年打算在普法上做点啥").intent.role).toBe("plans");
  });

  it("a law named by its year beside 新 is the law, not a report's year; 几十号人 counts nothing; 只能 asks what is allowed", () => {
    const both = q("2005年的条例和2022年新条例适用范围有啥差别");
    expect([both.years, both.intent.oldVsNew]).toEqual([[], true]);
    const many = q("我们几十号人想一起去，是不是只能派代表");
    expect(many.intent.shape).not.toBe("figure");
    expect(many.intent.aboutRules).toBe(true);
    expect(q("沙坪坝的律师多久到窗口值一次班").intent.shape).toBe("frequency");
  });

  it("a trainer's preface is not asked about, and the directions set for a year are its plans", () => {
    const quiz = q("考考你们：惠安律师陪县领导接访一共几回");
    expect(quiz.concepts.map((c) => c.said).join(" ")).not.toMatch(/考|你们/);
    expect(q("培训用：平城给下一年定了哪几个方向").intent.role).toBe("plans");
  });

  it("得 meaning must is kept apart from the verb after it", () => {
    const said = q("信访局收到信访件以后，多少天之内得分流转出去？").concepts.map((c) => c.said);
    expect(said).toContain("分流");
    expect(said).not.toContain("得分");
  });

  it("a name asked is not a figure, though its description says 几", () => {
    expect(q("惠安那个几家单位一块儿调处纠纷的机制叫啥").intent.shape).not.toBe("figure");
    expect(q("惠安那个调处中心叫啥，调了多少件").intent.shape).toBe("figure");
  });

  it("新的信访条例 is the 2022 law, and 几号开始实施 asks since when it is in force", () => {
    const asked = q("新的信访条例几号开始实施的");
    expect([asked.regulation, asked.intent.asksStatus]).toEqual(["信访工作条例", true]);
    expect(q("信访条例哪年开始实施").regulation).toBe("信访条例");
  });

  it("a bureau's full name followed by 局长 leaves 局长 to the question", () => {
    expect(q("阎良区信访局局长是谁").concepts.map((c) => c.said)).toContain("局长");
  });

  it("a bureau guessed by sound needs a character right besides its level: 啥区别 is not 沙区", () => {
    expect(q("新旧有啥区别").bureaus).toEqual([]);
    expect(q("沙区信访办21年讲了啥").bureaus).toEqual(["重庆市沙坪坝区信访办公室"]);
    expect(q("严良区去年搞了啥").bureaus).toEqual(["阎良区信访局"]);
  });

  it("a law named by a version's year the corpus has no law of; a report's year beside a law's name is no version", () => {
    expect(q("95年那版老信访条例规定多人上访选代表最多几个人").unknownLawYear).toBe(1995);
    expect(q("1995年颁布的信访条例里走访代表限几人").unknownLawYear).toBe(1995);
    expect(q("05版信访条例多人走访代表最多几个").unknownLawYear).toBeUndefined();
    expect(q("2022年施行的新条例啥时候开始实施").unknownLawYear).toBeUndefined();
    expect(q("沙坪坝21年《信访工作条例》学了几次").unknownLawYear).toBeUndefined();
    expect(q("2005年施行的信访条例里走访代表限几人").regulation).toBe("信访条例");
  });

  it("a place named right before 信访局 without its level is a bureau too, and the city a district ranks in is not asked", () => {
    expect(q("铜川信访局21年化解了多少积案").unknownBureau).toBe("铜川信访局");
    expect(q("我能不能把材料直接放信访局门口").unknownBureau).toBeUndefined();
    expect(q("几家信访局谁的化解率高").unknownBureau).toBeUndefined();
    expect(q("惠安信访局23年办了多少件").bureaus).toEqual(["惠安县人民政府信访局"]);
    expect(q("阎良区的网上满意度在西安是第几名").bureaus).toEqual(["阎良区信访局"]);
    const several = q("几家信访局化解积案的情况对比一下");
    expect([several.intent.compare, several.intent.shape]).toEqual([true, "text"]);
  });

  it("names a bureau not in the corpus only by a place's name, not by a level", () => {
    expect(q("海淀区信访局22年受理多少件").unknownBureau).toBe("海淀区信访局");
    expect(q("我去年11月去县信访局反映宅基地被占").unknownBureau).toBeUndefined();
    expect(q("福建那个县信访局请的法律顾问是哪家律所").unknownBureau).toBeUndefined();
    // A known bureau's city or region, then a district that is none of ours.
    const other = q("重庆渝中区信访办21年法治建设报告讲了啥");
    expect([other.unknownBureau, other.bureaus]).toEqual(["重庆渝中区信访办", []]);
    expect(q("西安市雁塔区信访局22年办了多少件").unknownBureau).toBe("西安市雁塔区信访局");
    expect(q("西安市阎良区信访局召开几次会议").unknownBureau).toBeUndefined();
  });

  it("reads 信访 mistyped by its sound, and a few more everyday words for what is asked", () => {
    expect(q("老的新访条例里复查期限是多少天").regulation).toBe("信访条例");
    expect(q("信仿局多久要办结").concepts.map((c) => c.said)).toContain("信访局");
    expect(q("平城区信访局往后对上门来访的人咋对待").intent.role).toBe("plans");
    expect(q("沙坪坝的律师多久去窗口坐一回班").intent.shape).toBe("frequency");
  });

  it("counts a noun in the unit of its head word", () => {
    expect(q("西安派了几个督导组下去查").intent.unit).toBe("个");
    expect(q("惠安有多少律师参与接访").intent.unit).toBe("人");
    expect(q("阎良开展了几次督导检查").intent.unit).toBe("次");
  });

  it("a question naming several bureaus compares them: each one's figure, or which has more", () => {
    const each = q("西安和沙坪坝积案化解率分别多少");
    expect(each.intent).toMatchObject({ compare: true, shape: "figure", unit: "%" });
    expect(each.concepts.find((c) => c.said === "分别")?.cue).toBe(true);
    const more = q("西安和沙坪坝21年谁的积案化解率高");
    expect(more.intent).toMatchObject({ compare: true, superlative: "max", unit: "%" });
    // The comparative is not part of what is compared: 化解率, not 率高.
    expect(more.concepts.map((c) => c.said)).toContain("化解率");
    expect(q("西安和沙坪坝积案化解率哪家高").intent).toMatchObject({ superlative: "max", unit: "%" });
    expect(q("惠安与平城谁办的信访件少").intent).toMatchObject({ superlative: "min", unit: "件" });
    // "多少" is a question, not "more" or "less".
    expect(q("惠安与平城各办了多少件").intent.superlative).toBeUndefined();
    // The year a plan is for names the part of the report, not a subject.
    const plans = q("阎良跟平城对下一年各有啥打算");
    expect(plans.intent.role).toBe("plans");
    expect(plans.concepts.filter((c) => !c.cue)).toEqual([]);
  });

  it("reads traditional characters", () => {
    const parsed = q("阎良區信訪局2022年開展保密工作自查幾次？");
    expect(parsed.bureaus).toEqual(["阎良区信访局"]);
    expect(parsed.intent.unit).toBe("次");
  });

  it("reads two-digit years and bureau names with a typo by their sound", () => {
    expect(q("阎良局22年组织学法几回").years).toEqual([2022]);
    expect(q("共办理22件").years).toEqual([]);
    const typo = q("严良信访局的法律顾问是谁");
    expect(typo.bureaus).toEqual(["阎良区信访局"]);
    expect(typo.guessed).toEqual([{ said: "严良", bureau: "阎良区信访局" }]);
    expect(q("沙平坝区信访办化解率").bureaus).toEqual(["重庆市沙坪坝区信访办公室"]);
    // Same sound but no character in common is not a guess: 会按 is not 惠安.
    expect(q("信访部门会按照规定办理吗").bureaus).toEqual([]);
  });

  it("a province or city that is no bureau's own name is asked of the bureaus within it", () => {
    expect(catalog.places.get("陕西")).toEqual(["西安市信访局", "阎良区信访局"]);
    const province = q("陕西省的信访局做了哪些工作");
    expect([province.bureaus, province.intent.compare]).toEqual([["西安市信访局", "阎良区信访局"], true]);
    expect(province.topicText).toBe("做了哪些工作");
    expect(q("陕西那边有几份报告").bureaus).toEqual(["西安市信访局", "阎良区信访局"]);
    expect(q("福建的信访局2023年办了多少件")).toMatchObject({ bureaus: ["惠安县人民政府信访局"], years: [2023] });
    expect(q("泉州有啥打算").bureaus).toEqual(["惠安县人民政府信访局"]);
    expect(q("山西和福建各有啥打算").bureaus).toEqual(["大同市平城区信访局", "惠安县人民政府信访局"]);
    // A bureau's own name wins (西安 is 西安市信访局, not the city 阎良 is in); a place saying
    // where a bureau named is, is no scope of its own.
    expect(q("西安有啥打算").bureaus).toEqual(["西安市信访局"]);
    expect(q("陕西西安有啥打算").bureaus).toEqual(["西安市信访局"]);
    expect(q("阎良在陕西排第几").bureaus).toEqual(["阎良区信访局"]);
    // A place as written is not taken for a bureau by its sound (陕西按: not 西安).
    const told = q("我在陕西按规定上访能去几个人");
    expect([told.bureaus, told.intent.aboutRules]).toEqual([[], true]);
  });

  it("a province none of the bureaus is in, asked as a scope, is not in the corpus", () => {
    expect(q("广东那边有几份报告")).toMatchObject({ unknownBureau: "广东省", bureaus: [] });
    expect(q("广东的信访局2023年办了多少件").unknownBureau).toBe("广东省");
    expect(q("广东省信访局2023年办了多少件").unknownBureau).toBe("广东省信访局");
    // A place's own bureau is none of the bureaus within it: 泉州市's is not 惠安县's.
    expect(q("泉州市信访局23年化解了多少件积案")).toMatchObject({ unknownBureau: "泉州市信访局", bureaus: [] });
    expect(q("陕西省信访办做了啥")).toMatchObject({ unknownBureau: "陕西省信访办", bureaus: [] });
    expect(q("泉州的信访局23年化解了多少件").bureaus).toEqual(["惠安县人民政府信访局"]);
    expect(q("广东省2023年办了多少件").unknownBureau).toBe("广东省");
    // A province before a bureau none of ours is part of that bureau's name.
    expect(q("陕西铜川信访局办了多少件")).toMatchObject({ unknownBureau: "铜川信访局", bureaus: [] });
    // Where the asker is from, in a question about the rules, is not asked about.
    expect(q("我从广东来想去北京上访最多能去几个人").unknownBureau).toBeUndefined();
    expect(q("我是广东省的，能不能去北京上访").unknownBureau).toBeUndefined();
  });

  it("flags a bureau that is not in the corpus", () => {
    expect(q("朝阳区信访局2023年办理多少件").unknownBureau).toBe("朝阳区信访局");
    expect(q("惠安县信访局办理多少件").unknownBureau).toBeUndefined();
  });

  it("reads article references", () => {
    expect(q("信访工作条例第三十四条").article).toBe(34);
    expect(q("第34条怎么规定").article).toBe(34);
    expect(q("第 三十四 条").article).toBe(34);
  });

  it.skipIf(!regulationsPresent)("reads regulation names (when the regulations are in the corpus)", () => {
    expect(q("信访条例第十条")).toMatchObject({ regulation: "信访条例", article: 10 });
    expect(q("信访工作条例第十条").regulation).toBe("信访工作条例");
    expect(q("信访事项多久办结").regulation).toBeUndefined();
  });

  it("tells the kind of answer wanted", () => {
    expect(q("哪些报告提到了枫桥经验").intent.compare).toBe(true);
    expect(q("哪几个局说网上信访是主渠道").intent.compare).toBe(true);
    expect(q("信访工作条例适用于哪些机关和单位").intent.compare).toBe(false);
    expect(q("收到重大紧急的信访事项要向谁报告").intent.compare).toBe(false);
    expect(q("阎良局还有哪些地方没做好").intent).toMatchObject({ compare: false, role: "shortcomings", shape: "list" });
    expect(q("宪法宣传周是哪几天").intent).toMatchObject({ shape: "date" });
    expect(q("化解率是多少").intent.unit).toBe("%");
    expect(q("信访件多长时间必须办完").intent).toMatchObject({ shape: "figure", unit: "日", duration: true });
    expect(q("一大帮人上访最多能选几个代表").intent.unit).toBe("人");
    expect(q("学了几回").intent.unit).toBe("次");
    expect(q("信访工作多久考核一次").intent.shape).toBe("frequency");
    expect(q("副组长是谁").intent.shape).toBe("person");
    expect(q("调研报告题目叫啥").intent.shape).not.toBe("person");
    expect(q("满意率在全市排第几").intent.shape).toBe("text");
    expect(q("概括一下惠安县信访局2023年的报告").intent.shape).toBe("overview");
    expect(q("西安市信访局2022年准备重点打造什么").intent.role).toBe("plans");
    expect(q("在信访接待场所闹事会被怎么处理").intent).toMatchObject({ consequence: true, aboutRules: true });
    // Yes-or-no questions (…会受理吗, …能…吗) and limits (最多) ask about the rules; a named bureau's do not.
    expect(q("我的事正在办，去市里再反映市里会受理吗").intent.aboutRules).toBe(true);
    expect(q("走访的代表最多几个").intent.aboutRules).toBe(true);
    expect(q("惠安县信访局最多一天接待了几批群众").intent.aboutRules).toBe(false);
    // What the rules ask a report to hold is a question about the law, not about which reports.
    expect(q("按条例要求，信访部门编的年度报告里应当写哪些内容").intent.compare).toBe(false);
    expect(q("哪些报告里提到了网上信访，都有哪些内容").intent.compare).toBe(true);
    // 超过几年 asks a limit (a figure), where 过几天 is "in a few days"; 个 counts what 人数 names.
    expect(q("信访的事超过几年就不能再反映了吗").intent.shape).toBe("figure");
    expect(q("过几个月再看看信访局怎么答复").intent.shape).not.toBe("figure");
    expect(q("走访代表人数超过几个就不行了").intent.unit).toBe("人");
    // What the user asked about, shown in notes: without the law's name and its 里, nor a word's 里 cut.
    expect(q("新条例里走访代表最多几人？").topicText).toBe("走访代表最多几人？");
    expect(q("里程碑式的改革有哪些").topicText).toBe("里程碑式的改革有哪些");
    // The 几 of "several" in the asker's situation is not what is asked.
    expect(q("我们几十户想一起去，最多可以去几个代表").intent.unit).toBe("人");
    expect(q("十几个人一起去走访，能去几个代表").intent.unit).toBe("人");
    expect(q("信访条例是否还有效").intent.asksStatus).toBe(true);
  });

  it.skipIf(!regulationsPresent)("reads which law: 旧条例 / 老条例 / 2005年的 is the 2005 信访条例", () => {
    expect(q("旧条例规定复查期限是多少日").regulation).toBe("信访条例");
    expect(q("老的信访条例规定走访代表最多几个人").regulation).toBe("信访条例");
    expect(q("2005年那个条例里怎么规定的").regulation).toBe("信访条例");
    expect(q("2005年信访条例规定复核期限").years).toEqual([]);
    // "条例允许…吗", "按条例…": the law is asked, whichever; 条例宣传月 and a named bureau's are not.
    expect(q("条例允许找人代替自己去信访吗").aboutLaw).toBe(true);
    expect(q("按条例规定，信访事项多久办结").aboutLaw).toBe(true);
    expect(q("条例宣传月一般在几月搞").aboutLaw).toBe(false);
    expect(q("惠安县信访局按条例开展了哪些宣传").aboutLaw).toBe(false);
    const short = q("05年的旧条例里，不听劝的会怎么处理");
    expect([short.regulation, short.years, short.concepts.some((c) => c.said.includes("05"))]).toEqual([
      "信访条例",
      [],
      false,
    ]);
    expect(q("按05版的条例，走访代表最多几个").regulation).toBe("信访条例");
    // The law called 规定 with a word naming its version; a bare 规定 is any rule.
    const rules = q("照2005年的老规定，一件信访事项得在多长时间内办完");
    expect([rules.regulation, rules.years]).toEqual(["信访条例", []]);
    expect(q("按新规定，信访事项多久办结").regulation).toBe("信访工作条例");
    expect(q("惠安有没有按规定公开信息").regulation).toBeUndefined();
    // 原来 / 原先 / 以往 name the old law too, and are not asked about.
    const before = q("原来那个信访条例，对村委会有意见能不能信访");
    expect([before.regulation, before.concepts.some((c) => c.said.startsWith("原"))]).toEqual(["信访条例", false]);
    expect(q("以往的条例里信访事项多少天办结").regulation).toBe("信访条例");
    expect(q("原先的条例对走访人数有限制吗").regulation).toBe("信访条例");
    expect(q("新条例规定的办结期限").regulation).toBe("信访工作条例");
    const both = q("新旧条例比，办结期限变了没有");
    expect(both.intent.oldVsNew).toBe(true);
    expect(both.regulation).toBeUndefined();
    // One law named, the other by its year alone.
    expect(q("新的信访工作条例比05年那个管得宽吗").intent.oldVsNew).toBe(true);
    expect(q("05版条例对不作为的干部给行政处分，22版的呢").intent.oldVsNew).toBe(true);
    // How a kind of matter is handled is not a sanction.
    expect(q("涉法涉诉的信访件，新条例改成怎么处理了").intent.consequence).toBe(false);
    // "以前…，现在新条例…": the two laws set against each other; "是咋处理的" asks how, not a sanction.
    const contrast = q("以前打官司的事不受理，现在新条例里是咋处理的");
    expect(contrast.intent).toMatchObject({ oldVsNew: true, consequence: false });
    expect(q("有人天天来闹访，这种情况能怎么处理").intent.consequence).toBe(true);
    // 老百姓 after 新条例 is people, not the old law.
    expect(q("按新条例，老百姓上访的车票钱政府给不给报").intent.oldVsNew).toBe(false);
    expect(q("新条例跟老的比有啥不一样").intent.oldVsNew).toBe(true);
  });

  it("turns colloquial words into the documents' words, and keeps words whole", () => {
    const concepts = (text: string) => q(text).concepts;
    // Asking words and prepositions are not what is asked about.
    const said = concepts("针对村干部的举报有哪些规定，全部列出来").map((c) => c.said);
    expect(said.some((s) => /列|针对/.test(s))).toBe(false);
    const done = concepts("信访件多长时间必须办完").find((c) => c.said === "办完");
    expect(done?.alternatives).toContain("办结");
    // 学法律 is a thesaurus word, but not inside 组织学法律法规.
    expect(concepts("组织学法律法规学了几回").some((c) => c.said === "学法律")).toBe(false);
    // A document word stays whole: 宪法宣传周, not the user word 宪法宣传 and a stray 周.
    expect(concepts("宪法宣传周是哪几天").map((c) => c.said)).toEqual(["宪法宣传周"]);
    // Fillers and question words are not concepts.
    expect(concepts("阎良局一共学了几回").map((c) => c.said)).toEqual([]);
  });
});
