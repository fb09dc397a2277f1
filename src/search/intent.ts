/**
 * What kind of answer a question wants, read from its wording rather than matched against known
 * questions: a figure (and its unit), a date, a person, a frequency, a list, an overview of a
 * report; which part of a report it is about (measures, shortcomings, plans); whether it compares
 * reports or the two laws. Pure functions over normalised text (simplified, half-width, lower case).
 */

/** The form the answer should take. */
export type AnswerShape = "figure" | "date" | "person" | "frequency" | "list" | "overview" | "text";

/** The part of a report a question is about. */
export type SectionRole = "measures" | "shortcomings" | "plans" | "responsibility";

/** A question's intent. */
export interface Intent {
  shape: AnswerShape;
  /** The unit of the figure asked for: 件, 次, 人, 个, 份, 日 (for durations too), %. */
  unit?: string;
  /** The figure asked is a length of time (多久, 期限, 几天内). */
  duration: boolean;
  role?: SectionRole;
  /** The question is about several reports (哪些局, 各地, 哪个最多). */
  compare: boolean;
  /** 哪个最多 / 最少. */
  superlative?: "max" | "min";
  /** The question asks for a target or plan figure (目标, 计划), not a result. */
  wantsTarget: boolean;
  /** The question asks how some work turned out (成绩, 成效, 效果如何): figures say it best. */
  outcome: boolean;
  /** The question compares the 2005 《信访条例》 with 《信访工作条例》. */
  oldVsNew: boolean;
  /** The question asks whether a regulation is in force, or since when. */
  asksStatus: boolean;
  /** The question wants several things (哪些, 哪几, 都有什么): a list, never one singled-out item. */
  plural: boolean;
  /** The question asks what happens to someone (会怎么样, 怎么处理, 什么后果): a sanction or measure. */
  consequence: boolean;
  /** The question is about rules (deadlines, permissions, duties, sanctions) rather than a bureau's work. */
  aboutRules: boolean;
  /**
   * The general word for the kind of thing asked ("坚持个啥原则", "有什么要求"): a passage names
   * the thing itself ("坚持'来访必登、有访必接'"), seldom the word.
   */
  kindAsked?: string;
  /** The question asks which reports the corpus holds ("陕西的信访局有哪些报告", "你们有几份年报"). */
  inventory?: boolean;
  /** The question asks when or by whom a law was adopted or issued ("旧信访条例什么时候公布的"). */
  asksIssued?: boolean;
  /** The question asks how many articles or chapters a law has ("信访工作条例一共多少条"). */
  asksLength?: boolean;
}

/** Counting words that are the same unit as a document's: 回 and 趟 are 次, 宗 is 件, 天 is 日. */
const UNIT_ALIASES: Record<string, string> = {
  回: "次",
  趟: "次",
  遍: "次",
  场: "次",
  宗: "件",
  桩: "件",
  起: "件",
  张: "份",
  册: "份",
  座: "个",
  家: "个",
  所: "个",
  名: "人",
  位: "人",
  天: "日",
  日: "日",
};
const UNITS = "件|次|个|人|份|篇|条|项|期|批|回|趟|遍|场|宗|桩|起|张|册|座|家|所|名|位|天|日|年";

/** What is counted, when a question says 多少 + a noun: 多少积案 counts 件, 多少律师 counts 人. */
const COUNTED: [RegExp, string][] = [
  [/人次|人数|律师|顾问|专家|人员|干部|工作者|群众|代表|职工|党员/, "人"],
  [/件|积案|案件|案子|事项|诉求|纠纷|问题|来信|来访/, "件"],
  [/会议|会|活动|讲座|培训|测试|考试|检查|自查|督导|督查|宣传|接访|调研|学习|答题|讲话|听证/, "次"],
  [/资料|折页|手册|册子|海报|横幅|标语|材料|文章|传单/, "份"],
  [/评理室|专栏|平台|小组|组|室|站|窗口|科室/, "个"],
  [/工作日|天|日|时间|期限/, "日"],
  [/率|比例|百分比|占比/, "%"],
];

const DURATION =
  /多久|多长时间|多长|(?<!过了|超过|超过了|过|超了)期限|时限|时间限制|几天内|几日内|几个工作日|多少天|多少日|(?<!哪)几天|最长|最晚|多少个工作日|拖多/;
