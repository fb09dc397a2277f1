/**
 * Scored questions for a synthetic corpus: templates of the real kinds of question (fact, list,
 * reg, cross, none) filled in with the invented bureaus and years, with gold figures changed
 * exactly as the generator changed the reports.
 */
import type { EvalItem } from "../eval/metrics.ts";
import { perturbFigures, syntheticRegion, type BaseReport, type SyntheticReport } from "./synthetic.ts";

/** A question about one report; {region}, {bureau} and {year} are filled in from a synthetic report. */
export interface ReportTemplate {
  /** The real bureau (full name, as in its file name) whose report the question is about. */
  base: string;
  kind: "fact" | "list";
  q: string;
  /** Fact groups as the real report words them; figures in them change with the report's. */
  facts: string[][];
}

/** The report templates, a few per real report, in the words people use. */
export const REPORT_TEMPLATES: ReportTemplate[] = [
  {
    base: "惠安县人民政府信访局",
    kind: "fact",
    q: "{region}信访局{year}年依法分类处理信访诉求共办理多少件？",
    facts: [["1270件"]],
  },
  {
    base: "惠安县人民政府信访局",
    kind: "fact",
    q: "{region}律师参与县主要领导接访共计多少次？",
    facts: [["12次", "12 次"]],
  },
  { base: "惠安县人民政府信访局", kind: "fact", q: "{region}{year}年开展上街咨询宣传活动多少次？", facts: [["48次"]] },
  {
    base: "惠安县人民政府信访局",
    kind: "list",
    q: "{region}信访局{year}年法治政府建设开展了哪些工作？",
    facts: [["理论武装"], ["依法行政"], ["多元化解"]],
  },
  { base: "阎良区信访局", kind: "fact", q: "{bureau}{year}年召开了几次保密工作会议？", facts: [["2次", "2 次"]] },
  { base: "阎良区信访局", kind: "fact", q: "{bureau}{year}年搞了几次党规党纪知识测试？", facts: [["3次", "3 次"]] },
  { base: "阎良区信访局", kind: "fact", q: "{region}信访局的专职法律顾问来局里做了什么？", facts: [["法治教育培训"]] },
  {
    base: "大同市平城区信访局",
    kind: "fact",
    q: "{region}信访局提出的“来访必登”工作要求的完整说法是什么？",
    facts: [["有访必接"]],
  },
  {
    base: "大同市平城区信访局",
    kind: "list",
    q: "{bureau}{year}年有哪些主要举措和成效？",
    facts: [["重大决策"], ["信访改革"]],
  },
  {
    base: "西安市信访局",
    kind: "fact",
    q: "{bureau}{year}年邀请了多少法律专家和律师参与听证评议？",
    facts: [["30余人", "30 余人"]],
  },
  { base: "西安市信访局", kind: "fact", q: "{bureau}{year}年召开了多少次听证评议会？", facts: [["12次", "12 次"]] },
  {
    base: "西安市信访局",
    kind: "list",
    q: "{bureau}{year}年法治政府建设采取了哪些主要措施？",
    facts: [["法律知识学习"], ["行政决策"], ["法治宣传"]],
  },
  {
    base: "重庆市沙坪坝区信访办公室",
    kind: "fact",
    q: "{region}在群众来访接待大厅发放了多少份宣传资料？",
    facts: [["500余份"]],
  },
  {
    base: "重庆市沙坪坝区信访办公室",
    kind: "fact",
    q: "{region}信访办{year}年全年排查突出矛盾纠纷多少件？",
    facts: [["71件"]],
  },
  {
    base: "重庆市沙坪坝区信访办公室",
    kind: "fact",
    q: "{region}信访办活动期间一共发了多少份各类宣传资料？",
    facts: [["2000多份", "2000 多份"]],
  },
];

/** Regulation questions: the same at every size, asked while thousands of reports compete. */
const REGULATION_ITEMS: EvalItem[] = [
  {
    id: "S-reg-1",
    q: "信访人对复查意见不服可以怎么办？",
    kind: "reg",
    sources: [{ doc: "信访工作条例", article: 36 }],
    facts: [["复核"]],
  },
  {
    id: "S-reg-2",
    q: "信访工作条例第十七条是怎么规定的？",
    kind: "reg",
    sources: [{ doc: "信访工作条例", article: 17 }],
    facts: [["信息网络"]],
  },
  {
    id: "S-reg-3",
    q: "中央信访工作联席会议办公室设在哪里？",
    kind: "reg",
    sources: [{ doc: "信访工作条例", article: 11 }],
    facts: [["国家信访局"]],
  },
  {
    id: "S-reg-4",
    q: "老的信访条例规定走访代表最多几个人？",
    kind: "reg",
    sources: [{ doc: "信访条例", article: 18 }],
    facts: [["5人", "五人"]],
  },
];

/** The cross question: its gold is every synthetic report made from a real one holding the phrase. */
const CROSS = { q: "哪些报告提到了新时代“枫桥经验”？", phrase: "枫桥经验", minSources: 2 };

