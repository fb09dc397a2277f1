/**
 * The offline answerer: quotes the document text that answers the question, verbatim, with [n]
 * markers, in the shape the question asks for — a figure and the sentence holding it, the items of
 * a report's section, a law's paragraph, one line per report, the old law beside the new — or says
 * that the documents do not hold the answer.
 */
import type { Chunk, DocumentMeta } from "../corpus/types.ts";
import { describeRegulations, describeReports, type Catalog } from "../search/catalog.ts";
import type { SectionRole } from "../search/intent.ts";
import { present } from "../search/concepts.ts";
import { withoutOwnNumber } from "./list-items.ts";
import { sectionText } from "../search/outline.ts";
import type { Passage, Retrieval } from "../search/retriever.ts";
import { toChineseNumeral } from "../text/numerals.ts";
import { AnswerBuilder } from "./builder.ts";
import { citationFor } from "./citations.ts";
import { compareAnswer, COUNTED_APART } from "./compare.ts";
import type { Synthesizer } from "./engine.ts";
import { bestParagraph } from "./laws.ts";
import { focusedItem, itemSection, overviewItems, roleItems, withGist, type Item } from "./sections.ts";
import { countsAnother, countsOnlyOthers, countsOtherEvents, figuresIn, figureValue, isTarget } from "./evidence.ts";
import { excerpt, highlightsOf, rankSentences, type Candidate } from "./sentences.ts";
import { normalizedContext } from "../index/index-text.ts";
import { normalizeForMatch } from "../text/script.ts";
import type { Answer, Citation } from "./types.ts";

/** Tuning of the extractive answerer. */
export interface ExtractiveOptions {
  /** The best passage must cover at least this share of the question's weighted concepts. */
  minCoverage: number;
  /** From here up to minCoverage, a plain question is answered with a hedge rather than refused. */
  hedgeCoverage: number;
  /**
   * From here up to minCoverage, a question about the rules is answered with a hedge when one of the
   * best articles states what it asks (see lawFits).
   */
  ruleCoverage: number;
  /** Passages considered for quotes. */
  maxPassages: number;
  /** A second quote is added when it scores at least this share of the best one. */
  secondQuoteRatio: number;
  /** With a unit asked for (多少件), further sentences stating such a figure need this share. */
  figureQuoteRatio: number;
  /** Most reports listed in a cross-report answer. */
  maxListed: number;
  /** Most items in a list answer. */
  maxItems: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minCoverage: 0.5,
  hedgeCoverage: 0.4,
  ruleCoverage: 0.15,
  maxPassages: 4,
  secondQuoteRatio: 0.85,
  figureQuoteRatio: 0.7,
  maxListed: 6,
  maxItems: 12,
};

/** The hedge shown above an answer whose best passage covers the question only in part. */
export const HEDGE = "最相关的内容如下，可能不完全回答您的问题：";

/** "惠安县人民政府信访局2023年度报告" or "《信访工作条例》第三十四条". */
export function sourceName(p: { chunk: Chunk; doc: DocumentMeta }): string {
  return p.doc.kind === "report"
    ? `${p.doc.bureau}${p.doc.year}年度报告`
    : `《${p.doc.title}》第${toChineseNumeral(p.chunk.article ?? 0)}条`;
}

/** What the corpus holds, for refusals. */
export function availability(catalog: Catalog): string {
  return `现有文档：${describeReports(catalog)}；${describeRegulations(catalog)}。`;
}

/** An amount of money asked ("多少钱", "罚款多少", "收多少费"), and one stated ("200元", "五百元"). */
const MONEY_ASKED =
  /多少钱|几块钱|多少块|多少元|(?:罚|罚款|收费?|交|费用?)(?:是|要|得)?多少|收不收费|要不要(?:交钱|收费|花钱)/;
const MONEY = /[\d一二三四五六七八九十百千万]+\s*(?:万?元|块钱)/;

/** A telephone number, web or mail address asked, and one given. */
const CONTACT_ASKED =
  /(?:电话|热线|手机)号码?(?:是)?(?:多少|几号|什么)|号码是(?:多少|什么)|打哪个(?:电话|号码)|(?:网址|网站|邮箱|地址)是(?:多少|什么|啥|哪里)/;
