/**
 * Follow-up questions: the one place that decides whether a message continues the chat's previous
 * question, and what it inherits. Pure functions over parsed queries (nothing is parsed again).
 *
 * - "那2022年呢？", "沙坪坝呢？" (a bare year or bureau, no subject of its own): the previous
 *   question's subject and kind of answer, with this message's year or bureau and the other half
 *   of the previous scope.
 * - "那律师参与接访多少次？", "他们的计划呢？" (an opener or a pronoun, no scope of its own): this
 *   message's subject within the previous bureau and year.
 * - "2022年准备怎么干" after "西安有啥打算" (a year and a subject, no bureau): this message, of the
 *   previous question's one bureau.
 * - "聘了几个" after "惠安县2023年聘请了法律顾问吗" (a kind of answer, no subject the previous
 *   question did not have): the previous subject, asked that way.
 * - "旧条例呢？", "新旧条例比呢？", "旧的呢？" (a bare law) after a question about the law: the same
 *   question, of the law it names (or of both, compared).
 * - A message with its own bureau, about the law, or across reports starts afresh; so does one
 *   without words (the guard refuses it before it gets here).
 */
import { toChineseNumeral } from "../text/numerals.ts";
import type { Catalog } from "./catalog.ts";
import { aboutOne, QUESTION_WORDS, RELATIVE_YEARS, type ParsedQuery } from "./query.ts";

/** What a previous question was about. */
export interface QueryScope {
  bureaus: string[];
  years: number[];
  regulation?: string;
}

/** How a message relates to the chat's previous question. */
export type FollowUp =
  /** Read on its own. */
  | { kind: "fresh" }
  /** Completed from the previous question: `query` is what to answer; `note` tells the user. */
  | { kind: "scope" | "topic"; query: ParsedQuery; note: string }
  /** Within the previous scope first; on its own if the documents do not answer it there. */
  | { kind: "maybe"; query: ParsedQuery; note: string };

/** Words that open a follow-up ("那律师参与接访多少次？", "还有呢"). */
const OPENER = /^(那么?|那它|还有|另外|此外|同时|再问|再请问|接着|然后|并且|而且|那这)/;
/** Pronouns standing for the previous bureau ("他们", "该局", "这个局"). */
const PRONOUN = /他们|她们|该局|该办|本局|这个局|这家|这个单位|人家|其(?!他|中|余|实)/;
/** A message that is only its scope and a particle ("沙坪坝呢？", "那2022年的呢"). */
const BARE = /呢[？?！!。.]*$|^[^，,]{0,12}的?[？?]$/;

/** The scope a question sets, if it names any. */
export function scopeOf(query: ParsedQuery): QueryScope | undefined {
  if (query.bureaus.length === 0 && query.years.length === 0 && !query.regulation) return undefined;
  return { bureaus: query.bureaus, years: query.years, ...(query.regulation ? { regulation: query.regulation } : {}) };
}

/** "惠安县人民政府信访局 · 2023年" for telling the user which context was assumed. */
export function describeScope(scope: QueryScope): string {
  return scopeWords(scope).join(" · ");
}

function scopeWords(scope: QueryScope): string[] {
  return [
    ...scope.bureaus,
    ...scope.years.map((y) => `${y}年`),
    ...(scope.regulation ? [`《${scope.regulation}》`] : []),
  ];
}

/** A question's subject: its concepts that are not cue words. */
function subjectOf(query: ParsedQuery): ParsedQuery["concepts"] {
  return query.concepts.filter((c) => !c.cue && !RELATIVE_YEARS.some(([words]) => words.test(c.said)));
}

/** Whether a question has a subject of its own (a concept that is not a cue word). */
function hasSubject(query: ParsedQuery): boolean {
  return subjectOf(query).length > 0;
}

/**
 * "聘了几个", "聘请了几个" after "惠安县2023年聘请了法律顾问吗": another kind of answer (a figure, a
 * person…) and no subject the previous question did not have (a one-character verb is no word of
 * the index): the previous subject, asked that way. Not a part of a report (不足, 打算): that is a
 * subject of its own.
 */
