/** Questions from the regulation in force: deadlines and figures, which article, prohibited conduct, dates. */
import { toChineseNumeral } from "../text/numerals.ts";
import { cut } from "../text/cut.ts";
import { chunksOf, inForce, makeQuestion, sentencesOf, type QuizCorpus } from "./build.ts";
import type { QuizQuestion } from "./types.ts";

const FIGURE = /(\d+)(个工作日|日|人|年|个月)/g;
const FALLBACK_NUMBERS = [3, 5, 7, 10, 15, 20, 30, 45, 60, 90];

/** "（  ）" where the answer was. */
const BLANK = "（  ）";

/** 信访工作条例 figures: "应当自收到之日起（  ）内提出异议" with other figures of the same unit. */
export function figureQuestions(corpus: QuizCorpus, random: () => number): QuizQuestion[] {
  const reg = inForce(corpus);
  if (!reg) return [];
  const articles = chunksOf(corpus, reg.id);
  const byUnit = new Map<string, Set<string>>();
  for (const a of articles)
    for (const m of a.text.matchAll(FIGURE)) byUnit.set(m[2]!, (byUnit.get(m[2]!) ?? new Set()).add(m[0]));
  const out: QuizQuestion[] = [];
  for (const article of articles) {
    for (const sentence of sentencesOf(article.text.replace(/^第[^条]+条\s*/, ""))) {
      for (const m of sentence.matchAll(FIGURE)) {
        const [value, , unit] = m;
        // A date ("2022年5月1日起施行") is no period: its year and day get no figure distractors.
        const after = sentence.slice(m.index + value!.length);
        if ((unit === "年" && /^\d+月/.test(after)) || (unit === "日" && /月$/.test(sentence.slice(0, m.index))))
          continue;
        // Distractors: the same unit, and never a figure this article states (it could be right too).
        const pool = [...(byUnit.get(unit!) ?? []), ...FALLBACK_NUMBERS.map((n) => `${n}${unit}`)].filter(
          (v) => !new RegExp(`(?<!\\d)${v}`).test(article.text),
        );
        const context = cut(sentence.replace(value!, BLANK), 150);
        const q = makeQuestion({
          kind: "reg-figure",
          topic: "条例",
          question: `根据《${reg.title}》第${toChineseNumeral(article.article!)}条：“${context}”括号处应为？`,
          correct: value!,
          distractors: pool,
          chunk: article,
          doc: reg,
          evidence: sentence,
          random,
        });
        if (q) out.push(q);
      }
    }
  }
  return out;
}

/** "「…」出自《信访工作条例》第几条？" with nearby article numbers as distractors. */
export function articleQuestions(corpus: QuizCorpus, random: () => number): QuizQuestion[] {
  const reg = inForce(corpus);
  if (!reg) return [];
  const articles = chunksOf(corpus, reg.id);
  const count = articles.length;
  const out: QuizQuestion[] = [];
  for (const article of articles) {
    const n = article.article!;
    const first = sentencesOf(article.text.replace(/^第[^条]+条\s*/, ""))[0] ?? "";
    if (first.length < 15 || first.length > 90 || /本条例第|前款|下列/.test(first)) continue;
    const near = [-3, -2, -1, 1, 2, 3, 5, -5].map((d) => n + d).filter((k) => k >= 1 && k <= count);
    const q = makeQuestion({
      kind: "reg-article",
      topic: "条例",
      question: `“${first}”出自《${reg.title}》第几条？`,
      correct: `第${toChineseNumeral(n)}条`,
      distractors: near.map((k) => `第${toChineseNumeral(k)}条`),
      chunk: article,
      doc: reg,
      evidence: first,
      random,
    });
    if (q) out.push(q);
  }
  return out;
}

/** Prohibited conduct: an item of a "不得有下列行为" list, against items of other articles' lists. */
export function prohibitedQuestions(corpus: QuizCorpus, random: () => number): QuizQuestion[] {
  const reg = inForce(corpus);
  if (!reg) return [];
  const articles = chunksOf(corpus, reg.id);
  const items = (text: string) =>
    text
      .split("\n")
      .filter((l) => /^（[一二三四五六七八九十]+）/.test(l))
      .map((l) => l.replace(/^（[一二三四五六七八九十]+）/, "").replace(/[；;。]$/, ""))
      .filter((l) => l.length >= 4 && l.length <= 60);
  const out: QuizQuestion[] = [];
  for (const article of articles.filter((a) => /不得有下列行为/.test(a.text))) {
    const others = articles
      .filter((a) => a !== article && !/不得|禁止|追究|处分|处理/.test(a.text.split("\n")[0]!))
      .flatMap((a) => items(a.text));
    for (const item of items(article.text)) {
      const q = makeQuestion({
        kind: "reg-prohibited",
        topic: "条例",
        question: `根据《${reg.title}》第${toChineseNumeral(article.article!)}条，下列哪一项属于信访人在信访过程中不得有的行为？`,
        correct: item,
        distractors: others.filter((o) => !article.text.includes(o)),
        chunk: article,
        doc: reg,
        evidence: cut(article.text.split("\n")[0]!, 120),
        random,
      });
      if (q) out.push(q);
    }
  }
  return out;
}

/** Since when each regulation applies, with the other dates of the regulations as distractors. */
export function sinceQuestions(corpus: QuizCorpus, random: () => number): QuizQuestion[] {
  const regs = corpus.documents.filter((d) => d.kind === "regulation");
  const zh = (iso: string) => iso.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, "$1年$2月$3日");
  const dates = regs
    .flatMap((r) => (r.kind === "regulation" ? [r.inForceDate, r.issuedDate] : []))
    .filter((d): d is string => !!d)
    .map(zh);
  const out: QuizQuestion[] = [];
  for (const reg of regs) {
    if (reg.kind !== "regulation" || !reg.inForceDate) continue;
    const chunk = chunksOf(corpus, reg.id).find((c) => c.text.includes(`${zh(reg.inForceDate!)}起施行`));
    if (!chunk) continue;
    const label =
      reg.status === "superseded" ? `旧《${reg.title}》（已被《${reg.supersededBy}》取代）当年` : `《${reg.title}》`;
    const q = makeQuestion({
      kind: "reg-since",
      topic: "条例",
      question: `${label}自何时起施行？`,
      correct: zh(reg.inForceDate),
      distractors: [...dates, zh(reg.inForceDate.replace(/-\d\d$/, "-01").replace(/-\d\d-/, "-01-"))],
      chunk,
      doc: reg,
      evidence: cut(chunk.text, 100),
      random,
    });
    if (q) out.push(q);
  }
  return out;
}
