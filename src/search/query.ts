/**
 * Query understanding: what a question is scoped to (bureaus, years, a law, an article), what kind
 * of answer it wants (intent.ts), and what it is about (concepts.ts, with the thesaurus). A
 * question is read once; everything downstream works from the ParsedQuery.
 */
import { parseChineseNumeral, parseNumber } from "../text/numerals.ts";
import { normalizeForMatch } from "../text/script.ts";
import { cjkBigrams, lexicalTerms, segmenter } from "../text/tokenize.ts";
import { findBureaus, type BureauMention } from "./bureau-names.ts";
import type { Catalog } from "./catalog.ts";
import { MASK, maskSpans, questionConcepts, type Concept } from "./concepts.ts";
import { findPlaces, overlaps, type PlaceMention } from "./place-names.ts";
import { askingClause, COMPARED, countedNoun, FIRST_PERSON, isCueWord, readIntent, type Intent } from "./intent.ts";
import { domainThesaurus, type Thesaurus } from "./thesaurus.ts";

/** What a question asks about, as far as the corpus's vocabulary can tell. */
export interface ParsedQuery {
  /** The question as the user typed it. */
  original: string;
  /** The question searched for: the original, or a follow-up completed from its context. */
  text: string;
  /** Simplified, width-folded, lower-case. */
  normalized: string;
  /** The question without its scope words (bureau, year, law): "召开了多少次听证评议会？". */
  topicText: string;
  years: number[];
  /** Full names of the bureaus named. */
  bureaus: string[];
  /** Bureau names read by their sound: what the user wrote and the bureau it was taken for. */
  guessed: { said: string; bureau: string }[];
  /** A bureau-like name ("朝阳区信访局") that is not in the corpus. */
  unknownBureau?: string;
  /** A version of the law named by a year no law of the corpus is of ("95年那版老信访条例"): 1995. */
  unknownLawYear?: number;
  /** Title of a regulation named (信访工作条例, or 信访条例 for 旧条例 / 2005年的条例). */
  regulation?: string;
  /** Every regulation the question names (both for "新旧条例分别…"). */
  lawsNamed: string[];
  /** The question is about the law (names a regulation, or says 条例/法规): reports are not candidates. */
  aboutLaw: boolean;
  article?: number;
  /**
   * Set by a follow-up ("旧条例呢？" after "第二条讲啥"): the law whose article answering to `article`
   * of `regulation` is asked for, beside it.
   */
  counterpartIn?: string;
  /**
   * Both laws named, the question asked of one: "新条例写的是信息网络，老条例规定能用哪些方式" asks
   * the old one (its title), which leads the comparison.
   */
  askedLaw?: string;
  intent: Intent;
  /** What the question is about, with the documents' words for its colloquial ones. */
  concepts: Concept[];
  /** Runs of content words, for exact-phrase matching. */
  phrases: string[];
  /** The lexical terms searched for (words and bigrams of the concepts and phrases). */
  terms: string[];
}

const YEAR_DIGITS = /(?<!\d)((?:19|20)\d{2})(?:\s*年度?|(?!\d))/g;
const YEAR_CHINESE = /([二][〇零○][一二三四五六七八九〇零○]{2})\s*年/g;
/** "22年" for 2022: two digits from 15 to 35 right before 年, not a duration (22年内, 22年以来). */
const YEAR_SHORT = /(?<![\d.])(1[5-9]|2\d|3[0-5])\s*年(?!内|以来|以上|以下|间|多|左右|后|前)/g;
export const ARTICLE = /第\s*([0-9]{1,3}|[一二三四五六七八九十百零〇两]{1,6})\s*条/;
const BUREAU_LIKE = /([\u4e00-\u9fff]{2,10}?(?:省|市|区|县|州|旗))(?:人民政府)?(?:信访局|信访办公室|信访办)/g;
/** Two characters right before 信访局 ("渭南信访局"): worth tagging the question to see if they name a place. */
const BARE_BUREAU = /[\u4e00-\u9fff]{2}(?:信访局|信访办)/;
const BUREAU_WORD = /^(?:信访局|信访办公室|信访办)$/;
/** Words before a place's name in a sentence ("去县信访局", "11月到市信访办", "福建那个县…"). */
const BEFORE_PLACE = /^.*[去到找在的了我你他她向给跟和与月年日号是说过把被让这那个些里]/;