const FREQUENCY =
  /多久[^，。？?！!]{0,10}?一[次回趟遍]|多长时间[^，。？?！!]{0,10}?一[次回趟遍]|几年一次|每隔多久|多久考核|多久开|多久召开|频次|频率|[一每](?:周|星期|礼拜|个?月|年|季度)[^，。？?！!]{0,4}几[次回趟遍]/;
/** 几 asking a number; not 几 meaning "several" (好几次, 十几年, 一拖几个月) nor "几个报告" (which reports). */
const FIGURE =
  /多少|(?<![哪好十一拖等]|(?<!超)过)几(?![乎十分]|[个家](?:报告|局|信访局|信访办|地方|单位|地区|区县))|几十(?![号户家人年个])|比例|百分之|百分比|率(?:是|为|达到|有)|占比|数量|数字|几成/;
const DATE = /哪天|哪一天|哪几天|什么时候|什么时间|何时|几月几[日号]|几号|日期|哪年|哪一年|几时|啥时候|啥时|落款/;
const PERSON =
  /叫什么名字|叫什么|叫啥|名字|姓名|是谁|谁是|谁当|谁担任|谁任|哪位|何人|什么人(?!员)|谁来当|谁负责.{0,2}(组长|局长)/;
/** A name asked ("那个机制叫啥来着"): its 几 describes ("几种调解一起上的那个"), it counts nothing. */
const NAME = /叫啥|叫什么|啥名|什么名|名称|叫法/;
/** Ranks and ordinals are plain answers, not figures: 排第几, 排名. */
const RANK = /第几|排第|排名|名次|位列/;
const CONSEQUENCE =
  /会怎么样|会怎样|会被怎么|(?<!是)(?:怎么|如何|咋)处理(?!的)|怎么处罚|如何处罚|什么后果|啥后果|会受到|受到什么|会不会被(?:处理|处罚|追究|处分|抓|拘|判|罚|开除|撤职|问责|打击报复)|怎么追责|如何追责|追究什么|什么处分|什么处罚|会被(?:处理|处罚|追究|处分)/;
/** "怎么处理" of a matter (信访件, 事项, 诉求…) asks the procedure. */
const HANDLING = /(?:怎么|如何|咋)处理/;
const MATTER = /信访件|信访事项|事项|案件|案子|诉求|信件|来信|这封信|那封信|材料|涉法涉诉|涉诉/;
const PERMISSION =
  /能不能|只能|是不是得|还是得|算不算违法|违不违法|是不是违法|违法吗|犯法吗|合法吗|可不可以|可以吗|能否|是否可以|允许|有权|必须|要不要|需要.{0,6}吗|得.{0,4}吗|还受理|管不管|受理不|管吗|行不行|(?:会|能|可以)[^，。？！,?!]{0,8}吗|(?:能|可以|可|行)[^，。？！,?!]{0,8}不[？?！!。]*$|算不算[^，。？！,?!]{0,4}[？?！!。]*$/;
/** Which reports are held: "有哪些报告", "有几份年报", "收录了什么文档", "报告都有哪些". */
const INVENTORY =
  /(?:有|收录了?|存了|都有|包括)(?:哪些|哪几份|几份|多少份?|什么|啥)(?:[^，。？?]{0,8}的)?(?:年度)?(?:报告|文档|年报|文件)|(?:报告|文档|年报)(?:都)?(?:有)?(?:哪些|几份|多少份)[吗呢？?]*$/;
/** A general word after the question word: the kind of thing asked (see Intent.kindAsked). */
const KIND_ASKED = /(?:啥|什么|哪些|哪几?[个条项种]|个啥)(?:样的?)?(原则|要求|理念|宗旨|方针|口号|标准|理由|依据)/;
/** Words of a question about what the rules say, allow or forbid (不能有哪些行为, 找谁). */
const RULE_WORDS =
  /怎么办|咋办|如何办|找谁|向谁|由谁|谁来|规定|条例|(?<!法律)法规|不得|允许|禁止|不[准许]|不(?:能|可以)(?:有|做|干)/;