const CONTACT = /\d{3,4}\s*[-－]\s*\d{7,8}|\d{7,}|https?:|www\.|@|[路街道]\d+号/;

/** What only a passage stating it answers: how it is asked, how a passage states it, the refusal. */
const STATED_ONLY: [RegExp, RegExp, string][] = [
  [MONEY_ASKED, MONEY, "现有文档中没有规定或提到该问题所问的金额。"],
  [CONTACT_ASKED, CONTACT, "现有文档中没有提到该问题所问的电话号码、网址或地址。"],
];

/** The refusal when the passages found do not answer the question. */
const NOT_ANSWERED = "在现有文档中没有找到能回答该问题的内容。";

/** Why a question of each shape is refused when its passages hold no answer of that kind. */
const MISSING: Record<string, string> = {
  figure: "现有文档中没有找到该问题所问的具体数字。",
  date: "现有文档中没有找到该问题所问的具体日期。",
  person: "现有文档中没有提到该问题所问的人员姓名。",
};

/** Composes the answer for a retrieval; pure, so it can be tested without an index. */
export function composeAnswer(
  question: string,
  retrieval: Retrieval,
  catalog: Catalog,
  options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS,
): Answer {
  const notFound = (message: string): Answer => ({
    question,
    answer: `${(message === NOT_ANSWERED && missingPart(retrieval)) || message}\n${availability(catalog)}`,
    found: false,
    citations: [],
  });
  if (retrieval.outOfScope) return notFound(retrieval.outOfScope.message);
  if (retrieval.inventory) return inventoryAnswer(question, retrieval, catalog);
  const top = retrieval.passages[0];
  if (!top) return notFound("在现有文档中没有找到与该问题相关的内容。");
  if (retrieval.direct) return articleAnswer(question, top, catalog);
  if (retrieval.status) return statusAnswer(question, retrieval, catalog);

  const { intent } = retrieval.query;
  const notes = retrieval.query.guessed.map((g) => `（已将“${g.said}”理解为“${g.bureau}”。）`);
  if (retrieval.pair) return oldAndNew(question, retrieval, catalog, notes);
  if (retrieval.each) return eachAnswer(question, retrieval, catalog, options, notes) ?? notFound(NOT_ANSWERED);
  if (intent.compare) return compareAnswer(question, retrieval, catalog, options, notes) ?? notFound(NOT_ANSWERED);

  // "概括一下惠安县的报告", "阎良局还有哪些不足": the report's own outline answers, whatever the wording.
  const outlineFirst =
    retrieval.report !== undefined &&
    retrieval.query.bureaus.length > 0 &&
    (intent.shape === "overview" || intent.role !== undefined);
  if (outlineFirst) {
    const answer = sectionAnswer(question, retrieval, options, notes);
    if (answer) return answer;
    // A report with no part on its shortcomings admits none: another passage is not one ("惠安承认了哪些不足").
    const missing = intent.role === "shortcomings" ? missingPart(retrieval) : undefined;
    if (missing) return notFound(missing);
  }
  let hedge = false;
  if (top.coverage < options.minCoverage) {
    const lawWords = top.doc.kind === "regulation" && intent.shape === "date";
    const plain = intent.shape === "text" || intent.shape === "list" || intent.shape === "overview" || lawWords;
    // A question about the rules tells its own situation ("我们小区十几户…"), in words no article
    // holds: the article that states the asked figure answers it, with the hedge.
    const ruleFigure =
      top.doc.kind === "regulation" && intent.aboutRules && top.coverage >= options.ruleCoverage && lawFits(retrieval);
    if ((!plain || top.coverage < options.hedgeCoverage) && !ruleFigure) return notFound(NOT_ANSWERED);
    hedge = true;
  }
  // "罚款多少钱", "电话号码是多少": an amount or a number no passage found states is not there to quote.
  const unstated = STATED_ONLY.find(
    ([asked, stated]) =>
      asked.test(retrieval.query.normalized) && !retrieval.passages.slice(0, 3).some((p) => stated.test(p.chunk.text)),
  );
  if (unstated) return notFound(unstated[2]);
  const head = [...notes, ...(hedge ? [HEDGE] : [])];

  // (Tried above with the same head when the outline went first.)
  if (retrieval.report && !hedge && !outlineFirst) {
    const answer = sectionAnswer(question, retrieval, options, head);
    if (answer) return answer;
  }
  const answer =
    top.doc.kind === "regulation"
      ? lawAnswer(question, retrieval, catalog, head)
      : quoteAnswer(question, retrieval, options, head);
  return answer ?? notFound(missingIn(retrieval, MISSING[intent.shape]) ?? NOT_ANSWERED);
}