/**
 * A bureau named but not in the corpus ("海淀区信访局"), with its place in the question; none for
 * a level alone ("去县信访局反映", "那个县信访局"): any bureau of that level, not a named one.
 */
function namedBureauLike(
  normalized: string,
): { name: string; start: number; placeEnd: number; end: number; bare: boolean } | undefined {
  for (const m of normalized.matchAll(BUREAU_LIKE)) {
    const place = m[1]!.replace(BEFORE_PLACE, "");
    if (place.length < 3) continue; // 县, 市区: a level, not a name
    const placeEnd = m.index + m[1]!.length;
    const start = placeEnd - place.length;
    const end = m.index + m[0].length;
    return { name: normalized.slice(start, end), start, placeEnd, end, bare: false };
  }
  if (!BARE_BUREAU.test(normalized)) return undefined;
  // "渭南信访局": a name without its level, when the word before the bureau is a place name (ns);
  // not "把他直接放信访局大厅里" (a verb) nor "当地信访局", "国家信访局" (jieba tags neither a place).
  let at = 0;
  let before: { word: string; tag: string; start: number } | undefined;
  for (const { word, tag } of segmenter().tag(normalized, true)) {
    if (before && BUREAU_WORD.test(word) && before.tag === "ns") {
      const placeEnd = before.start + before.word.length;
      const end = placeEnd + word.length;
      return { name: normalized.slice(before.start, end), start: before.start, placeEnd, end, bare: true };
    }
    before = word.length >= 2 ? { word, tag, start: at } : undefined;
    at += word.length;
  }
  return undefined;
}
const OLD_LAW =
  /《?(?:(?:旧|老)?版?\s*[（(]\s*(?:20)?05\s*年?版?\s*[）)]\s*|旧|老|原(?:来|先)?(?:的)?|以前的?|以往的?|过去的?|之前的?|(?<!\d)(?:20)?05\s*年?(?:的|那个|那版|版|颁布的|出台的|施行的|实施的|制定的|修订的)?(?:旧|老)?|国务院(?:令)?(?:第)?431号?(?:的|令)?)(?:的|那个|那部|版)?(?:《?信访条例》?|条例)》?|(?<!(?:新|现行|现在)的?(?:那个|那部|版)?《?)《?信访条例》?(?:\(2005\)|（2005）)?/g;
/**
 * A law named by the year of its version ("95年那版老信访条例", "1995年颁布的信访条例", "14版条例"),
 * which names a version only with a word saying so: "21年《信访工作条例》学了几次" is a report's year.
 */
const LAW_BY_VERSION_YEAR =
  /(?<![\d一二三四五六七八九〇零○])((?:19|20)?\d{2}|[一二三四五六七八九〇零○]{2}(?:[一二三四五六七八九〇零○]{2})?)\s*年?(?:那版|版|那个版本|的版本|颁布|出台|制定|修订|施行|的老|的旧|老|旧)[^，。？?!！]{0,4}?(?:信访(?:工作)?条例|条例)/;
const NEW_LAW =
  /《?(?:新|现行|现在的?|2022\s*年?(?:的|那个|那版|版|颁布的|出台的|施行的|实施的|制定的|修订的)?新?)(?:的|那个|那部|版)?(?:《?信访工作条例》?|《?信访条例》?|条例)》?|《?信访工作条例》?/g;
/**
 * 得 meaning "must" before a verb it would form another word with ("多少天之内得分流转出去": not 得分),
 * kept apart from it.
 */
const MODAL_DE = /(?<=[内久后前还就都也])得(?=[分出到知])/g;
/** Words mistyped by their sound that a question's kind turns on: 计化 for 计划. */
const TYPOS: [RegExp, string][] = [[/计化|记划/g, "计划"]];
/** A city's own bureau after the city's name (重庆市|信访办). */
const CITY_BUREAU = /^(?:人民政府)?(?:信访局|信访办公室|信访办|信访部门|局)/;
/** 信访 as a pinyin keyboard mistypes it (xinfang): 信仿, 新访, 心访, 信坊. */
const XINFANG_TYPO = /信仿|新访|心访|信坊|新仿/g;
/** "阎良信访局长": the bureau's 局长, its 局 said once (not 长期, 长效…). */
const BUREAU_HEAD = /信访局长(?![期久远效年达])/g;

/** Words that make a clause a question ("是哪一条", "能不能…", "多少"). */
export const QUESTION_WORDS = /吗|么|啥|什么|哪|几|多少|谁|怎|咋|如何|是不是|能不能|要不要|可不可以|有没有|是否/;