/** A limit the rules set: how many at most, how few at least. */
const LIMIT = /最多|最少|至多|上限|不超过|不得超过|(?:能|可以)(?:去|来|派|带|有)?几/;
const PLURAL = /哪些|哪几|都有|有哪|有什么|有啥|有些(?:什么|啥)|几项|几条|几个方面|几块|列一下|列举|分别|一一/;
const PERSON_ROLE = /局长|组长|书记|主任|律师|顾问|负责人|领导|处长|科长|委员|代表|主席|干部/;
/** A person asked for by role: the role word right beside the question ("副组长是谁", "谁当组长", "律师叫啥"). */
const PERSON_BY_ROLE = new RegExp(
  `(?:${PERSON_ROLE.source})(?:的)?(?:是谁|叫什么|叫啥|名字|姓名|是哪位)|(?:谁|哪位)(?:是|当|担任|任)(?:${PERSON_ROLE.source})`,
);
const LIST =
  /哪些|哪几|有什么|有啥|都有|几项|几条|列一下|列举|包括什么|包括哪|分别|一一|几个方面|几块|哪几块|都干了|都做了/;
const OVERVIEW =
  /概括|概况|总结一下|总体|捋一捋|捋捋|梳理一下|盘点一下|讲了什么|说了什么|说了啥|讲了啥|讲了些|说了些|主要内容|都说了|介绍一下|简介|是怎么写的|写了什么|写了啥|大概内容|概要|要点/;
const MEASURES =
  /举措|措施|做法|做了(哪些|什么|啥)|干了(哪些|什么|啥|些)|都干了|忙了些|忙活|搞了(些|哪些|什么|啥)|开展了(哪些|什么|啥)|抓了|成效|成绩|成果|亮点|工作情况|主要工作|哪些工作|什么工作|怎么做的|如何做的/;
const SHORTCOMINGS =
  /不足|短板|差距|缺点|没做好|做得不好|不到位的|欠缺|薄弱|存在(的)?(哪些|什么)?问题|哪些问题|什么问题|毛病|不够好|查摆|检视|检讨|不咋地|不咋样|不怎么样|不理想|做得(?:还)?不够|自己承认|承认自己|自查.{0,6}问题|自身(存在)?的?问题|承认.{0,6}(问题|不足)/;
const PLANS =
  /下一步|下一年|往后|以后要|今后要|下一阶段|新的一年|打算|计划|思路|准备|今后|明年|来年|将要|将来|未来|规划|展望|怎么改|如何改|整改|对策|重点打造|要打造|目标是|定了.{0,10}方向|工作方向|努力方向|(?:什么|啥|哪些|有何|怎样的?|工作|些什么)安排(?!了)/;
/** How work turned out: its results, not what was done. */
const OUTCOME =
  /成绩|成效|战绩|成果|效果(?:如何|怎么样|咋样|怎样)|结果(?:如何|怎么样|咋样|怎样)|[干搞做办]得(?:怎么样|咋样|如何|怎样)|完成(?:得怎么样|得咋样|情况)|进展(?:如何|怎么样|咋样)/;
const RESPONSIBILITY = /第一责任人|一把手|主要负责人|主要领导.{0,4}(履职|职责)|履职|尽责/;
const COMPARE =
  /(?<![去到在往])(哪些|哪几个|哪几家|哪几份|哪个|哪家|几个|几家|各个|各(?!级|自|项|类|种|方面)|有谁|谁家)(的)?(报告|信访局|信访办|局|地方|地区|区县|县区|地市|市县)|谁(的)?(信访局|信访办|局|地方|地区|区县)|各地|各区县|各个局|几个报告|几份报告|各报告|各局|有没有(?:哪个|哪些|哪家)?(?:局|信访局|信访办|地方|报告)|有的(?:局|信访局|报告|地方(?!的?(?:领导|干部|官员|工作人员|政府|部门|单位)))|(?:报告|信访局|信访办|局|地方)(?:有|是)(?:哪些|哪几个|哪几家|几个|谁)/;