function asksAgainOf(message: ParsedQuery, previous: ParsedQuery): boolean {
  const { intent } = message;
  if (intent.role !== undefined || intent.plural || intent.shape === "text" || intent.shape === "overview")
    return false;
  const said = new Set(previous.concepts.map((c) => c.said));
  const own = subjectOf(message).filter((c) => !said.has(c.said));
  // "化解了多少" after "排查突出矛盾纠纷多少件": a verb alone is done to the previous subject.
  const verbOnly = own.length === 1 && !own[0]!.noun && message.topicText.length <= SHORT_ASK;
  return own.length === 0 || (verbOnly && intent.shape !== "date");
}

/** Most characters of a message that asks a figure of the previous subject with a verb of its own. */
const SHORT_ASK = 8;

/** Whether a message is only a scope: no subject, no kind of answer of its own ("沙坪坝呢？"). */
function isBare(message: ParsedQuery): boolean {
  const { intent } = message;
  return !hasSubject(message) && intent.role === undefined && intent.shape === "text" && !intent.plural;
}

/** A message's years, with 明年 / 去年 / 今年 read against the previous question's. */
function yearsOf(message: ParsedQuery, previous: ParsedQuery, answered: number[] = []): number[] {
  const base = previous.years.length > 0 ? previous.years : answered;
  if (message.years.length > 0 || base.length === 0) return message.years;
  const shift = RELATIVE_YEARS.find(([words]) => words.test(message.normalized))?.[1];
  return shift === undefined ? [] : base.map((y) => y + shift);
}

/** Whether a question stands on its own whatever came before: about the law, or across reports. */
function standsAlone(query: ParsedQuery): boolean {
  const { intent } = query;
  return (
    query.aboutLaw ||
    query.article !== undefined ||
    query.unknownBureau !== undefined ||
    intent.compare ||
    intent.oldVsNew ||
    intent.asksStatus ||
    intent.inventory === true ||
    intent.aboutRules
  );
}

/** `query` with a scope and a text: scope words first, then the subject. */
function withScope(query: ParsedQuery, scope: QueryScope, topicText: string): ParsedQuery {
  // Several bureaus inherited ("他们的不足呢" after "阎良和平城…有什么不同"): each answered, as when named.
  const each = scope.bureaus.length >= 2 && !query.intent.compare ? { intent: { ...query.intent, compare: true } } : {};
  return {
    ...query,
    ...each,
    bureaus: scope.bureaus,
    years: scope.years,
    ...(scope.regulation ? { regulation: scope.regulation } : {}),
    text: `${scopeWords(scope).join(" ")} ${topicText}`.trim(),
  };
}

/** What a chat remembers: its last question, and its last one about a bureau or year. */
export interface ChatContext {
  last: ParsedQuery;
  /** Kept through questions about the law in between ("信访事项多久要办结？"). */
  scoped?: ParsedQuery;
  /**
   * The year of the report the last answer came from when its question named none ("惠安建了多少个
   * 评理室": 2023): what 去年 / 明年 count from.
   */
  answeredYears?: number[];
}

/** The context after answering `query` (as answered). */
export function nextContext(context: ChatContext | undefined, query: ParsedQuery): ChatContext {
  const scoped = query.bureaus.length > 0 || query.years.length > 0 ? query : context?.scoped;
  return { last: query, ...(scoped ? { scoped } : {}) };
}

/**
 * Whether another law can be asked the same question: one about the law (naming it, or asking its
 * rules, or an article by its number: "第二条讲啥" then "旧条例呢" asks the old law's 第二条).
 */
function askableOfAnotherLaw(query: ParsedQuery): boolean {
  return query.bureaus.length === 0 && (query.article !== undefined || query.aboutLaw || query.intent.aboutRules);
}

/**
 * "旧条例呢？" after "信访事项多久要办结？": the previous question, of the law the message names
 * (both laws named: the two compared).
 */
function otherLaw(message: ParsedQuery, previous: ParsedQuery, catalog: Catalog): FollowUp {
  const both = message.intent.oldVsNew;
  if (previous.article !== undefined) return articleOfOtherLaw(message, previous, catalog);
  // The version of the law the previous question named, which the corpus lacks, is not asked now.
  const { unknownLawYear: _, ...asked } = previous;
  const query: ParsedQuery = {
    ...asked,
    original: message.original,
    lawsNamed: message.lawsNamed,
    aboutLaw: true,
    intent: { ...previous.intent, oldVsNew: both },
    text: `${both ? "新旧条例对比" : message.lawsNamed.map((l) => `《${l}》`).join("")} ${previous.topicText}`.trim(),
  };
  if (both || !message.regulation) delete query.regulation;
  else query.regulation = message.regulation;
  return { kind: "topic", query, note: `（按上文理解为：${query.text}）` };
}