/**
 * The law a question naming both asks about: the only one named in the last clause that asks
 * ("新条例里写的是信息网络，老条例规定能用哪些方式": 信访条例); none when that clause names both or neither.
 */
function lawAsked(normalized: string, oldLaw: RegExpMatchArray[], newLaw: RegExpMatchArray[]): string | undefined {
  // "新旧条例…" names both at once (as one of them): nothing to tell apart.
  if (oldLaw.length === 0 || newLaw.length === 0) return undefined;
  const clauses = [...normalized.matchAll(/[^，,。；;？?！!]+/g)].reverse();
  const within = (m: RegExpMatchArray, c: RegExpMatchArray) =>
    m.index! >= c.index! && m.index! < c.index! + c[0].length;
  for (const clause of clauses) {
    if (!QUESTION_WORDS.test(clause[0]) && !clause[0].includes("呢")) continue;
    const old = oldLaw.some((m) => within(m, clause));
    const fresh = newLaw.some((m) => within(m, clause));
    return old === fresh ? undefined : old ? "信访条例" : "信访工作条例";
  }
  return undefined;
}

/** A question naming several bureaus, asked of one of them: no longer a comparison. */
export function aboutOne(query: ParsedQuery, bureau: string): ParsedQuery {
  const { superlative: _, ...intent } = query.intent;
  return { ...query, bureaus: [bureau], intent: { ...intent, compare: false } };
}

/**
 * The bureaus of the places a question asks about, several as if each were named: not of a place
 * that only says where a bureau named is ("陕西西安", "阎良在陕西排第几"), nor of one told without
 * 信访局 or 那边 in a question about the rules, read as if it were not there ("我在陕西，按规定上访
 * 能去几个人": where the asker is).
 */
function placesAsked(
  normalized: string,
  places: PlaceMention[],
  mentions: BureauMention[],
  namedBureaus: string[],
  namesRegulation: boolean,
): string[] {
  let asked = places.filter(
    (p) => p.bureaus.length > 0 && !p.bureaus.some((b) => mentions.some((m) => m.bureau === b)),
  );
  if (asked.some((p) => !p.marked)) {
    const scoped = asked.filter((p) => p.marked);
    const bureausNamed = new Set([...namedBureaus, ...scoped.flatMap((p) => p.bureaus)]).size;
    if (readIntent(normalized, { namesRegulation, bureausNamed }).aboutRules) asked = scoped;
  }
  return asked.flatMap((p) => p.bureaus);
}

/** Who works the petitions rather than brings them: their duties are not the petitioner's. */
const STAFF = /工作人员|干部|公务员|接访人员|信访局的人|局长|领导/;
/** The article listing what petitioners must not do, as the thesaurus names it. */
const PETITIONER_LIST = "不得有下列行为";
/** How the law lists what staff are held to account for. */
const STAFF_LIST = "工作人员有下列情形之一";

/** A year written with two digits or four: 95 -> 1995, 05 -> 2005. */
const fullYear = (n: number) => (n >= 100 ? n : n >= 50 ? 1900 + n : 2000 + n);

/**
 * The laws called 规定 ("照2005年的老规定", "按新规定"), only with a word naming the version: a bare
 * 规定 is any rule.
 */
const OLD_RULES = /(?:旧|老|(?<!\d)(?:20)?05\s*年?(?:的|那个|那版|版)?(?:旧|老)?)(?:的|那个|那套|版)?规定/g;
const NEW_RULES = /(?:新|现行|(?<!\d)(?:20)?22\s*年?(?:的|那个|那版|版)?新?)(?:的|那个|那套|版)?规定/g;
/** A law named by its year alone, beside the other law named in full. */
const OLD_BY_YEAR = /(?<!\d)(?:20)?05\s*(?:年|版)(?:的|那个|那部|版)*(?![\d月])/g;
const NEW_BY_YEAR = /(?<!\d)(?:20)?22\s*(?:年|版)(?:的|那个|那部|版)*(?![\d月])/g;
const FREQUENCY_WORDS = /多久|多长时间|一次|频率|频次|^[一每](?:周|星期|礼拜|个?月|年|季度)$|^天天$/;
/** "条例允许…吗", "按条例…", "法规里有没有…": what the law says is asked, whichever law (not 条例宣传月). */
const ASKS_THE_LAW =
  /(?:按|依照|根据|依据)(?:照)?(?:有关)?(?:条例|法规)|(?:条例|法规)(?:里|中|上|当中)?(?:有没有|是否|允许|规定|要求|怎么说|咋说|怎么规定|有规定|写了|讲了|说了|里)|(?:条例|法规)(?:对|关于)[^，。？?]{1,12}?(?:有没有|有|是否|怎么|如何|咋)/;