/** The law named as the one that requires or says something ("条例有没有要求…", "条例里规定…"). */
const LAW_REQUIRES = /(?:条例|法规)(?:里|中|上|里面)?(?:有没有|是否|有无|有|没有|可曾)?(?:要求|规定|提到|讲到|说过?)/;
/** "报告里有讲X的吗？哪几个", "有的报告…是哪几家": the reports, and a which-ones anywhere. */
const REPORTS_WHICH = /报告/;
const WHICH_ONES = /哪几家|哪几个|哪几份|哪些|哪家|谁家|有没有|几个|几家/;
/** Which bureaus, places or reports ("哪些地方", "这几个信访局", "有的局"), and a law studied or used by them. */
const BUREAUS_WHICH = /(?:哪些|哪几个|哪几家|哪个|哪家|几个|几家|有的)(?:信访局|信访办|局|地方|区县|报告)/;
const USING_LAW = /学|用的|在用|写的|引用|提到|依据|贯彻/;
/** "Each" in a question naming several bureaus: one answer per bureau, not a list. */
const EACH = /分别|各自|一一/g;
const SUPERLATIVE_MAX = /最多|最高|最大|最长|最好/;
const SUPERLATIVE_MIN = /最少|最低|最小|最短/;
/** What is compared, before the comparative at the end ("谁办的信访件多" -> 信访件). */
export const COMPARED =
  /([\u4e00-\u9fff]{2,10}?)(?:哪家|哪个|哪边|谁)?(?:更|比较)?(?:多|高|大|(?<!多)少|低|小)(?:一些|一点)?[吗呢啊？?！!。]*$/;
/** Which of the named bureaus has more ("谁办的件多", "哪家化解率更高"), or less. */
const MORE = /(?:谁|哪个|哪家|哪边)[^，。？?！!]{0,10}?(?:更|比较)?(?:多|高|大)(?!少)/;
const LESS = /(?:谁|哪个|哪家|哪边)[^，。？?！!]{0,10}?(?:更|比较)?(?:(?<!多)少|低|小)/;
const TARGET = /目标|计划.{0,6}(多少|几)|任务数|指标|力争/;
const OLD_VS_NEW =
  /新旧|新老|旧.{0,8}新|老(?!百姓|乡|人|家|年|师|板|大|实|是)[^百]{0,8}新|新.{0,8}(旧|老(?!百姓|乡|人|家|年|师|板|大|实|是))|(?:以前|原来|过去|之前|从前).{0,30}(?:新条例|新规定|新的条例|现在)|前后|变了|变化|改了|区别|不同|差别|差异|对比|相比|比较|一样吗|有何不同/;
/** When or by whom a law was made: 什么时候公布的, 谁发布的, 哪天审议通过的, 颁布日期. */
const ISSUED =
  /(?:什么时候|何时|哪天|哪一天|几时|啥时候|哪年|哪一年|几月几[号日])(?:由谁)?(?:公布|颁布|发布|出台|印发|审议|通过|制定|批准|出的|定的|发的)|(?:公布|颁布|发布|出台|印发|通过|批准|制定)(?:的)?(?:日期|时间|机关|单位|部门)|(?:谁|哪个(?:部门|机关|单位))(?:发布|颁布|制定|印发|出台|定|发)的|是谁(?:发布|颁布|制定|印发|出台|定|发)|(?:哪个|哪次|什么)会议?上?(?:通过|审议|批准)|第?几号令|(?:令|文号)是?(?:多少|第几)/;
/** How long a law is: 条例一共多少条, 条例有几章 (the law's own count: not 职责有哪几条, 几条禁止行为). */
const LENGTH =
  /条例》?(?:里面|里)?(?:一共|总共|共|总计)?(?:有|分)?(?:多少|几)(?:条|章)(?:内容|条文)?[吗呢啊？?。！!]*$/;
const STATUS =
  /(是否|还|仍|仍然|目前|现在)?(有效|失效|废止|现行|取代|适用吗|在用|还管用)|(什么时候|何时|哪天|几时|哪一天|啥时候|几号|几月几[号日]|哪年|哪一年)(开始|起)?(施行|生效|实施|执行)|施行(日期|时间)|生效(日期|时间)|从(啥|什么)时候开始/;

/** A word asking how two things differ, with nothing of its own ("最大的区别", "不同", "变化"). */
export function isComparisonWord(word: string): boolean {
  return /^(?:最大的?|主要的?|最主要的?|核心的?|有啥|啥|哪些)?(?:区别|不同|差别|差异|变化|变动|改动|调整|对比|比较|不?一样|最大|主要)$/.test(
    word,
  );
}