/**
 * "旧条例呢？" after "第十七条讲啥": the article of the other law that answers to it (the same
 * number is another matter there: old 第二条 lists the forms new 第十七条 does), beside it. The law
 * already asked about ("新条例呢？" after a new-law article): that article again.
 */
function articleOfOtherLaw(message: ParsedQuery, previous: ParsedQuery, catalog: Catalog): FollowUp {
  const inForce = catalog.regulations.find((r) => r.status === "in_force")?.title;
  const source = previous.regulation ?? inForce ?? message.lawsNamed[0]!;
  const target = message.intent.oldVsNew ? message.lawsNamed.find((l) => l !== source) : message.regulation;
  const article = `《${source}》第${toChineseNumeral(previous.article!)}条`;
  const { counterpartIn: _, ...asked } = previous;
  const query: ParsedQuery = {
    ...asked,
    original: message.original,
    regulation: source,
    lawsNamed: [...new Set([source, ...(target ? [target] : [])])],
    aboutLaw: true,
    ...(target && target !== source ? { counterpartIn: target } : {}),
    text: target && target !== source ? `《${target}》中与${article}相应的条文` : article,
  };
  return { kind: "topic", query, note: `（按上文理解为：${query.text}）` };
}

/**
 * "旧的呢？", "那05年的呢", "那现在的呢" after a question about the law: the old law, or the one in
 * force (by the year of its version too).
 */
const OLD_ONE =
  /^(?:那么?)?(?:旧|老|以前|原来|过去|之前|(?:20|二〇|二零)?(?:05|〇五|零五)\s*年?(?:版|那版)?)的?(?:呢|那个呢|规定呢|咋说|怎么说)?[？?。!！]*$/;
const NEW_ONE =
  /^(?:那么?)?(?:(?:新|现行|现在|目前)的|(?:20|二〇|二零)?(?:22|二二)\s*年?(?:版|那版)?的?)(?:呢|那个呢|规定呢|咋说|怎么说)?[？?。!！]*$/;

/** "新旧对比一下", "跟旧的比呢" after a question about the law: both laws, compared. */
const BOTH_ONES =
  /^(?:那么?)?(?:(?:新旧|新老|旧新)(?:条例)?(?:对比|比较|比|有?啥区别|有?什么区别|有?啥不同|有?什么不同|区别|差别|不同)?|(?:跟|和|与)(?:新的|旧的|老的|现在的|以前的)(?:比|对比|比较)(?:有?啥不同|有?什么不同|有?啥区别|有?什么区别)?)(?:一下|下|呢)?[？?。!！]*$/;

/** The law a bare message names: by its name, or as 旧的 / 新的 / 新旧 after a question about the law. */
function lawOf(message: ParsedQuery, catalog: Catalog): ParsedQuery {
  if (message.lawsNamed.length > 0) return message;
  const text = message.normalized.trim();
  const titles = catalog.regulations.map((r) => r.title);
  if (BOTH_ONES.test(text) && titles.length === 2)
    return { ...message, lawsNamed: titles, intent: { ...message.intent, oldVsNew: true } };
  const title = OLD_ONE.test(text) ? "信访条例" : NEW_ONE.test(text) ? "信访工作条例" : undefined;
  if (!title || !catalog.regulations.some((r) => r.title === title)) return message;
  return { ...message, regulation: title, lawsNamed: [title] };
}

/** A topic without the words that end it as a question ("聘请了法律顾问吗", "拉横幅算不算"). */
function withoutAsking(topicText: string): string {
  return topicText.replace(/(?:算不算|算|能不能|可不可以|行不行)?[吗嘛么呢？?。!！]*$/, "");
}

/**
 * A message going on from a comparison of the laws: marked as a follow-up (那…, …呢), with a matter
 * of its own and no law, bureau, year or article named.
 */
