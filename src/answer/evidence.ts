/**
 * What a sentence can answer: a figure (of a unit), a date, a person's name, a frequency; and
 * whether a figure is a target rather than a result. Pure functions over document text.
 */
import { present, type Concept } from "../search/concepts.ts";
import { normalizeForMatch } from "../text/script.ts";
import { parseNumber } from "../text/numerals.ts";

const CN_DIGITS = "零〇一二两三四五六七八九十百千万";

/** A number that is not just a year ("2024年"), or a Chinese numeral with a unit. */
const ANY_FIGURE = new RegExp(
  `(?<![\\d.])\\d+(?:\\.\\d+)?(?!\\d|\\s*年(?!度?以来))|[${CN_DIGITS}]+\\s*(?:次|件|个|人|份|篇|条|日|天|名|项|%)`,
);

/** Units a document may write for the unit asked: 日 is also 个工作日 / 天, 人 also 人次, 件 also 起, 个 (of people) also 名 / 位. */
const UNIT_FORMS: Record<string, string> = {
  日: "(?:个)?(?:工作)?日|天|个月",
  年: "年(?!\\d)(?=内|以上|以下|以内|期|后|间|之内)",
  人: "人(?:次)?|名|位",
  件: "件|起|宗",
  个: "个|家|所|名|位",
  次: "次|场|期|轮",
  份: "份|册|张|条",
};

/** Whether a text states a figure (of the given unit, when there is one). */
export function hasFigure(text: string, unit?: string): boolean {
  // Not ANY_FIGURE_G: a global pattern's test() starts where its last match ended.
  return (unit ? figureRegex(unit) : ANY_FIGURE).test(text);
}

/** The figures of a unit in a text, as written ("52件", "30余人", "1.2万件", "90.14%"). */
export function figuresIn(text: string, unit?: string): string[] {
  return [...text.matchAll(unit ? figureRegex(unit) : ANY_FIGURE_G)].map((m) => m[0].trim());
}

const ANY_FIGURE_G = new RegExp(ANY_FIGURE.source, "g");
const figureRegexes = new Map<string, RegExp>();