/** Fills a template's placeholders from a synthetic report. */
function fillTemplate(q: string, report: Pick<SyntheticReport, "region" | "bureau" | "year">, year = report.year) {
  return q
    .replaceAll("{region}", report.region)
    .replaceAll("{bureau}", report.bureau)
    .replaceAll("{year}", String(year));
}

/** The template's facts as synthetic report `report` words them. */
function syntheticFacts(template: ReportTemplate, report: SyntheticReport): string[][] {
  return template.facts.map((group) => group.map((alt) => perturbFigures(alt, report.figureDelta)));
}

/**
 * `samples` synthetic reports spread over the corpus, the same number made from each real report
 * (as far as the corpus allows), in a fixed order.
 */
export function sampleReports(reports: SyntheticReport[], baseCount: number, samples: number): SyntheticReport[] {
  if (reports.length <= samples) return reports;
  const perBase = Math.ceil(samples / baseCount);
  const out: SyntheticReport[] = [];
  for (let j = 0; j < samples; j++) {
    const k = j % baseCount;
    const m = Math.floor(j / baseCount);
    const copies = Math.ceil((reports.length - k) / baseCount);
    const pick = k + baseCount * Math.min(copies - 1, Math.floor(((m + 0.5) / perBase) * copies));
    if (reports[pick]) out.push(reports[pick]);
  }
  return out;
}

/** Options of scaleQuestions. */
export interface ScaleQuestionOptions {
  /** How many synthetic reports the questions are about; default 15. */
  samples?: number;
  /** Titles of the regulations whose texts the corpus holds; default: all the questions need. */
  regulations?: string[];
}

/**
 * The scored questions of a synthetic corpus: each sampled report's templates (figures changed as
 * in its text), a question about the year after a sampled report (none), two about bureaus that do
 * not exist (none), the regulation questions, and the cross question. Templates whose facts the
 * real report does not hold (it was edited) are left out.
 */
export function scaleQuestions(
  bases: BaseReport[],
  reports: SyntheticReport[],
  options: ScaleQuestionOptions = {},
): EvalItem[] {
  const textOf = new Map(bases.map((b) => [b.bureau, b.text]));
  const usable = REPORT_TEMPLATES.filter((t) =>
    t.facts.every((group) => group.some((alt) => textOf.get(t.base)?.includes(alt))),
  );
  const sampled = sampleReports(reports, bases.length, options.samples ?? 15);
  const items: EvalItem[] = [];
  sampled.forEach((r, j) => {
    usable
      .filter((t) => t.base === r.base)
      .forEach((t, k) =>
        items.push({
          id: `S-${r.index}-${k + 1}`,
          q: fillTemplate(t.q, r),
          kind: t.kind,
          sources: [{ bureau: r.region, year: r.year }],
          facts: syntheticFacts(t, r),
        }),
      );
    if (j % 3 === 0)
      items.push({
        id: `S-${r.index}-none`,
        q: fillTemplate("{region}{year}年办理了多少件信访事项？", r, r.year + 1),
        kind: "none",
      });
  });
  for (let j = 0; j < 2; j++) {
    const region = syntheticRegion(reports.length + 1 + j * 7);
    items.push({
      id: `S-unknown-${j + 1}`,
      q: `${region}信访局${2000 + j * 11}年办理了多少件信访事项？`,
      kind: "none",
    });
  }
  const held = options.regulations;
  items.push(
    ...REGULATION_ITEMS.filter((r) => !held || (r.sources ?? []).every((s) => "doc" in s && held.includes(s.doc))),
  );
  const crossGold = reports.filter((r) => textOf.get(r.base)?.includes(CROSS.phrase));
  if (crossGold.length >= CROSS.minSources)
    items.push({
      id: "S-cross",
      q: CROSS.q,
      kind: "cross",
      sources: crossGold.map((r) => ({ bureau: r.region, year: r.year })),
      min_sources: CROSS.minSources,
      facts: [],
    });
  return items;
}

/**
 * A change to one report for the re-ingest run: the figure a fact question asks for grows by
 * 100000 in the report's text (every way the question's first fact is written), and the question
 * then expects the new figure. Undefined when the text holds none of the figure's forms.
 */
export function changeFigure(text: string, item: EvalItem): { text: string; check: EvalItem } | undefined {
  // A form as a whole figure: "12次" is not the end of "112次".
  const pattern = (alt: string) => new RegExp(`(?<!\\d)${alt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "g");
  const forms = (item.facts?.[0] ?? []).filter((alt) => /^\d/.test(alt) && pattern(alt).test(text));
  if (forms.length === 0) return undefined;
  const grow = (s: string) => s.replace(/\d+/, (n) => String(Number(n) + 100000));
  let changed = text;
  for (const alt of forms) changed = changed.replace(pattern(alt), grow(alt));
  return { text: changed, check: { ...item, id: `${item.id}-changed`, facts: [forms.map(grow)] } };
}