/**
 * Whether a word of the question is one of its cues (准备, 做了什么, 不足, 怎么处理, 多久) rather
 * than its subject: such a word says what kind of answer is wanted, so it weighs little in matching.
 */
export function isCueWord(word: string, intent: Intent): boolean {
  if (PLANS.test(word) || SHORTCOMINGS.test(word) || MEASURES.test(word) || OVERVIEW.test(word)) return true;
  if (CONSEQUENCE.test(word) || RESPONSIBILITY.test(word) || DURATION.test(word) || FREQUENCY.test(word)) return true;
  if (intent.superlative && /最多|最少|最高|最低|最大|最小/.test(word)) return true;
  if (word === intent.kindAsked) return true;
  if (intent.inventory && /报告|文档|年报|文件|信访局|信访办|那边|你们|这里|一共|总共|收录|存/.test(word)) return true;
  if (intent.role === "shortcomings" && /^存在/.test(word)) return true; // 存在哪些不足
  if (intent.aboutRules && STORY.test(word)) return true;
  return (
    intent.compare &&
    /报告|年报|信访局|信访办|信访部门|部门|单位|地方|各地|区县|分别|^各|对比|对照|比较|相比/.test(word)
  );
}

/**
 * The asker's own people, places and times in a question about the rules ("我们村支书的亲戚",
 * "小区十几户", "去年把材料交上去"): the situation told, not what the rules are asked about.
 */
const STORY =
  /^(?:村支书|支书|村书记|村主任|村长|镇长|乡长|镇里|乡里|村里|小区|物业|邻居|家人|家里|老婆|丈夫|老公|媳妇|儿子|女儿|父母|父亲|母亲|老人|孩子|同事|老板|对方|厂里|工地|去年|前年|上个月|上月|前几天|昨天|前天|上周|当时|那时|县里|区里|镇上|村上|这事|我这事|这件事|工友|工人|村民|街坊|[十一二三四五六七八九两百]*(?:几[十百]?|[十百]多)个?(?:户|人|家)?|[十一二三四五六七八九两百]+个?(?:户|人|家)|[十一二三四五六七八九两百]{2,}个|\d+多?个?(?:户|人|家))$/;

/**
 * "哪几天" asks for dates, not for a count of days; "几个报告里…" counts nothing; nor does the 几 of
 * "several" in the asker's own situation ("我们几十户", "十几个人", "好几次").
 */
const NOT_COUNTING =
  /哪几天|哪一天|哪天|几号|几月几日|几[个家](?:报告|局|信访局|信访办|地方|单位|地区|区县)|(?<=[好十拖])几|几(?=[十百千万乎])/g;

/** What a figure question counts: the words after 多少 / 几 and their unit ("多少件信访事项" -> 信访事项). */
export function countedNoun(question: string): string | undefined {
  const normalized = question.replace(NOT_COUNTING, "");
  const m = new RegExp(`(?:多少|几)\\s*(?:${UNITS}|个)?\\s*([\\u4e00-\\u9fff]{2,8})`).exec(normalized);
  // "哪个局信访件数最多": what is counted stands before 数 / 最多.
  return m?.[1] ?? /([\u4e00-\u9fff]{2,6}?)(?:数)?(?:最多|最少|最高|最低)/.exec(normalized)?.[1];
}

/** COUNTED's patterns, global: every place they match. */
const COUNTED_ALL = COUNTED.map(([pattern, unit]) => [new RegExp(pattern.source, "g"), unit] as const);

/**
 * The unit a counted noun is counted in, by its head: the last of the counted words that follow
 * one another from its first ("督导组" is a group, 个, though 督导 is an activity, 次; in
 * "律师参与接访" the lawyers are counted, 人, not the 接访 after the verb).
 */
function unitOfNoun(noun: string): string | undefined {
  const found = COUNTED_ALL.flatMap(([pattern, unit]) =>
    [...noun.matchAll(pattern)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      unit,
    })),
  ).sort((x, y) => x.start - y.start || y.end - x.end);
  let head = found[0];
  for (const next of found) if (head && next.start <= head.end && next.end > head.end) head = next;
  return head?.unit;
}