/** The pattern of a figure of `unit` (global: matchAll and test with lastIndex reset). */
function figureRegex(unit: string): RegExp {
  let pattern = figureRegexes.get(unit);
  if (!pattern) {
    const forms = UNIT_FORMS[unit] ?? unit;
    pattern =
      unit === "%"
        ? new RegExp(`\\d+(?:\\.\\d+)?\\s*%|百分之[${CN_DIGITS}]+`, "g")
        : new RegExp(
            `(?<![第\\d${CN_DIGITS}])(?:\\d[\\d,.]*\\s*万?|[${CN_DIGITS}]+)\\s*(?:余|多)?\\s*(?:${forms})`,
            "g",
          );
    figureRegexes.set(unit, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** The value of a figure as written ("6246件", "10000余份", "1.2万件", "十二次", "三万余人"); undefined when unreadable. */
export function figureValue(figure: string): number | undefined {
  const arabic = /(\d[\d,]*(?:\.\d+)?)\s*(万)?/.exec(figure);
  if (arabic) return Number(arabic[1]!.replace(/,/g, "")) * (arabic[2] ? 10_000 : 1);
  const chinese = /[零〇一二两三四五六七八九十百千万]+/.exec(figure)?.[0];
  if (!chinese) return undefined;
  // 三万二千 = 3 × 10⁴ + 2000: the numeral parser reads up to thousands.
  const [high, low] = chinese.split("万");
  if (low === undefined) return parseNumber(chinese);
  const tens = high ? parseNumber(high) : 1;
  const rest = low ? parseNumber(low) : 0;
  return tens === undefined || rest === undefined ? undefined : tens * 10_000 + rest;
}

/** A calendar date: 5月9日, 2022年5月1日, 12月4日—12月9日, 2023-01-20. */
const DATE =
  /\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年\s*\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|\d{4}-\d{2}-\d{2}/;

/** Whether a text gives a date. */
export function hasDate(text: string): boolean {
  return DATE.test(text);
}

const DATE_G = new RegExp(DATE.source, "g");

/** The dates of a text, as written. */
export function datesIn(text: string): string[] {
  return [...text.matchAll(DATE_G)].map((m) => m[0]);
}

/** How often: 每年, 每月, 每周两次, 定期. */
const FREQUENCY = /每(?:年|月|季度|季|半年|周|星期|天|日)|定期|年度|每隔/;

/** Whether a text says how often something happens. */
export function hasFrequency(text: string): boolean {
  return FREQUENCY.test(text);
}

/** A figure that is a goal rather than a result: 不少于50件的目标, 力争, 确保. */
const TARGET = /目标|不少于|不低于|力争|确保|争取|计划(?:完成|化解|办理)|任务数/;

/** Whether a clause states a target. */
export function isTarget(text: string): boolean {
  return TARGET.test(text);
}

/** Common Chinese surnames, for telling a name beside a role word from other words. */
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

const ROLE = "局长|副局长|组长|副组长|书记|副书记|主任|副主任|处长|科长|律师|法律顾问|顾问|负责人|主席|委员";

/** Words beside role words that look like names but are not ("党组书记", "负责人任成员", "孟刘军任组长"). */
const NOT_NAMES = /^(党组|党委|任)|[任为是和等的]$/;

const NAME = `[${SURNAMES}][\\u4e00-\\u9fff]{1,2}`;
/** A name after its role ("副组长王新鹏"), then before it ("林玮、朱琼婷两位律师"). */
const NAME_AFTER_ROLE = new RegExp(
  `(?:${ROLE})(${NAME})(?=任|担任|同志|进行|带领|主持|亲自|多次|对|到|在|为|是|等|作|讲|指出|强调|要求|、|，|,|。|；|\\s|$)`,
  "g",
);
const NAMES_BEFORE_ROLE = new RegExp(`(${NAME})(?:、${NAME})*(?:两位|等)?(?:${ROLE})(?!事务所)`, "g");
const TRAILING_ROLE = new RegExp(`(两位|等)?(${ROLE})$`);

/** Names next to a role word: "局长孟刘军", "副组长王新鹏", "林玮、朱琼婷两位律师". */
export function personNames(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(NAME_AFTER_ROLE)) out.add(m[1]!);
  for (const m of text.matchAll(NAMES_BEFORE_ROLE)) {
    for (const n of m[0].split(/、/)) out.add(n.replace(TRAILING_ROLE, ""));
  }
  return [...out].filter((n) => n.length >= 2 && n.length <= 3 && !NOT_NAMES.test(n));
}

/**
 * Whether a sentence's figure names right after it a thing other than the one asked ("539件信访事项"
 * when 积案 are counted); a figure with nothing after it ("共办理6246件。") counts what is asked.
 */
export function countsAnother(text: string, unit: string | undefined, counted: Concept[]): boolean {
  return figuresIn(text, unit).some((figure) => namesAnother(text, figure, counted));
}

/**
 * Whether a sentence gives figures of the unit only for things other than the one asked, and never
 * names what is asked ("振兴街道2起医疗纠纷问题" when 信访事项 handled are counted).
 */
export function countsOnlyOthers(text: string, unit: string | undefined, counted: Concept[]): boolean {
  const figures = figuresIn(text, unit);
  const norm = normalizeForMatch(text);
  return (
    figures.length > 0 &&
    !counted.some((c) => present(c, norm)) &&
    figures.every((figure) => namesAnother(text, figure, counted))
  );
}

/** Units counting events, which are named before their figure ("召开听证评议会 12 次"). */
const EVENT_UNITS = /^(?:次|场|期|回)$/;

/**
 * Whether every figure of an event unit in a sentence counts another event than the one asked: the
 * clause before it ("召开听证评议会 12 次") holds none of what is asked ("律师参与…接访").
 */
export function countsOtherEvents(text: string, unit: string | undefined, asked: Concept[]): boolean {
  if (!unit || !EVENT_UNITS.test(unit) || asked.length === 0) return false;
  // Each place a figure stands (保密知识网上答题2次, 开展保密工作自查2次: the same "2次" twice).
  const clausesBefore = (figure: string) => {
    const out: string[] = [];
    for (let at = text.indexOf(figure); at >= 0; at = text.indexOf(figure, at + 1))
      out.push(
        text
          .slice(0, at)
          .split(/[，。；,;、]/)
          .at(-1) ?? "",
      );
    return out;
  };
  const figures = figuresIn(text, unit);
  return (
    figures.length > 0 &&
    figures.every((figure) =>
      clausesBefore(figure).every((clause) => !asked.some((c) => present(c, normalizeForMatch(clause)))),
    )
  );
}

/**
 * Whether a figure names right after it a thing other than the one counted: a noun that is not it
 * and does not hold it ("3个专项督导组" counts 督导组); words that go on with a verb ("205 件均邀请…")
 * name nothing.
 */
export function namesAnother(text: string, figure: string, counted: Concept[]): boolean {
  if (counted.length === 0) return false;
  const asked = counted.flatMap((c) => c.alternatives);
  const after = /^[\u4e00-\u9fff]{2,}/.exec(text.slice(text.indexOf(figure) + figure.length))?.[0];
  return after !== undefined && !VERB_START.test(after) && !asked.some((a) => after.includes(a) || a.startsWith(after));
}

/** The start of words going on with what was done, not naming a thing. */
const VERB_START = /^(?:均|都|全|已|被|予|并|且|由|经|次|全部|共|其中|同比|占|是|为|得到|进行|实现)/;