function continuesComparison(message: ParsedQuery): boolean {
  const text = message.original.trim();
  return (
    (OPENER.test(text) || BARE.test(text)) &&
    hasSubject(message) &&
    message.lawsNamed.length === 0 &&
    message.bureaus.length === 0 &&
    message.years.length === 0 &&
    message.article === undefined
  );
}

/** Longest message read as a further question about the last matter of the law. */
const HOW_CHARS = 10;

/**
 * A short question with no matter of its own: no scope, law or article named, and no word naming a
 * thing except a cue ("期限是多少天", "多久内要提出", "要找谁", "去哪里办").
 */
function asksOnlyHow(message: ParsedQuery): boolean {
  return (
    message.normalized.replace(/[\s，,。？?！!]/g, "").length <= HOW_CHARS &&
    message.bureaus.length === 0 &&
    message.years.length === 0 &&
    message.article === undefined &&
    message.lawsNamed.length === 0 &&
    message.unknownBureau === undefined &&
    // A cue, or a short verb ("提出", "去哪里"): no thing, and no phrase of several words.
    message.concepts.every((c) => c.cue || (!c.noun && !c.parts && c.said.length <= 3))
  );
}

/** `message` asked of the matter of the law question before it: its words added, its kind of answer. */
function ofLawMatter(message: ParsedQuery, previous: ParsedQuery): FollowUp {
  const { unit: _, ...kept } = previous.intent;
  const { shape, duration, plural, unit } = message.intent;
  const added = message.concepts.filter((c) => !previous.concepts.some((p) => p.said === c.said));
  const query: ParsedQuery = {
    ...withWordsOf(previous, [...previous.concepts, ...added], previous.phrases, message),
    original: message.original,
    intent: { ...kept, shape, duration, plural, consequence: false, ...(unit ? { unit } : {}) },
    text: `${withoutAsking(previous.topicText)} ${message.topicText}`,
  };
  return { kind: "topic", query, note: `（按上文理解为：${query.text}）` };
}

/** `query` about `concepts` (its phrases `phrases`), with `message`'s phrases and terms added. */
function withWordsOf(
  query: ParsedQuery,
  concepts: ParsedQuery["concepts"],
  phrases: string[],
  message: ParsedQuery,
): ParsedQuery {
  return {
    ...query,
    concepts,
    phrases: [...phrases, ...message.phrases],
    terms: [...new Set([...query.terms, ...message.terms])],
  };
}

/** What befalls someone, asked with no matter of its own ("会被怎么处理", "那会有啥后果", "会怎么样"). */
const BARE_CONSEQUENCE =
  /^(?:那么?)?(?:他|她|我|他们|对方|这样|这样做|这么做|这么干|这种情况|(?:干|做|违反|犯)了(?:这些|这个|这种|这)?(?:事|规定|行为)?)?(?:的话)?[，,]?(?:会|要|将)?被?(?:(?:怎么|如何|咋|怎样)(?:处理|处罚|处分|追责)|怎么样|怎样|咋样|(?:有|受到|承担)?(?:啥|什么)(?:后果|处罚|处分|处理|责任)|(?:抓|拘留|罚款|判刑|关起来)(?:吗|不))(?:呢|吗|啊)?[？?。!！]*$/;

/** Whether a law is in force, asked of one pointed at ("这条现在还管用吗": no 条例 said). */
const IN_FORCE = /有效|失效|废止|现行|管用|在用|作废|过时/;

/** The law just talked about, pointed at ("这个条例", "这部法规", "它"). */
const THIS_LAW = /(?:这个|这部|这|那个|那部|该|此)(?:条例|法规|规定)|这一?条|该条|它/;

/**
 * A message correcting how the last question was read ("不是2021年，是2022年", "不是惠安，是平城",
 * "不对，我说的是阎良", "我问的是旧条例"): what it should have been, to be read as a follow-up. A
 * question that only starts so ("不是说60天办结吗") is no correction.
 */