/** The unit of the figure asked, if the question says it. */
export function askedUnit(normalized: string): string | undefined {
  const text = normalized.replace(NOT_COUNTING, "");
  const noun = /(?:多少|几)\s*(?:个)?\s*([\u4e00-\u9fff]{1,6})/.exec(text)?.[1];
  const counted = noun ? unitOfNoun(noun) : undefined;
  const direct = new RegExp(`(?:多少|几)\\s*(?:个)?\\s*(工作日|人次|${UNITS})`).exec(text);
  // "几个代表" counts people, "几个评理室" rooms: the noun after 个 decides.
  if (direct && !(direct[1] === "个" && counted)) {
    const u = direct[1]!;
    // 个 counts anything: a count named by its unit elsewhere ("代表人数超过几个") says what, or
    // what was named before it ("请的法律顾问，各请了几个").
    if (u === "个") return /(件|次|人|份)数/.exec(text)?.[1] ?? unitOfNoun(text.slice(0, direct.index)) ?? u;
    if (u === "工作日") return "日";
    if (u === "人次") return "人";
    return UNIT_ALIASES[u] ?? u;
  }
  // "信访事项最多能拖多久": a length of time, whatever comes before 最多.
  if (DURATION.test(text) && !FREQUENCY.test(text)) return "日";
  if (counted) return counted;
  // "件数最多", "人数最多": the count named by its unit; "哪个局信访事项最多": by what is counted.
  const named = /(件|次|人|个|份)数/.exec(text)?.[1];
  if (named) return named;
  const most =
    /([\u4e00-\u9fff]{2,8})(?:最多|最少|最高|最低)/.exec(text)?.[1] ??
    COMPARED.exec(text)?.[1]?.replace(/^.*[谁的]/, "");
  if (most && /(?:率|比例|百分比|占比)$/.test(most)) return "%"; // 积案化解率: a rate, not 件
  if (most) return unitOfNoun(most);
  if (/率|百分之|百分比|占比/.test(text) && FIGURE.test(text)) return "%";
  if (DURATION.test(text)) return "日";
  return undefined;
}

/** Words that ask: the clauses from the first holding one are the question; the clauses before tell a story. */
const ASKING =
  /吗|呢|么|多久|多长|多少|(?<![十好])几(?![十百千])|怎么|咋|啥|什么|哪|谁|能不能|可不可以|是否|是不是|有没有|算不算|行不行|要不要|管不管|[？?]/;
/** A question that opens with the asker ("我住沙坪坝，…", "我们村…"): what it tells first is a story. */
export const FIRST_PERSON = /^(?:我|俺|咱)/;

/** The clauses a question asks in, when clauses telling a story come before them; else undefined. */
export function askingClause(normalized: string): string | undefined {
  const clauses = normalized.split(/[，,。！!？?；;]/).filter((c) => c.trim() !== "");
  const at = clauses.findIndex((c) => ASKING.test(c));
  return at > 0 ? clauses.slice(at).join("，") : undefined;
}