/**
 * Why a question about one bureau's report is refused, naming that report ("阎良区信访局2022年的报告中
 * 没有找到该问题所问的具体数字"): the asker learns where it was looked for.
 */
function missingIn(retrieval: Retrieval, message: string | undefined): string | undefined {
  const top = retrieval.passages[0];
  if (!message || !top || top.doc.kind !== "report" || retrieval.query.bureaus.length !== 1) return message;
  if (top.doc.bureau !== retrieval.query.bureaus[0]) return message;
  return message.replace(/^现有文档中/, `${top.doc.bureau}${top.doc.year}年的报告中`);
}

/**
 * A question naming several bureaus ("阎良和平城各有啥打算", "西安和沙坪坝化解率分别多少", "谁的多"):
 * each bureau's own answer in turn, its citations numbered on; the bureaus without one named after
 * them; for "谁多", the answers ordered by their first figure of the unit asked.
 */
function eachAnswer(
  question: string,
  retrieval: Retrieval,
  catalog: Catalog,
  options: ExtractiveOptions,
  notes: string[],
): Answer | undefined {
  const { superlative, unit } = retrieval.query.intent;
  const parts = retrieval.each!.map((retrieval) => {
    const answer = composeAnswer(question, retrieval, catalog, options);
    const figure = answer.found ? figuresIn(answer.answer, unit)[0] : undefined;
    return { retrieval, answer, figure, value: figure === undefined ? undefined : figureValue(figure) };
  });
  const found = parts.filter((p) => p.answer.found && (!superlative || p.value !== undefined));
  if (found.length === 0) return undefined;
  const head = [...notes];
  const nameOf = (p: (typeof parts)[number]) => p.answer.citations[0]?.bureau ?? p.retrieval.query.bureaus[0]!;
  if (superlative) {
    const sign = superlative === "max" ? -1 : 1;
    found.sort((a, b) => sign * (a.value! - b.value!));
    const [first, second] = found;
    const word = unit === "%" ? { max: "最高", min: "最低" }[superlative] : { max: "最多", min: "最少" }[superlative];
    // A report giving several figures of the unit (两个化解率: 90.14% of one campaign, 100% of
    // another) has no one figure to set against the others': no winner is named.
    const several = found.some((p) => new Set(figuresIn(p.answer.answer, unit)).size > 1);
    head.push(
      !second
        ? `只有${nameOf(first!)}的报告给出了这个数字：`
        : several
          ? `各报告给出的数字如下（有的报告给出不止一个，统计的事项不同，不宜直接比出高低）：`
          : first!.value === second.value
            ? `按各报告中的数字，${nameOf(first!)}与${nameOf(second)}同为${first!.figure}${COUNTED_APART}：`
            : `按各报告中的数字，${nameOf(first!)}${word}${COUNTED_APART}：`,
    );
  }
  const citations: Citation[] = [];
  const lines: string[] = [];
  const highlights = new Set<string>();
  for (const { answer } of found) {
    const offset = citations.length;
    lines.push(answer.answer.replace(/\[(\d+)\]/g, (_, n: string) => `[${Number(n) + offset}]`));
    citations.push(...answer.citations.map((c) => ({ ...c, n: c.n + offset })));
    for (const h of answer.highlights ?? []) highlights.add(h);
  }
  const missing = parts.filter((p) => !found.includes(p)).map((p) => p.retrieval.query.bureaus[0]!);
  if (missing.length) lines.push(`未见相关内容：${missing.join("、")}。`);
  return {
    question,
    answer: [...head, ...lines].join("\n"),
    found: true,
    citations,
    ...(highlights.size ? { highlights: [...highlights] } : {}),
  };
}

