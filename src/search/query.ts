/** Query understanding: years, bureaus, regulations, article numbers and question type. */
import { parseNumber, parseChineseNumeral } from "../text/numerals.ts";
import { normalizeForMatch } from "../text/script.ts";
import { contentRuns, queryTerms } from "../text/tokenize.ts";
import type { Catalog } from "./catalog.ts";

/** What a question asks about, as far as the corpus's vocabulary can tell. */
export interface ParsedQuery {
  /** The question as the user typed it. */
  original: string;
  /** The question searched for: the original, or a follow-up completed from its context. */
  text: string;
  /** Simplified, width-folded, lower-case. */
  normalized: string;
  years: number[];
  /** Full names of the bureaus named. */
  bureaus: string[];
  /** A bureau-like name ("朝阳区信访局") that is not in the corpus. */
  unknownBureau?: string;
  /** Title of a regulation named explicitly. */
  regulation?: string;
  article?: number;
  /** The question asks for a count or a figure (多少, 几次…). */
  wantsNumber: boolean;
  /** The question asks across reports (哪些报告, 各区县…). */
  wantsList: boolean;
  /** The unit of the figure asked for: 多少件 -> 件, 几次 -> 次, 化解率 -> %. */
  unit?: string;
  /** The question asks whether a regulation is in force, or since when. */
  asksStatus: boolean;
  /** Runs of content words, for exact-phrase matching. */
  phrases: string[];
  /** The lexical terms searched for (words and bigrams, see queryTerms). */
  terms: string[];
}

const YEAR_DIGITS = /(?<!\d)((?:19|20)\d{2})(?=\s*年|\s*年度|(?!\d))/g;
const YEAR_CHINESE = /([二][〇零○][一二三四五六七八九〇零○]{2})\s*年/g;
const ARTICLE = /第\s*([0-9０-９]{1,3}|[一二三四五六七八九十百零〇两]{1,6})\s*条/;
const BUREAU_LIKE = /([\u4e00-\u9fff]{2,10}?(?:省|市|区|县|州|旗))(?:人民政府)?(?:信访局|信访办公室|信访办)/;
const WANTS_NUMBER = /多少|几[次件个人天份名家项]|几次|比例|百分之|率是|多长|多久|哪几天|哪一天|何时|什么时候|日期/;
const UNIT = /(?:多少|几)\s*(件|次|个|人|份|篇|条|天|日|名|项|家|场|期|批|起|所|位)/;
const STATUS =
  /(是否|还|仍|仍然|目前|现在)?(有效|失效|废止|现行|取代|适用吗|在用)|(什么时候|何时|哪天|几时|哪一天)(开始)?(施行|生效|实施)|施行(日期|时间)|生效(日期|时间)/;
const WANTS_LIST = /(哪些|哪几个|哪几家|哪几份|各个?)(报告|区县|地区|地方|信访局|信访部门|单位的报告)|分别/;

/** Parses a question against the catalog of what the corpus holds. */
export function parseQuery(question: string, catalog: Catalog): ParsedQuery {
  const normalized = normalizeForMatch(question);
  const years = new Set<number>();
  for (const m of normalized.matchAll(YEAR_DIGITS)) years.add(Number(m[1]));
  for (const m of normalized.matchAll(YEAR_CHINESE)) {
    const y = parseChineseNumeral(m[1]!);
    if (y) years.add(y);
  }

  // Bureaus: every alias found; then drop a city bureau when the question names one of that
  // city's districts ("西安市阎良区" means 阎良区信访局, not 西安市信访局).
  const matched = catalog.bureaus.filter((b) => b.aliases.some((a) => normalized.includes(normalizeForMatch(a))));
  const bureaus = matched
    .filter((b) => !matched.some((other) => other !== b && other.city !== undefined && other.city === b.region))
    .map((b) => b.bureau);
  let unknownBureau: string | undefined;
  const like = BUREAU_LIKE.exec(normalized);
  if (like && bureaus.length === 0) unknownBureau = like[0];

  let regulation: string | undefined;
  if (normalized.includes("信访工作条例")) regulation = "信访工作条例";
  else if (/(?<!工作)信访条例/.test(normalized) || /2005\s*年?.*条例|国务院令第?431号/.test(normalized))
    regulation = "信访条例";
  if (regulation && !catalog.regulations.some((r) => r.title === regulation)) regulation = undefined;

  // "哪几天" asks for dates, not for a count of days.
  const unit =
    UNIT.exec(normalized.replace(/哪几天|哪一天|哪天|几号|几月几日/g, ""))?.[1] ??
    (/率/.test(normalized) && WANTS_NUMBER.test(normalized) ? "%" : undefined);
  const art = ARTICLE.exec(normalized);
  const article = art ? parseNumber(art[1]!) : undefined;

  return {
    original: question,
    text: question,
    normalized,
    years: [...years].sort(),
    bureaus,
    ...(unknownBureau ? { unknownBureau } : {}),
    ...(regulation ? { regulation } : {}),
    ...(article !== undefined ? { article } : {}),
    wantsNumber: WANTS_NUMBER.test(normalized),
    wantsList: WANTS_LIST.test(normalized),
    ...(unit ? { unit } : {}),
    asksStatus: /条例/.test(normalized) && STATUS.test(normalized),
    phrases: contentRuns(question),
    terms: queryTerms(question),
  };
}