/** Concepts a kind of question brings by itself: the words its answers are written in. */
const INTENT_CONCEPTS: Record<"frequency" | "consequence", Concept> = {
  frequency: {
    said: "多久一次",
    alternatives: ["每年", "每月", "每季度", "每半年", "每周", "定期"],
    expanded: true,
    noun: false,
  },
  consequence: {
    said: "后果",
    alternatives: ["追究", "处分", "处罚", "责令改正", "劝阻", "问责", "严肃处理", "刑事责任", "训诫", "约谈"],
    expanded: true,
    noun: false,
  },
};

/** "不服", "不满意", "还是那样": the asker does not accept a decision. */
const NOT_ACCEPTED = "(?:不服|不满意|不认可|不同意|不接受|还是那样|没变)";
const OBJECTING = new RegExp(NOT_ACCEPTED);
/** A decision (复查 or 复核) made and not accepted: "申请了复查，结果…还是不服", "复核完了还不服". */
const stageDone = (stage: string) =>
  new RegExp(
    `${stage}(?:意见|结果|决定)?[^？?。]{0,6}(?:出来|下来|作出|做出|完|过|了|后)[^？?。]{0,14}${NOT_ACCEPTED}|${stage}(?:意见|结果|决定)[^？?。]{0,3}${NOT_ACCEPTED}|${NOT_ACCEPTED}[^？?。]{0,4}${stage}(?:意见|结果)`,
  );

/**
 * The steps of the procedure a question says are behind the asker, latest first: what comes next
 * is asked, in the words of the article on the next step (对复查意见不服的…复核; 复核…不再受理).
 */
const STAGES: { done: RegExp; next: Concept }[] = [
  {
    done: stageDone("复[核合]"),
    next: { said: "复核意见不服", alternatives: ["复核意见不服", "不再受理"], expanded: true, noun: false },
  },
  {
    done: stageDone("复查"),
    next: { said: "复查意见不服", alternatives: ["复查意见不服"], expanded: true, noun: false },
  },
];

/** A trainer's or asker's preface before a colon: "考考你们：", "培训用：", "请问：". */
const PREFACE =
  /^(?:考考你们?|考考大家|考你们?一下|考一考|培训用|培训时用|出个题|出道题|小测验|测试一下|提个问题|问个问题|请问|问一下)[^：:，,]{0,4}[：:，,]/;