/**
 * "平城有啥不足" when 平城's report has no part on its shortcomings: what to say instead of only
 * "not found".
 */
function missingPart(retrieval: Retrieval): string | undefined {
  const { report } = retrieval;
  const { role } = retrieval.query.intent;
  if (!report || !role || role === "responsibility" || roleItems(report.outline, role).length > 0) return undefined;
  return `${report.doc.bureau}${report.doc.year}年的报告中没有“${ROLE_LABEL[role]}”这一部分。`;
}

/** A question asking a whole year's total, and a sentence counting a part of the year only. */
const WHOLE_YEAR = /全年|一整年|整年|全年度|年度总|一年(?:下来|来)?(?:一共|总共|共)/;
const PART_OF_YEAR = /活动期间|宣传月期间|宣传周期间|宣传日|活动当天|当天|当日|期间共/;

/**
 * Whether every figure a sentence's answer would set in bold is one the question states
 * ("那231个…里有多少个"): the passage repeats what the asker knows, and the part asked about is not
 * counted in it.
 */
function onlyStated(question: string, sentence: string, retrieval: Retrieval): boolean {
  const { unit } = retrieval.query.intent;
  const stated = new Set(figuresIn(normalizeForMatch(question), unit).map(figureValue));
  if (stated.size === 0) return false;
  const given = highlightsOf(sentence, retrieval).map(figureValue);
  return given.length > 0 && given.every((v) => stated.has(v));
}

