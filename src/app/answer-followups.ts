/**
 * Follow-ups about the chat's last answer rather than its question: one item of a list answer
 * ("第二点具体说说", "第2条展开讲讲", a bare "2") and more of the same ("还有呢", "其他的呢"). Pure
 * readers of a message, and the replies they make.
 */
import { citationReference } from "../answer/citations.ts";
import type { ListItem } from "../answer/list-items.ts";
import type { Answer, Citation } from "../answer/types.ts";
import { parseNumber, toChineseNumeral } from "../text/numerals.ts";
import { normalizeForMatch } from "../text/script.ts";

/** A short message as its patterns read it: normalised, without the punctuation that ends it. */
function shortForm(text: string): string {
  return normalizeForMatch(text)
    .trim()
    .replace(/[？?。！!~～\s]+$/, "");
}

/** A message pointing at an item: its number, and the word it counts with (点, 条…; none for "2"). */
export interface ItemReference {
  n: number;
  unit?: string;
}

/**
 * "第二点…", "那第3条呢", "上面第三个…", "详细说一下第1项", "展开讲讲第三个": an ordinal, a counting
 * word, and what is asked of the item (after it, or as a verb before it).
 */
const ITEM =
  /^(?:那么?|那个|请问)?(?:(?:再|请|麻烦|帮我)?(?:详细|具体)?(?:说说|讲讲|说一下|讲一下|说下|讲下|展开讲讲|展开说说|展开讲|展开说|展开|解释一下|解释|介绍一下|介绍|看看|看一下)(?:一下)?)?(?:上面|上文|刚才|前面|你说)?的?第\s*(\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(点|条|项|个|部分|方面|句)?(.{0,12})$/;
/** A bare number ("2", "2."). */
const BARE_NUMBER = /^(\d{1,2})[.、]?$/;
/** What may follow the item: asking to see it, explained ("具体说说", "是什么意思", "呢"). */
const ELABORATE = /^(?:的|里的?|中的?|那个)?$|说|讲|谈|聊|解释|介绍|展开|意思|理解|指|什么|啥|内容|原文|详|具体|细|呢/;
/** A message naming the law asks its article ("条例第二条"), never an item. */
const NAMES_LAW = /条例|法规|法律|规定/;

/** The item a message points at, if it is only that ("第二点具体说说", "2"). */
export function itemReference(text: string): ItemReference | undefined {
  const t = shortForm(text);
  const bare = BARE_NUMBER.exec(t);
  if (bare) return { n: Number(bare[1]) };
  const m = ITEM.exec(t);
  // Without a counting word, only "第二" or "第二呢" (第二次会议, 第一季度 are no items).
  const rest = m?.[2] ? ELABORATE : /^(?:呢|吧)?$/;
  if (!m || NAMES_LAW.test(t) || !rest.test(m[3]!)) return undefined;
  const n = parseNumber(m[1]!);
  return n && n > 0 ? { n, ...(m[2] ? { unit: m[2] } : {}) } : undefined;
}

/** "还有呢", "还有别的吗", "其他的呢", "继续": more of what the last answer was about. */
const MORE =
  /^(?:那么?)?(?:还有(?:别的|其他|其它|啥|什么|哪些)?的?(?:呢|吗|么|嘛|没有|没)?|(?:其他|其它|别的|另外|剩下|更多)的?(?:呢|还有吗|还有呢|有吗)?|再(?:来|说|讲|找)(?:点|些|一些)?(?:别的|其他的?|其它的?)?|继续说?|接着说)$/;

/** Whether a message asks for more of the last answer's subject. */
export function asksForMore(text: string): boolean {
  return MORE.test(shortForm(text));
}

/** A question about where the last answer comes from ("这个数字是哪年的", "出处呢", "哪个报告说的"). */
const SOURCE =
  /^(?:那?(?:这|那|上面|刚才|你说)的?(?:个|些|条|句)?(?:数字|数据|数|说法|内容|回答|答案|信息|规定|条文|话)?)?(?:是|都是)?(?:哪年的|哪一年的|出自哪(?:里|儿|份报告|个报告|个文件)?|从哪(?:里|儿)?来的|哪来的|哪里来的|出处(?:是|在)?哪(?:里|儿)?|出处呢|来源呢|来源是?(?:什么|啥)|有出处吗|(?:是)?哪(?:个|份)报告(?:里)?(?:说|写|讲)?的|根据(?:是)?(?:什么|啥|哪)(?:来的)?)$/;

/** "这是哪一条", "在报告哪一部分", "第几条": where in its document the last answer stands. */
const PLACE =
  /^(?:那?(?:这|那|上面|刚才|你说)的?(?:个|些|条|句)?(?:数字|数据|说法|内容|回答|答案|规定|条文|话)?)?(?:是|在|出自)?(?:报告|条例|文件)?(?:的|里的?)?(?:哪一?条(?:规定)?|第几条|哪一?(?:部分|节|章|段)|哪个(?:部分|章节|地方))(?:的|里|里面|中)?(?:规定的?|说的|写的)?(?:呢|吗)?$/;

/** Whether a message asks where the last answer comes from. */
export function asksForSource(text: string): boolean {
  const t = shortForm(text);
  return SOURCE.test(t) || PLACE.test(t);
}

/** "原文呢", "这条规定的原文是什么", "详细点", "具体说说": the last answer's passage in full. */
const FULL_TEXT =
  /^(?:那?(?:这|那|上面|刚才|你说)的?(?:个|条|句|段)?(?:规定|条文|内容|回答|话|数字)?的?)?(?:原文|全文|原话|完整(?:的)?(?:内容|条文|原文)?)(?:呢|是(?:什么|啥|怎么写的)|怎么(?:写|说)的|发(?:我|一下)|给我看看|看看)?$|^(?:请|麻烦)?(?:再)?(?:详细|具体)(?:一?点|一些|些)?(?:说说|讲讲|说一下|讲一下|说|讲)?(?:呢)?$|^(?:展开|展开说说|展开讲讲|说详细点|讲详细点|给我看(?:看)?原文)$/;

/** Whether a message asks to see the last answer's passage in full. */
export function asksForFullText(text: string): boolean {
  return FULL_TEXT.test(shortForm(text));
}

/** "原文呢": the passage the last answer quoted first, in full, with its citation. */
export function fullTextAnswer(question: string, citation: Citation, full: string): Answer {
  const cited: Citation = { ...citation, n: 1, quote: full };
  return {
    question,
    answer: [`上一个回答引自${citationReference(cited)}，原文如下：`, `${full}[1]`].join("\n"),
    found: true,
    citations: [cited],
  };
}

/** "详细点" after a list: which item to open. */
export function whichItem(question: string, listed: number): Answer {
  return notice(question, `上一个回答列出了${listed}项。请发送序号（1 到 ${listed}）查看某一项的原文，或直接提问。`);
}

/** "这个数字是哪年的": the last answer's sources (the report, its year and section; the law and article). */
export function sourceAnswer(question: string, shown: Citation[]): Answer {
  const once = numberedOnce(shown);
  if (once.length === 0) return notice(question, "上一个回答没有引用文档，没有出处可说。");
  const reports = [...new Set(once.flatMap((c) => (c.kind === "report" ? [`${c.bureau}${c.year}年的报告`] : [])))];
  const laws = [...new Set(once.flatMap((c) => (c.kind === "regulation" ? [citationReference(c)] : [])))];
  return notice(question, `上一个回答出自${[...reports, ...laws].join("、")}，引自以下出处：`, once);
}

/** Citations once each (by source, section, article and quote), numbered again from 1. */
function numberedOnce(citations: Citation[]): Citation[] {
  const key = (c: Citation) => [c.source, c.section ?? "", c.article ?? "", c.quote].join("\u0000");
  return citations
    .filter((c, i) => citations.findIndex((d) => key(d) === key(c)) === i)
    .map((c, i) => ({ ...c, n: i + 1 }));
}

/** A notice (no answer from the documents): no buttons, nothing logged as unanswered. */
export function notice(question: string, answer: string, citations: Citation[] = []): Answer {
  return { question, answer, found: false, citations, notice: true };
}

/** "第二点具体说说": the item quoted in full, with the citation it had. */
export function itemAnswer(question: string, item: ListItem, full: string): Answer {
  const citation: Citation = { ...item.citation, n: 1, quote: full };
  const nothingMore = full.replace(/[。；;，,\s]+$/, "") === item.text.replace(/[。；;，,\s]+$/, "");
  return {
    question,
    answer: [
      `第${item.n}项出自${citationReference(citation)}，原文如下：`,
      `${full}[1]`,
      ...(nothingMore ? ["原文对这一项没有更多展开。"] : []),
    ].join("\n"),
    found: true,
    citations: [citation],
  };
}

/** How an item asked was understood; after "第二条", how to ask the law's article instead. */
export function itemNote(ref: ItemReference): { understoodAs: string; note: string } {
  const understoodAs = `上一个回答的第${ref.n}项`;
  const article = `第${toChineseNumeral(ref.n)}条`;
  const lawToo = ref.unit === "条" ? `；要查条例的${article}，请发送“条例${article}”` : "";
  return { understoodAs, note: `（按上文理解为：${understoodAs}${lawToo}）` };
}

/** Whether a reply (as plain text) answers an item of a list, by the note itemNote() puts first. */
export function isItemReply(plain: string): boolean {
  return /^（按上文理解为：上一个回答的第\d+项/.test(plain);
}

/** "第五点…" when the last answer listed fewer; "第二点…" when it listed none. */
export function noSuchItem(question: string, ref: ItemReference, listed: number): Answer {
  const asked = `第${ref.n}${ref.unit ?? "项"}`;
  return notice(
    question,
    listed > 0
      ? `上一个回答只列出了${listed}项，没有${asked}。请发送 1 到 ${listed} 之间的序号，或直接提问。`
      : `上一个回答没有分项列出内容，不清楚“${asked}”指的是什么。请把问题说完整，例如：“西安市信访局2021年有哪些不足？”`,
  );
}

/** "还有呢" when nothing more answers: says so, with the sources already shown (numbered again, once each). */
export function noMoreAnswer(question: string, shown: Citation[]): Answer {
  const citations = numberedOnce(shown);
  return notice(
    question,
    citations.length > 0 ? "没有更多相关内容了。前面的回答引自以下出处：" : "没有更多相关内容了。",
    citations,
  );
}