/** Parses a question against the catalog of what the corpus holds. */
export function parseQuery(question: string, catalog: Catalog, thesaurus: Thesaurus = domainThesaurus()): ParsedQuery {
  const normalized = TYPOS.reduce(
    (text, [typo, word]) => text.replace(typo, word),
    normalizeForMatch(question)
      .replace(XINFANG_TYPO, "信访")
      .replace(BUREAU_HEAD, "信访局局长")
      .replace(MODAL_DE, "得 "),
  );
  const spans: { start: number; end: number }[] = [];
  const mark = (m: RegExpExecArray | RegExpMatchArray) => spans.push({ start: m.index!, end: m.index! + m[0].length });
  // "考考你们：…", "培训用：…": what the asker is doing, not what is asked.
  const preface = PREFACE.exec(normalized);
  if (preface) mark(preface);

  // Which law: the old one by its name or by 旧/老/2005; the new one by its name or by 新/现行.
  const has = (title: string) => catalog.regulations.some((r) => r.title === title);
  const oldLaw = [...normalized.matchAll(OLD_LAW), ...normalized.matchAll(OLD_RULES)].filter(
    (m) => !/信访工作条例/.test(m[0]) && !isInsideNewName(normalized, m),
  );
  const newLaw = [...normalized.matchAll(NEW_LAW), ...normalized.matchAll(NEW_RULES)];
  // One law named, the other by its year alone ("新条例比05年那个…", "05版条例…，22版的呢").
  if (oldLaw.length > 0 && newLaw.length === 0) newLaw.push(...normalized.matchAll(NEW_BY_YEAR));
  else if (newLaw.length > 0 && oldLaw.length === 0) oldLaw.push(...normalized.matchAll(OLD_BY_YEAR));
  const years = new Set<number>();
  // A year inside a law's name ("2005年的信访条例") names the law, not a report's year.
  const lawSpans = [...oldLaw, ...newLaw].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const inLaw = (m: RegExpMatchArray) => lawSpans.some((s) => m.index! >= s.start && m.index! < s.end);
  for (const m of normalized.matchAll(YEAR_DIGITS)) {
    if (inLaw(m)) continue;
    years.add(Number(m[1]));
    mark(m);
  }
  for (const m of normalized.matchAll(YEAR_CHINESE)) {
    const y = parseChineseNumeral(m[1]!);
    if (y) years.add(y);
    mark(m);
  }
  if (years.size === 0) {
    for (const m of normalized.matchAll(YEAR_SHORT)) {
      years.add(2000 + Number(m[1]));
      mark(m);
    }
  }

  // Bureaus: every name found; a city bureau is dropped when one of its districts follows its name
  // ("西安市阎良区" means 阎良区信访局, not 西安市信访局; "阎良和西安" names both). Then the places
  // ("陕西那边", "福建的信访局", "泉州") that are no bureau's own name (西安 is 西安市信访局); a name
  // guessed by its sound gives way to a place as written (陕西按规定: not 西安).
  const spelled = findBureaus(normalized, catalog.bureaus);
  // A place's own bureau ("泉州市信访局": the city's, none of ours) is a bureau the corpus lacks.
  const foundPlaces = findPlaces(
    normalized,
    catalog,
    spelled.filter((m) => m.guessedFrom === undefined),
  ).filter((p) => !p.ownBureau);
  // "重庆市信访办", "大同市信访局": the city's own bureau, named by the city one of our district
  // bureaus is also known by (重庆 for 沙坪坝区's): not that district's, and none of ours.
  const cityBureaus = spelled.flatMap((m) => {
    const city = catalog.bureaus.find((b) => b.bureau === m.bureau)?.city;
    const own =
      city && normalized.startsWith(city, m.start) ? CITY_BUREAU.exec(normalized.slice(m.start + city.length)) : null;
    return own ? [{ start: m.start, end: m.start + city!.length + own[0].length, mention: m }] : [];
  });
  const found = spelled.filter(
    (m) =>
      (m.guessedFrom === undefined || !foundPlaces.some((p) => overlaps(p, m))) &&
      !cityBureaus.some((c) => c.mention === m),
  );
  spans.push(...cityBureaus);
  // "重庆渝中区信访办": a known bureau's region, then a district that is none of ours.
  const like = namedBureauLike(normalized);
  const inLike = (m: { start: number; end: number }) =>
    like !== undefined && m.start >= like.start && m.end <= like.placeEnd;
  const within = [...found, ...foundPlaces].filter(inLike);
  const otherPlace =
    like !== undefined &&
    (like.bare ? within.length === 0 : like.placeEnd - Math.max(like.start, ...within.map((m) => m.end)) >= 3);
  const mentions = otherPlace ? found.filter((m) => !inLike(m)) : found;
  // "陕西铜川信访局": the province of a bureau none of ours is part of its name.
  const places = otherPlace ? foundPlaces.filter((p) => !inLike(p) && p.end !== like.start) : foundPlaces;
  spans.push(...mentions);
  const named = catalog.bureaus.filter((b) => mentions.some((m) => m.bureau === b.bureau));
  const placeOf = (city: string, district: string) =>
    mentions.some(
      (m) =>
        m.bureau === city &&
        mentions.some(
          (d) => d.bureau === district && d.start >= m.end && /^[的\s]?$/.test(normalized.slice(m.end, d.start)),
        ),
    );
  // "阎良…在西安排第几": the city its district is in, not the city's own bureau.
  const cityOf = (city: string) =>
    mentions.some((m) => m.bureau === city && /[在于全]$/.test(normalized.slice(0, m.start)));
  const namedBureaus = named
    .filter(
      (b) =>
        !named.some(
          (other) =>
            other !== b &&
            other.city !== undefined &&
            other.city === b.region &&
            (placeOf(b.bureau, other.bureau) || cityOf(b.bureau)),
        ),
    )
    .map((b) => b.bureau);
  const namesLaw = oldLaw.length + newLaw.length > 0;
  spans.push(...foundPlaces.filter((p) => p.bureaus.length > 0));
  const bureaus = [...new Set([...namedBureaus, ...placesAsked(normalized, places, mentions, namedBureaus, namesLaw)])];
  const guessed = mentions
    .filter((m) => m.guessedFrom !== undefined)
    .map((m) => ({ said: m.guessedFrom!, bureau: m.bureau }));
  const otherBureau = like && otherPlace && bureaus.length === 0 ? like : undefined;
  if (otherBureau) spans.push(otherBureau);

  const version = LAW_BY_VERSION_YEAR.exec(normalized);
  if (version) mark(version);
  // Digits, or Chinese digits one by one ("九五", "二〇〇五").
  const versionDigits = version && (/^\d+$/.test(version[1]!) ? Number(version[1]) : parseChineseNumeral(version[1]!));
  const versionYear = versionDigits && fullYear(versionDigits);
  const lawYears = catalog.regulations.flatMap((r) => [r.issuedDate, r.inForceDate].map((d) => Number(d?.slice(0, 4))));
  const unknownLawYear =
    versionYear && lawYears.some(Boolean) && !lawYears.includes(versionYear) ? versionYear : undefined;

  let regulation: string | undefined;
  if (oldLaw.length > 0 && newLaw.length === 0 && has("信访条例")) regulation = "信访条例";
  else if (newLaw.length > 0 && oldLaw.length === 0 && has("信访工作条例")) regulation = "信访工作条例";

  // "能不能", "可不可以": a yes-or-no question, not a 不能 (不得) of its own.
  for (const m of normalized.matchAll(/能不能|可不可以|行不行|要不要|会不会|是不是|能否/g)) mark(m);
  // "受不受理", "管不管": the verb once, not a 不受理 of its own.
  for (const m of normalized.matchAll(/([\u4e00-\u9fff])不(?=\1)/g)) mark(m);

  const art = ARTICLE.exec(normalized);
  const article = art ? parseNumber(art[1]!) : undefined;
  if (art) mark(art);

  const intent = readIntent(normalized, { namesRegulation: namesLaw, bureausNamed: bureaus.length });
  // Both laws named ("旧条例…？新条例…？"): a comparison, whatever the wording.
  if (oldLaw.length > 0 && newLaw.length > 0 && has("信访条例") && has("信访工作条例")) intent.oldVsNew = true;
  // The laws' own names, when the reports are asked about: "还在学旧版信访条例的是哪些地方" looks
  // for 信访条例 in the reports, not for 旧版.
  const lawNames: string[] = [];
  if (intent.compare) {
    // "哪些报告里写的还是《信访条例》": the reports are asked about; the law's name is the subject.
    intent.oldVsNew = false;
    regulation = undefined;
    if (oldLaw.length > 0 && has("信访条例")) lawNames.push("信访条例");
    if (newLaw.length > 0 && has("信访工作条例")) lawNames.push("信访工作条例");
  }
  const askedLaw = intent.oldVsNew ? lawAsked(normalized, oldLaw, newLaw) : undefined;
  // "旧条例第三十三条对应新条例第几条", "新条例第二十六条和旧条例比": an article of the law named right
  // before it, and the other law's article answering to it.
  const ofArticle =
    art && intent.oldVsNew && !/新旧|新老/.test(normalized)
      ? [...oldLaw.map((m) => ["信访条例", m] as const), ...newLaw.map((m) => ["信访工作条例", m] as const)].find(
          ([, m]) =>
            m.index! + m[0].length <= art.index &&
            /^(?:的|里|中|里面|中的)?\s*$/.test(normalized.slice(m.index! + m[0].length, art.index)),
        )?.[0]
      : undefined;
  const counterpartIn = ofArticle && (ofArticle === "信访条例" ? "信访工作条例" : "信访条例");
  if (ofArticle) {
    intent.oldVsNew = false;
    regulation = ofArticle;
  }
  oldLaw.forEach(mark);
  newLaw.forEach(mark);
  if (intent.oldVsNew) regulation = undefined; // both laws
  // "我去年11月交的材料…": in a question about the rules, the dates of the asker's story.
  if (intent.aboutRules) for (const m of normalized.matchAll(STORY_DATE)) mark(m);
  // "谁的化解率高": the comparative is not part of what is compared (化解率, not 率高).
  const comparative = intent.superlative ? COMPARED.exec(normalized) : null;
  if (comparative) spans.push({ start: comparative.index + comparative[1]!.length, end: normalized.length });
  // "对下一年有啥打算": the year a plan is for says which part of the report, not its subject.
  if (intent.role === "plans") for (const m of normalized.matchAll(PLAN_YEAR)) mark(m);
  const aboutLaw = (namesLaw || ASKS_THE_LAW.test(normalized)) && bureaus.length === 0 && !intent.compare;
  // A province none of our bureaus is in, asked about ("广东那边", "广东的信访局", "广东省…办了多少件"),
  // not the place of a story told in a question about the law ("我是广东省的，能不能…").
  const otherProvince =
    bureaus.length === 0 && !otherBureau
      ? places.find((p) => p.bureaus.length === 0 && (p.marked || (p.leveled && !intent.aboutRules && !aboutLaw)))
      : undefined;
  if (otherProvince) spans.push(otherProvince);
  const cityBureau = bureaus.length === 0 ? cityBureaus[0] : undefined;
  const unknownBureau =
    otherBureau?.name ?? otherProvince?.place ?? (cityBureau && normalized.slice(cityBureau.start, cityBureau.end));

  const masked = maskSpans(normalized, spans);
  const read = questionConcepts(masked, thesaurus, quotedTerms(normalized));
  // Both laws ("哪些学的还是老《信访条例》，哪些已经换成新的"): a report that names either answers,
  // unless one is ruled out ("写的还是老的，不是新的信访工作条例"): then each is a concept of its own.
  const either = lawNames.length > 1 && !/不是|而非|并非/.test(normalized);
  const lawConcepts = either ? [lawNames] : lawNames.map((name) => [name]);
  read.concepts = read.concepts.filter((c) => !lawNames.includes(c.said));
  for (const alternatives of lawConcepts)
    read.concepts.push({ said: alternatives.join("、"), alternatives, expanded: false, noun: true, quoted: true });
  // What staff must not do is not the petitioner's list (第二十六条's 不得有下列行为) but what
  // they are held to account for (第四十六条: 领导干部、工作人员有下列情形之一的).
  if (STAFF.test(normalized)) {
    read.concepts = read.concepts.map((c) =>
      c.alternatives.includes(PETITIONER_LIST)
        ? { ...c, alternatives: c.alternatives.map((a) => (a === PETITIONER_LIST ? STAFF_LIST : a)) }
        : c,
    );
  }
  const counted = intent.shape === "figure" ? countedNoun(normalized) : undefined;
  const runs = read.runs;
  const concepts = read.concepts
    .filter((c) => !(intent.shape === "frequency" && FREQUENCY_WORDS.test(c.said)))
    .map((c) => (isCueWord(c.said, intent) ? { ...c, cue: true } : c))
    // What a figure question counts is often not repeated beside the figure ("共办理6246件").
    .map((c) => (counted?.includes(c.said) ? { ...c, counted: true } : c));
  // A question about the rules, or one that opens with the asker, telling its story first: what
  // only the story says ("我住沙坪坝，跟物业扯皮好久了…，一周来几回？").
  const askingPart = askingClause(normalized);
  const asked = intent.aboutRules || FIRST_PERSON.test(normalized) ? askingPart : undefined;
  if (asked !== undefined) {
    for (const [i, c] of concepts.entries()) if (!asked.includes(c.said)) concepts[i] = { ...c, story: true };
  }
  // A question about the rules that opens (its asking clause) with who acts: "信访局收到…多少天内得转出去".
  if (intent.aboutRules) {
    // The asking clause's opener first ("老百姓的信交到信访局，信访局多少天内得转出去"), else the question's.
    for (const clause of [askingPart, normalized]) {
      const at = (c: Concept) => (clause ?? "").indexOf(c.said);
      const first = concepts.findIndex((c) => !c.cue && c.noun && at(c) >= 0 && at(c) <= 2);
      if (first < 0) continue;
      concepts[first] = { ...concepts[first]!, subject: true };
      break;
    }
  }
  // A step of the procedure asked about itself, not objected to ("复查期限多久", not "复查意见不服怎么办").
  if (!OBJECTING.test(normalized)) for (const [i, c] of concepts.entries()) concepts[i] = { ...c, itself: true };
  // What the answer's wording will hold for some kinds of question: 每年 for "多久一次", 追究/处分 for "会怎么样".
  if (intent.shape === "frequency") concepts.push(INTENT_CONCEPTS.frequency);
  if (intent.consequence) concepts.push(INTENT_CONCEPTS.consequence);
  const stage = bureaus.length === 0 ? STAGES.find((s) => s.done.test(normalized)) : undefined;
  if (stage) concepts.push(stage.next);
  const terms = [
    ...concepts.flatMap((c) => c.alternatives.flatMap(termsOf)),
    ...runs.flatMap((r) => cjkBigrams(r)).map((b) => `#${b}`),
  ];
  return {
    original: question,
    text: question,
    normalized,
    // Shown to the user: from the question as typed when normalising kept its length.
    topicText: topicTextOf(question.length === normalized.length ? maskSpans(question, spans) : masked),
    years: [...years].sort(),
    bureaus,
    guessed,
    ...(unknownBureau ? { unknownBureau } : {}),
    ...(unknownLawYear ? { unknownLawYear } : {}),
    ...(regulation ? { regulation } : {}),
    lawsNamed: [
      ...(oldLaw.length > 0 && has("信访条例") ? ["信访条例"] : []),
      ...(newLaw.length > 0 && has("信访工作条例") ? ["信访工作条例"] : []),
    ],
    aboutLaw,
    ...(article !== undefined ? { article } : {}),
    ...(askedLaw ? { askedLaw } : {}),
    ...(counterpartIn ? { counterpartIn } : {}),
    intent,
    concepts,
    phrases: runs,
    terms: [...new Set(terms)],
  };
}