/** A figure, date, name or plain answer quoted from a report (or, as a fallback, from the law). */
function quoteAnswer(
  question: string,
  retrieval: Retrieval,
  options: ExtractiveOptions,
  head: string[],
): Answer | undefined {
  let ranked = rankSentences(retrieval, retrieval.passages.slice(0, options.maxPassages));
  // No sentence of the asked kind among the best passages (a figure asked, none given): the next
  // ones about as close may hold it ("学法律法规几次": 学习各类法律法规9次, two passages down).
  if (!ranked.some((c) => c.fits) && retrieval.query.intent.shape !== "text") {
    const top = retrieval.passages[0]?.score ?? 0;
    const close = retrieval.passages.slice(0, 2 * options.maxPassages).filter((p) => p.score >= 0.9 * top);
    ranked = rankSentences(retrieval, close);
  }
  // "阎良办理了多少件信访事项" is no "2起医疗纠纷": a figure counting only something else than
  // what is asked is no answer, however close its sentence.
  const { shape, unit } = retrieval.query.intent;
  const counted = [...retrieval.weights.keys()].filter((c) => c.counted);
  // "律师参与接访多少次" is no "召开听证评议会12次": an event counted is named before its figure,
  // in words of the question.
  const words = [...retrieval.weights.keys()].filter((c) => !c.cue);
  const best = ranked.find(
    (c) =>
      c.fits &&
      !(shape === "figure" && (countsOnlyOthers(c.text, unit, counted) || countsOtherEvents(c.text, unit, words))),
  );
  if (!best) return undefined;
  // A sentence of the wrong kind ranks first: the right kind must still be about the question.
  if (best !== ranked[0] && best.coverage < 0.8 * ranked[0]!.coverage) return undefined;
  // "那231个评理室里有多少个设在村里": a figure the question itself states is not its answer.
  if (shape === "figure" && onlyStated(question, best.text, retrieval)) return undefined;
  // "全年一共接待了多少人次" answered by "活动期间…接受群众咨询近300人次": a part of the year's.
  if (shape === "figure" && WHOLE_YEAR.test(question) && PART_OF_YEAR.test(best.text)) return undefined;
  const sameSource = (c: Candidate) =>
    best.passage.doc.kind === "regulation"
      ? c.passage.chunk === best.passage.chunk
      : c.passage.doc.id === best.passage.doc.id;
  const others = ranked.filter(
    (c) => c !== best && sameSource(c) && !best.text.includes(c.text) && !c.text.includes(best.text),
  );
  // Other figures of the unit in the same section, results rather than targets: a report may give
  // a total and its parts ("办理了多少件": in total, by category, on review), all of them answers.
  const section = (c: Candidate) => c.passage.chunk.headingPath.join("\u0000");
  const { wantsTarget } = retrieval.query.intent;
  const extra =
    shape === "figure" && unit
      ? others
          .filter((c) => c.fits && (wantsTarget || !isTarget(c.text)))
          .filter(
            (c) =>
              c.score >= options.figureQuoteRatio * best.score ||
              (section(c) === section(best) && c.core >= 0.5 * best.core),
          )
          .slice(0, 2)
      : shape === "text" || shape === "list"
        ? others.filter((c) => c.score >= options.secondQuoteRatio * best.score).slice(0, 1)
        : [];
  // The sentence holding the asked figure leads; the others follow in the report's own order. When
  // figures of one section are about equally close to the question, the total (the largest) leads:
  // "办理了多少件" is 6246, of which 1270 by category and 34 on review.
  const position = (c: Candidate) => c.passage.chunk.start + c.offset;
  const value = (c: Candidate) => Math.max(0, ...figuresIn(c.text, unit).map((f) => figureValue(f) ?? 0));
  // Not a count of something else than what is asked: "化解了多少积案" is 积案52件, not 539件信访事项.
  // A rate is no total: the largest of several (100% of one campaign) is not the one asked (90.14%).
  const counts = unit !== "%";
  const total = extra
    .filter((c) => counts && section(c) === section(best) && best.core - c.core <= 0.35)
    .filter((c) => !countsAnother(c.text, unit, counted))
    // A thing counted by a name of several words ("保密工作会议") is counted where all of them stand,
    // not by "学习各类法律法规9次" beside it.
    .filter((c) => counted.length < 2 || counted.every((k) => present(k, normalizeForMatch(c.text))))
    .reduce((lead, c) => (value(c) > value(lead) ? c : lead), best);
  const picked = [
    total,
    ...dedupe([best, ...extra].filter((c) => c !== total)).sort((a, b) => position(a) - position(b)),
  ];
  // A short plain sentence often needs the next one to make sense ("完善评理室机制。让老百姓…").
  if ((shape === "text" || shape === "list") && best.text.length < 40) {
    const next = rankNext(best, ranked);
    if (next && !picked.includes(next)) picked.push(next);
  }

  const builder = new AnswerBuilder();
  for (const c of picked) {
    const shown = shape === "text" || shape === "list" ? c.text : excerpt(c.text, retrieval);
    builder.quote(shown, c.passage.chunk, c.passage.doc, { quote: c.text });
    builder.highlight(highlightsOf(shown, retrieval));
  }
  return builder.build(question, [...head, `根据${sourceName(best.passage)}${yearNote(retrieval, best.passage)}：`]);
}

/** The sentence right after `c` in its chunk, if it was a candidate. */
function rankNext(c: Candidate, ranked: Candidate[]): Candidate | undefined {
  return ranked
    .filter((o) => o.passage.chunk === c.passage.chunk && o.offset > c.offset)
    .sort((a, b) => a.offset - b.offset)[0];
}

function dedupe(candidates: Candidate[]): Candidate[] {
  return candidates.filter((c, i) => candidates.findIndex((d) => d.text === c.text) === i);
}

/**
 * The article that answers a question about the law: of the best three, the first whose best
 * paragraph holds what is asked (a deadline, a frequency, a figure), or the first for a question
 * of another shape. A law states rules, not dates of events: "啥时候开听证会" asks in which cases —
 * the article itself answers. A person asked by role ("局长是谁") still needs a name.
 */