export function correctedPart(text: string): string | undefined {
  const t = text.trim().replace(/[。！!？?]+$/, "");
  const swap =
    /^(?:(?:不对|错了|搞错了|弄错了|说错了)[，,。！!\s]*)?不是([^，,。？?吗]{1,12}?)[，,、\s]*(?:而)?是([^，,。？?]{2,16})$/.exec(
      t,
    );
  // A part holding a question word is asked, not corrected.
  if (swap && !swap.slice(1).some((part) => QUESTION_WORDS.test(part!))) return swap[2];
  const fix =
    /^(?:(?:不对|错了|搞错了|弄错了|你理解错了|理解错了|说错了)[，,。！!\s]*)?(?:我(?:说|问|指)的是|我要问的是|应该是|我是说)([^，,。？?]{2,16})$/.exec(
      t,
    ) ?? /^(?:不对|错了|搞错了|弄错了)[，,。！!\s]+(?:是)?([^，,。？?]{2,16})$/.exec(t);
  return fix?.[1];
}

/** Decides how a message continues its chat's conversation. */
export function resolveFollowUp(message: ParsedQuery, context: ChatContext | undefined, catalog: Catalog): FollowUp {
  // "会被怎么处理" after "去信访局门口拉横幅算不算": what befalls whoever does what was just asked about.
  if (context && askableOfAnotherLaw(context.last) && BARE_CONSEQUENCE.test(message.normalized.trim())) {
    const previous = context.last;
    const query: ParsedQuery = {
      ...previous,
      original: message.original,
      intent: { ...previous.intent, consequence: true, shape: "text", plural: false },
      concepts: [
        ...previous.concepts,
        ...message.concepts.filter((c) => !previous.concepts.some((p) => p.said === c.said)),
      ],
      text: `${withoutAsking(previous.topicText)} ${message.topicText}`,
    };
    return { kind: "topic", query, note: `（按上文理解为：${query.text}）` };
  }
  // "这个条例现在还有效吗" after a question of the old law: whether that law is in force.
  const pointedAt = context?.last.regulation;
  const asksStatus = message.intent.asksStatus || IN_FORCE.test(message.normalized);
  if (pointedAt && asksStatus && message.lawsNamed.length === 0 && THIS_LAW.test(message.normalized)) {
    const query = {
      ...message,
      regulation: pointedAt,
      lawsNamed: [pointedAt],
      intent: { ...message.intent, asksStatus: true },
      text: `《${pointedAt}》 ${message.text}`,
    };
    return { kind: "topic", query, note: `（按上文理解为：《${pointedAt}》）` };
  }
  if (context && message.bureaus.length === 0 && askableOfAnotherLaw(context.last)) {
    // A message that is only 旧的呢 / 05年的呢 is bare, whatever its year reads as ("05").
    const named = lawOf(message, catalog);
    if (named.lawsNamed.length > 0 && (named !== message || isBare(message)))
      return otherLaw(named, context.last, catalog);
  }
  // "那复查期限呢" after "新旧条例的办理期限有什么不同": another matter, the two laws still compared.
  if (context?.last.intent.oldVsNew && continuesComparison(message)) {
    const { regulation: _, ...asked } = message; // both laws
    const query: ParsedQuery = {
      ...asked,
      lawsNamed: context.last.lawsNamed,
      aboutLaw: true,
      intent: { ...message.intent, oldVsNew: true },
      text: `新旧条例对比 ${withoutAsking(message.topicText)}`,
    };
    return { kind: "topic", query, note: `（按上文理解为：${query.text}）` };
  }
  // "期限是多少天" / "要找谁" after "我对处理结果不服怎么办": asked of the matter the law was just asked about.
  if (context && askableOfAnotherLaw(context.last) && asksOnlyHow(message)) return ofLawMatter(message, context.last);
  if (!context || standsAlone(message)) return { kind: "fresh" };
  // A bare "沙坪坝呢？" continues the last question; a subject of its own, the last report question.
  const previous = isBare(message) || scopeOf(context.last) ? context.last : (context.scoped ?? context.last);
  const text = message.original.trim();
  const ownYears = yearsOf(message, previous, previous === context.last ? context.answeredYears : undefined);
  if (ownYears !== message.years) message = { ...message, years: ownYears };
  const ownScope = scopeOf(message);

  const marked = OPENER.test(text) || PRONOUN.test(text);
  const previousScope = scopeOf(previous);
  const bare = isBare(message) && (ownScope !== undefined || BARE.test(text) || OPENER.test(text));
  if (!bare && (!previousScope || previous.aboutLaw || message.regulation)) return { kind: "fresh" };
  // A message with a scope of its own and nothing marking it as a follow-up is a new question;
  // but a year without a bureau ("2022年准备怎么干" after "西安有啥打算") asks the bureau just talked about.
  const yearOfPrevious = message.bureaus.length === 0 && previous.bureaus.length === 1;
  if (!bare && ownScope && !marked && !yearOfPrevious) return { kind: "fresh" };

  // The other half of bureau + year comes from the previous question. An inherited year the new
  // bureau has no report for gives way ("沙坪坝呢？" after a 2022 question).
  const bureaus = message.bureaus.length ? message.bureaus : previous.bureaus;
  let years = message.years.length ? message.years : previous.years;
  let dropped = "";
  if (message.years.length === 0 && message.bureaus.length > 0 && years.length > 0) {
    const have = catalog.bureaus.filter((b) => bureaus.includes(b.bureau)).flatMap((b) => b.years);
    if (!years.some((y) => have.includes(y))) {
      dropped = `；${years.map((y) => `${y}年`).join("、")}没有该局的报告，已按现有年份回答`;
      years = [];
    }
  }
  const scope = { bureaus, years };

  // A bare year or bureau: the previous subject and kind of answer, in the scope it changes.
  if (bare) {
    const withRegulation = previous.regulation ? { ...scope, regulation: previous.regulation } : scope;
    // "那沙区呢" after "惠安和平城哪个办的件多": the same question of that one bureau, no comparison.
    const asked = previous.bureaus.length > 1 && bureaus.length === 1 ? aboutOne(previous, bureaus[0]!) : previous;
    const query = {
      ...withScope(asked, withRegulation, previous.topicText),
      original: message.original,
      guessed: message.guessed,
    };
    return { kind: "topic", query, note: `（按上文理解为：${query.text}${dropped}）` };
  }
  if (asksAgainOf(message, previous) && hasSubject(previous)) {
    // "化解了多少" of what was counted in 件 is counted in 件.
    const asked =
      !message.intent.unit && previous.intent.unit ? { ...message.intent, unit: previous.intent.unit } : message.intent;
    // A verb of its own ("化解了多少" after "办理了多少件信访事项") is done to the things counted, in
    // place of the verb they were counted by: 信访事项 化解了多少.
    const said = new Set(previous.concepts.map((c) => c.said));
    const verb = subjectOf(message).filter((c) => !said.has(c.said));
    const counted = previous.concepts.filter((c) => c.counted);
    const things = counted.length > 0 ? counted : previous.concepts.filter((c) => c.noun);
    const retold = verb.length > 0 && things.length > 0;
    const topicText = retold
      ? `${things.map((c) => c.said).join("")} ${message.topicText}`
      : `${withoutAsking(previous.topicText)} ${message.topicText}`;
    const of = retold
      ? withWordsOf(
          previous,
          [...things, ...verb],
          things.map((c) => c.said),
          message,
        )
      : previous;
    const query = { ...withScope(of, scope, topicText), original: message.original, intent: asked, topicText };
    return { kind: "topic", query, note: `（按上文理解为：${query.text}${dropped}）` };
  }
  // "积案呢" after "化解了多少": the same count, of the thing named instead of the one counted before.
  const thing = subjectOf(message);
  const kept = previous.concepts.filter((c) => !c.counted && !c.noun); // the verb counted by (化解)
  if (
    kept.length > 0 &&
    previous.intent.shape === "figure" &&
    message.intent.shape === "text" &&
    BARE.test(text) &&
    !ownScope &&
    thing.length === 1 &&
    thing[0]!.noun
  ) {
    const topicText = `${thing[0]!.said} ${kept.map((c) => c.said).join("")}${previous.intent.unit ? `多少${previous.intent.unit}` : "多少"}`;
    const query = {
      ...withScope(
        withWordsOf(previous, [...kept, { ...thing[0]!, counted: true }], [thing[0]!.said], message),
        scope,
        topicText,
      ),
      original: message.original,
      topicText,
    };
    return { kind: "topic", query, note: `（按上文理解为：${query.text}${dropped}）` };
  }
  // Its own subject: within the previous bureau and year (the half it does not name itself).
  const query = withScope(message, scope, message.topicText);
  const note = `（按上文理解为：${describeScope(scope)}${dropped}）`;
  return marked || ownScope ? { kind: "scope", query, note } : { kind: "maybe", query, note };
}