const termCache = new Map<string, string[]>();

/** The lexical terms of a concept's alternative (cached: the thesaurus's words recur). */
function termsOf(word: string): string[] {
  let terms = termCache.get(word);
  if (!terms) {
    if (termCache.size > 20_000) termCache.clear();
    termCache.set(word, (terms = lexicalTerms(word)));
  }
  return terms;
}

/** A month or day in the asker's story ("11月", "3月5号"), not a length of time ("3个月"). */
const STORY_DATE =
  /(?<![\d个])\d{1,2}月份?(?:\d{1,2}[日号])?|(?<![\d个])\d{1,2}[日号](?!内|以内|之内)|[两几\d一二三四五六七八九十半]+个?多?(?:月|星期|礼拜|周|天)了/g;

/** The year a plan is for, named relative to the report's. */
const PLAN_YEAR = /下一年度?|下一阶段|新的一年|明年|来年|下年度?/g;

/** Years named relative to a previous question's ("那明年呢？", "去年的呢"), with their offset. */
export const RELATIVE_YEARS: [RegExp, number][] = [
  [/明年|下一年|来年|第二年|次年/, 1],
  [/去年|上一年|前一年/, -1],
  [/今年|当年|同年|这一年/, 0],
];
const ANY_RELATIVE_YEAR = new RegExp(RELATIVE_YEARS.map(([words]) => words.source).join("|"), "g");