function lawArticle(retrieval: Retrieval): Passage | undefined {
  const candidates = retrieval.passages.filter((p) => p.doc.kind === "regulation").slice(0, 3);
  if (!asksExactly(retrieval)) return candidates[0];
  const bestOf = (p: Passage) => rankSentences(retrieval, [p]).find((c) => c.fits);
  const stating = candidates.flatMap((p) => bestOf(p) ?? []);
  const first = stating[0];
  // Another article whose sentence stating the figure is clearly more about the question ("已经受理
  // 了…最多能拖多久": 自受理之日起60日内办结, not the 15日 of registering what a 信访部门 receives).
  const better = stating.find((c) => c.core >= (first?.core ?? 0) + CLEARLY_MORE);
  return (better ?? first)?.passage;
}

/** How much more of the question another article's sentence must hold to be preferred. */
const CLEARLY_MORE = 0.2;

/** Whether the question asks a figure, frequency or person: what an article must state to answer. */
function asksExactly(retrieval: Retrieval): boolean {
  const { shape } = retrieval.query.intent;
  return shape === "figure" || shape === "frequency" || shape === "person";
}

/** Whether one of the best articles states the figure, frequency or person asked. */
function lawFits(retrieval: Retrieval): boolean {
  return asksExactly(retrieval) && lawArticle(retrieval) !== undefined;
}

/** The answer from a regulation: the article's paragraph that answers, whole (with its items). */
function lawAnswer(question: string, retrieval: Retrieval, catalog: Catalog, head: string[]): Answer | undefined {
  const chosen = lawArticle(retrieval);
  if (!chosen) return undefined;
  const paragraph = bestParagraph(chosen, retrieval);
  const builder = new AnswerBuilder();
  builder.quote(paragraph, chosen.chunk, chosen.doc);
  builder.highlight(highlightsOf(paragraph, retrieval));
  return builder.build(question, [
    ...supersededNote([chosen.doc.title], catalog),
    ...head,
    `根据${sourceName(chosen)}：`,
  ]);
}

/** Labels of the parts of a report a role question asks about. */
const ROLE_LABEL: Record<SectionRole, string> = {
  measures: "主要工作",
  shortcomings: "存在的不足",
  plans: "工作计划",
  responsibility: "第一责任人履职情况",
};

/**
 * A list, overview or section answer from the report's own outline: every item of the part asked
 * about, or the one item the question singles out (in full), or the whole outline.
 */
function sectionAnswer(
  question: string,
  retrieval: Retrieval,
  options: ExtractiveOptions,
  head: string[],
): Answer | undefined {
  const { doc, outline } = retrieval.report!;
  const { shape } = retrieval.query.intent;
  const { role } = retrieval.query.intent;
  const source = `${doc.bureau}${doc.year}年度报告${yearNote(retrieval, retrieval.passages[0]!)}`;
  const builder = new AnswerBuilder();

  if (shape === "overview" && !role) {
    const items = overviewItems(outline).slice(0, options.maxItems * 2);
    if (items.length === 0) return undefined;
    for (const item of items) builder.quote(item.text, item.chunk, doc, { lead: item.depth ? "　" : "" });
    return builder.build(question, [...head, `${source}分为以下部分：`]);
  }
  if (!role || role === "responsibility") return undefined;

  let items: Item[] = roleItems(outline, role);
  if (items.length === 0) return undefined;
  // For a plan of a year asked by its number, the report's sentence about that year leads.
  if (retrieval.planYear) {
    const year = new RegExp(`${retrieval.planYear}\\s*年`);
    const lead = rankSentences(retrieval, retrieval.passages.slice(0, options.maxPassages)).find(
      (c) => year.test(c.text) && c.coverage > 0,
    );
    if (lead) builder.quote(lead.text, lead.passage.chunk, doc);
  }
  const focused = retrieval.query.intent.plural ? undefined : focusedItem(items, retrieval);
  // A question about one thing within the part ("惠安用LED屏做了什么宣传") is answered by quoting it.
  if (!focused && asksSomethingElse(retrieval, items)) return undefined;
  if (focused) {
    const section = itemSection(outline, focused);
    const text = section ? sectionText(section) : focused.text;
    const shown = section && !text.startsWith(focused.text) ? `${focused.text}：${text}` : text;
    builder.quote(shown, focused.chunk, doc, { quote: text });
    return builder.build(question, [...head, `根据${source}：`]);
  }
  items = items.slice(0, options.maxItems);
  // The report's own number of an item ("1、", "（一）") gives way to the list's ("1. 1、…" read twice).
  items.forEach((item, i) => {
    const shown = withGist(item, outline);
    builder.quote(withoutOwnNumber(shown), item.chunk, doc, { lead: `${i + 1}. `, quote: shown.replace(/…$/, "") });
  });
  return builder.build(question, [
    ...head,
    `根据${source}，${ROLE_LABEL[role]}有以下${items.length > 1 ? "几项" : "一项"}：`,
  ]);
}