/** Reads a question's intent from its normalised text. */
export function readIntent(normalized: string, options: { namesRegulation: boolean; bureausNamed: number }): Intent {
  const t = normalized;
  const asksStatus = /条例/.test(t) && STATUS.test(t);
  const frequency = FREQUENCY.test(t);
  const duration = !frequency && DURATION.test(t) && !/多长时间内?(?:就|才)?(?:能|可以)?(?:到|来)/.test(t);
  const date = !duration && DATE.test(t) && !asksStatus;
  const person = PERSON_BY_ROLE.test(t) || (PERSON.test(t) && /叫什么名字|姓名/.test(t));
  const figure =
    (duration || (FIGURE.test(t) && !/多少钱/.test(t))) && !RANK.test(t) && !(NAME.test(t) && !/多少/.test(t));
  // Several reports compared: never for a single bureau; a question naming a law only when it asks
  // about the reports ("哪些报告里还写的是老《信访条例》").
  // "按规定，年度报告应该包括哪些内容": what the rules ask a report to hold, not which reports.
  const contentsRequired =
    /哪些(?:内容|方面|事项|要求|信息|东西)|(?:写|包括|包含|列)(?:啥|什么|哪些)/.test(t) &&
    /按规定|规定|应当|应该|必须|要求|得写|要写/.test(t);
  // "信访工作条例有没有要求信访局每年交报告": what the law requires, though reports are named.
  const lawRequires = options.namesRegulation && LAW_REQUIRES.test(t);
  // "还在学旧版信访条例的是哪些地方", "这几个信访局学的条例一样吗": the bureaus that use a law.
  const bureausOfLaw = options.namesRegulation && BUREAUS_WHICH.test(t) && USING_LAW.test(t);
  const aboutReports =
    ((REPORTS_WHICH.test(t) && WHICH_ONES.test(t)) || bureausOfLaw) &&
    !/报告本(?:级|地)|报告制度/.test(t) &&
    !contentsRequired &&
    !lawRequires;
  // Two or more bureaus named ("阎良和平城各有啥打算", "西安和沙坪坝化解率分别多少"): the reports
  // named are compared, one answer each.
  const namedTogether = options.bureausNamed >= 2;
  const compare =
    namedTogether || (options.bureausNamed !== 1 && ((COMPARE.test(t) && !options.namesRegulation) || aboutReports));
  const overview = OVERVIEW.test(t);
  // "分别多少" of named bureaus asks a figure of each, not a list.
  const list = LIST.test(namedTogether ? t.replace(EACH, "") : t) && !/哪几天/.test(t);

  // "我们…打算一起去反映，…最多能去几个人": the asker's plan, told before the question, is not the report's.
  const asked = (FIRST_PERSON.test(t) && askingClause(t)) || t;
  let role: SectionRole | undefined;
  if (PLANS.test(asked)) role = "plans";
  else if (SHORTCOMINGS.test(asked)) role = "shortcomings";
  else if (RESPONSIBILITY.test(asked) && /履职|职责|做了|情况|怎么|干了|干啥|干什么|做啥|做什么|做的/.test(asked))
    role = "responsibility";
  else if (MEASURES.test(asked)) role = "measures";

  // "最多" across reports; "谁多" / "谁的更高" between the reports named.
  const most = compare && (SUPERLATIVE_MAX.test(t) || (namedTogether && MORE.test(t)));
  const least = compare && !most && (SUPERLATIVE_MIN.test(t) || (namedTogether && LESS.test(t)));
  const superlative = most || least;
  let shape: AnswerShape = "text";
  if (frequency) shape = "frequency";
  else if (superlative)
    shape = "figure"; // 哪个最多: a figure from each report, compared
  else if (figure && !list) shape = "figure";
  else if (date) shape = "date";
  else if (person) shape = "person";
  else if (overview) shape = "overview";
  else if (list || (role !== undefined && role !== "responsibility" && /哪|什么|啥|怎么|如何|咋/.test(t)))
    shape = "list";

  const unit = shape === "figure" ? askedUnit(t) : undefined;
  // "涉法涉诉的信访件新条例怎么处理": how a kind of matter is handled, not what befalls someone.
  const consequence = CONSEQUENCE.test(t) && !(HANDLING.test(t) && MATTER.test(t));
  const aboutRules =
    options.bureausNamed === 0 &&
    !compare &&
    role === undefined &&
    (consequence || duration || frequency || PERMISSION.test(t) || LIMIT.test(t) || RULE_WORDS.test(t));
  return {
    shape,
    ...(unit ? { unit } : {}),
    duration: shape === "figure" && duration,
    ...(role ? { role } : {}),
    compare,
    ...(most ? { superlative: "max" as const } : {}),
    ...(least ? { superlative: "min" as const } : {}),
    wantsTarget: TARGET.test(t),
    ...(KIND_ASKED.test(t) ? { kindAsked: KIND_ASKED.exec(t)![1]! } : {}),
    ...(INVENTORY.test(t) ? { inventory: true } : {}),
    ...(/条例/.test(t) && ISSUED.test(t) ? { asksIssued: true } : {}),
    ...(/条例/.test(t) && LENGTH.test(t) ? { asksLength: true } : {}),
    outcome: OUTCOME.test(asked),
    oldVsNew: /条例|法规|规定/.test(t) && OLD_VS_NEW.test(t),
    asksStatus,
    plural: PLURAL.test(t) && !/哪几天/.test(t),
    consequence,
    aboutRules,
  };
}