/** A masked question's remaining words, follow-up openers trimmed: what a follow-up can inherit. */
function topicTextOf(masked: string): string {
  // Names joined ("惠安和平城…") go with what joins them, and a comparison's "哪个" after them.
  const joined = masked.replace(new RegExp(`${MASK}+(?:和|跟|与|同|及|以及|还有|、)(?=${MASK})`, "g"), MASK);
  let topic = joined.replaceAll(MASK, "").replace(/^[\s，,、]*(?:那么|那|还有|另外|请问|再问)?[\s，,、]*(?:的)?/, "");
  // What followed a name taken out at the start ("新条例里…") goes with it.
  if (masked.startsWith(MASK)) topic = topic.replace(/^(?:里面|里|当中|中)/, "");
  if (joined !== masked) topic = topic.replace(/^(?:各自|分别|各|都)?(?:哪个|哪家|哪边|谁家|谁)?(?:的)?/, "");
  return topic.replace(ANY_RELATIVE_YEAR, "").trim();
}

/**
 * Terms the user put in quotation marks ("三到位一处理", 《民法典》): names the answer must hold. A
 * saying quoted from memory ("诉求合理的解决到位、无理的教育到位": clauses, punctuation between them)
 * is no name: its words are the question's like any others.
 */
function quotedTerms(normalized: string): string[] {
  return [...normalized.matchAll(/[“"'「《]([^”"'」》]{2,20})[”"'」》]/g)]
    .map((m) => m[1]!)
    .filter((q) => !/[、，,；;：:。]/.test(q));
}

/** "信访条例" inside "信访工作条例" is not a mention of the old law. */
function isInsideNewName(text: string, m: RegExpMatchArray): boolean {
  const start = m.index!;
  return text.slice(Math.max(0, start - 2), start + m[0].length).includes("工作条例");
}