/** Words that name a part of a report or the report itself, not a subject within it. */
const PART_WORDS =
  /去年|今年|前年|明年|计划|思路|打算|安排|下一步|准备|今后|明年|来年|不足|短板|差距|问题|原因|没做好|举措|措施|做法|工作|成效|成绩|亮点|法治|建设|报告|情况|主要|重点/;

/**
 * True when the question names a subject (a rare concept, not a word for the part of the report)
 * that the best passage holds but no item of the list mentions: it asks about that, not the list.
 */
function asksSomethingElse(retrieval: Retrieval, items: Item[]): boolean {
  const top = retrieval.passages[0];
  if (!top) return false;
  const passage = `${normalizedContext(top.chunk, top.doc)}\n${normalizeForMatch(top.chunk.text)}`;
  const itemsText = normalizeForMatch(items.map((i) => i.text).join("\n"));
  return [...retrieval.weights].some(
    ([c, w]) => w >= 2 && !PART_WORDS.test(c.said) && present(c, passage) && !present(c, itemsText),
  );
}

/** The old law beside the new: the best paragraph of each, the new one first unless the old is asked. */
function oldAndNew(question: string, retrieval: Retrieval, catalog: Catalog, notes: string[]): Answer {
  const builder = new AnswerBuilder();
  // The law asked about leads ("新条例写的是…，老条例规定能用哪些方式": the old one).
  const { askedLaw } = retrieval.query;
  const asked = (p: Passage) => Number(p.doc.kind === "regulation" && p.doc.title === askedLaw);
  const pair = [...retrieval.pair!].sort((a, b) => asked(b) - asked(a));
  for (const p of pair) {
    const status = p.doc.kind === "regulation" && p.doc.status === "superseded" ? "（已被取代的旧条例）" : "（现行）";
    builder.quote(bestParagraph(p, retrieval), p.chunk, p.doc, { lead: `${sourceName(p)}${status}：` });
  }
  const old = catalog.regulations.find((r) => r.status === "superseded");
  const since = old?.supersededOn ? `自${chineseDate(old.supersededOn)}起` : "";
  const broad = retrieval.broad
    ? [
        "两部条例没有总述区别的条文；适用范围（第二条）的变化最明显。具体事项可以再问，例如：“新旧条例的办理期限有什么不同？”",
      ]
    : [];
  return builder.build(question, [
    ...notes,
    ...broad,
    `新旧条例的相关规定如下（${since}施行《${old?.supersededBy ?? "信访工作条例"}》）：`,
  ]);
}

/** An explicitly asked article, whole, with its chapter. */
function articleAnswer(question: string, top: Passage, catalog: Catalog): Answer {
  const { chunk, doc } = top;
  const citation = citationFor(1, chunk, doc, chunk.text);
  const head = `《${doc.title}》第${toChineseNumeral(chunk.article ?? 0)}条${chunk.chapter ? `（${chunk.chapter}）` : ""}：`;
  return {
    question,
    answer: [...supersededNote([doc.title], catalog), head, `${chunk.text}[1]`].join("\n"),
    found: true,
    citations: [citation],
  };
}

/** Says so when a report is cited for a year it does not cover (its plans for the next year). */
export function yearNote(retrieval: Retrieval, p: Passage): string {
  const asked = retrieval.query.years;
  if (p.doc.kind !== "report" || asked.length === 0 || asked.includes(p.doc.year)) return "";
  return `中关于${asked.map((y) => `${y}年`).join("、")}的计划`;
}

/**
 * Whether a regulation is in force, and since when, quoting each one's commencement article; asked
 * when or by whom it was made, the dated lines above its text as well.
 */
function statusAnswer(question: string, retrieval: Retrieval, catalog: Catalog): Answer {
  const citations = retrieval.passages.map((p, i) => citationFor(i + 1, p.chunk, p.doc, p.chunk.text));
  const lines = retrieval.passages.map((p, i) => {
    const reg = catalog.regulations.find((r) => r.id === p.doc.id)!;
    if (retrieval.query.intent.asksLength) {
      const chapter = /^第([一二三四五六七八九十]+)章/.exec(p.chunk.chapter ?? "")?.[1];
      const chapters = chapter ? `，分${chapter}章` : "";
      return `《${reg.title}》共${p.chunk.article}条${chapters}。最后一条：\n${p.chunk.text}[${i + 1}]`;
    }
    if (retrieval.query.intent.asksIssued) {
      const made =
        reg.header?.join("；") ??
        (reg.issuedDate ? `${chineseDate(reg.issuedDate)} ${reg.issuer ?? ""}发布`.trim() : "文本未载明发布日期");
      return `《${reg.title}》：${made}。\n${p.chunk.text}[${i + 1}]`;
    }
    const state =
      reg.status === "in_force"
        ? "现行有效"
        : `已被《${reg.supersededBy ?? "新条例"}》取代${reg.supersededOn ? `（新条例自${chineseDate(reg.supersededOn)}起施行）` : ""}`;
    return `《${reg.title}》${state}。${reg.issuer ? `发布机关：${reg.issuer}。` : ""}\n${p.chunk.text}[${i + 1}]`;
  });
  return { question, answer: lines.join("\n"), found: true, citations };
}

/** Most reports an inventory answer names one by one. */
const LISTED_REPORTS = 20;

/** "陕西的信访局有哪些报告": the reports held, of the bureaus and years asked (from the catalog). */
function inventoryAnswer(question: string, retrieval: Retrieval, catalog: Catalog): Answer {
  const held = retrieval.inventory ?? [];
  const { bureaus, years } = retrieval.query;
  const of = [bureaus.join("、"), years.map((y) => `${y}年`).join("、")].filter((x) => x !== "").join(" ");
  if (held.length === 0) {
    return {
      question,
      answer: `现有文档中没有${of}的报告。\n${availability(catalog)}`,
      found: false,
      citations: [],
    };
  }
  // Bullets, not numbers: the list is no answer whose items can be asked for ("2").
  const lines = held.slice(0, LISTED_REPORTS).map((r) => `· ${r.bureau}（${r.year}年）：${r.title}`);
  const more = held.length > LISTED_REPORTS ? [`……等共${held.length}份。`] : [];
  return {
    question,
    answer: [
      `现有文档中${of ? `${of}的` : ""}报告共${held.length}份：`,
      ...lines,
      ...more,
      "发送 /reports 可以按章节浏览报告全文。",
    ].join("\n"),
    found: true,
    citations: [],
  };
}

function chineseDate(iso: string): string {
  return iso.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, "$1年$2月$3日");
}

/** A warning when the superseded 2005 regulation is cited. */
export function supersededNote(titles: string[], catalog: Catalog): string[] {
  const old = catalog.regulations.find((r) => r.status === "superseded" && titles.includes(r.title));
  if (!old) return [];
  const since = old.supersededOn ? `自${chineseDate(old.supersededOn)}起` : "";
  return [
    `注意：《${old.title}》已被《${old.supersededBy ?? "新条例"}》取代（${since}施行新条例），以下引用的是已失效的旧条例。`,
  ];
}

/** The offline synthesizer: composeAnswer over the engine's retrieval. */
export class ExtractiveSynthesizer implements Synthesizer {
  constructor(
    private readonly catalog: Catalog,
    private readonly options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS,
  ) {}

  async synthesize(question: string, retrieval: Retrieval): Promise<Answer> {
    return composeAnswer(question, retrieval, this.catalog, this.options);
  }
}
