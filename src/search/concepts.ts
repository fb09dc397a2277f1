/**
 * A question's content as concepts: each thing it asks about, with the strings that would show it
 * in a passage — the user's own word plus, for colloquial words, the documents' words from the
 * thesaurus. Coverage (how much of a question a passage holds) is measured over concepts, so
 * "办完" is found in "办结" and "亲戚" in "利害关系".
 */
import { generalIdf } from "../text/general-idf.ts";
import { segmenter, STOPWORDS } from "../text/tokenize.ts";
import { findExpansions, type Thesaurus } from "./thesaurus.ts";

/** One thing a question asks about. */
export interface Concept {
  /** As the user wrote it (normalised). */
  said: string;
  /** Any of these found in a passage means the concept is there (the user's word first). */
  alternatives: string[];
  /** True when the thesaurus added the documents' words. */
  expanded: boolean;
  /** A noun (jieba's part of speech): when the corpus lacks it, the corpus lacks what is asked. */
  noun: boolean;
  /** A word saying what kind of answer is wanted (准备, 不足, 怎么处理), not what it is about. */
  cue?: boolean;
  /** The words of a user's phrase: all of them in a passage also count ("律师参与接访" in 律师参与县主要领导接访). */
  parts?: string[];
  /** The user quoted it (“三到位一处理”): the name itself is what the answer must hold. */
  quoted?: boolean;
  /** A long word's own words: they stand for it when the corpus does not use the word itself. */
  subwords?: string[];
  /**
   * A four-character word made of two words: said with a few characters between them, it is said
   * too ("集中学习" in 集中开展相关学习).
   */
  split?: [string, string];
  /** What a figure question counts ("多少件信访事项"): often left out beside the figure. */
  counted?: boolean;
  /** Right beside the question word ("向谁**报告**", "**副组长**是谁"): what the question turns on. */
  focus?: boolean;
  /**
   * Said only in the story a question about the rules tells before it asks ("我反映宅基地被占了，…
   * 最晚多久办完"): when the corpus lacks it, it is the asker's matter, not what the rules are asked.
   */
  story?: boolean;
  /**
   * The step itself is asked ("复查期限多久"), not what follows objecting to its outcome: a passage
   * saying it only as that outcome or its body ("对复查意见不服的…向复查机关、单位的上一级…请求复核")
   * does not hold it.
   */
  itself?: boolean;
  /**
   * Who the question about the rules is about: it opens the asking clause ("信访局收到来信以后，
   * 多少天内得转出去"). An article whose opening names the same actor is about them.
   */
  subject?: boolean;
}

/** How much a counted noun weighs, against its rarity alone. */
const COUNTED_FACTOR = 0.5;

/** How much a word of the story told before a question about the rules weighs, against its rarity. */
const STORY_FACTOR = 0.6;

/** How much more the concept beside the question word weighs. */
const FOCUS_FACTOR = 1.5;

/** Question words, for finding the concept a question turns on. */
const QUESTION_WORD = /谁|什么|啥|哪|几|多少|多久|怎么|怎样|如何|吗|是否|能否|可否|咋/g;

/** How much more a quoted term weighs than its rarity alone says. */
const QUOTED_FACTOR = 2;

/** Most a cue word weighs. */
export const CUE_WEIGHT = 0.5;

/** Spoken fillers and question words that are not in the shared stopword list. */
const FILLERS = new Set(
  [
    "一共 总共 共计 合计 拢共 统共 一年下来 到底 究竟 大概 大约 左右 的话 那边 这边 那个 这个 那份 这份",
    "那年 那一年 这一年 当年 帮我 一下 几回 几项 几条 几件 几份 几位 几名 几块 几点 几方面 干嘛 干啥 干什么 做什么 做啥",
    "为啥 叫啥 咋办 咋样 能否 可否 是不是 能不能 会不会 要不要 可不可以 行不行 管不管",
    "算不算 有没有 怎么样 怎么办 怎么弄 怎么搞 如何 怎样 哪位 哪天 哪年 哪家 哪种 什么样",
    "多少次 多少件 多少个 多少人 名字 叫什么 啥时候 什么时候 时候 现在 目前 还是 就是 然后",
    "那么 这么 一些 这些 那些 所有 全部 都是 可能 应该 需要 得 过 着 吗 呢 吧 啊 呀",
    "嘛 啥 咋 呗 哦 嗯 喔 哪 谁 几 我 你 他 她 它 咱 俺 您 们 自己 人家 别人 有人",
    "东西 事情 事儿 方面 问 想 知道 了解 一个 一次 这种 那种 还有 以及 或者 另外 地方",
    "一定 之后 以后 以前 之前 出来 不能 可以 能够 非得 谁家 不是 有的",
    "列 列出 列出来 列一下 列举 罗列 全部列 都列 说说 讲讲 说一下 讲一下 介绍 介绍下 介绍一下", // asking, not asked about
    "比一比 比比 比一下 比较一下 对比一下 比对一下 比一比看 比较比较", // asking for a comparison, which the bureaus named make
    "对应 相应 相对应 对得上", // the other law's article answering to one ("旧条例对应哪一条")
    "针对 对于 关于", // prepositions
    "这块 那块 这一块 那一块 这方面 那方面 普遍 普遍性 通常 总体上 大体上 基本上 大多 提了 提到 提过 说到 讲到 好几个 好几家 好几份 承认 发力 使劲 使把劲 下功夫 下力气 入手 着手", // what the asker sums up
    "咱们 俺们 已经 早就 一直 至今 到现在 全都 都去 全去 全部去 人管 开个 同时 一遍 被处理 他们 我们 你们 她们 必须 按规定 按照规定 会管 该找谁 找谁 到底该 感觉 好像 似乎 貌似", // the asker's story and asking
  ]
    .join(" ")
    .split(" "),
);

/** Particles and pronouns at the edge of a word jieba does not know ("要录" -> 录, "区里" -> 区). */
const EDGE =
  /^[我你他她它咱俺您要能会得着了过的地把被让给去来在到都也还就才又再很太最更没不别这那哪啥咋么呢吗吧啊呀嘛是有和与及或些上]+|[我你他她它们要能会得着了过的地把被让给去来在到都也还就才又再很太最更没不别这那哪啥咋么呢吗吧啊呀嘛是有和与及或里上中]+$/g;

/** jieba's noun tags (n, nr, ns, nt, nz, vn…). */
const NOUN_TAG = /^(n|vn|an)/;
/** A word for what something costs: its last character is its head. */
const PRICED = /[费款钱价税租薪]$/;

/** A separator that never occurs in questions: masked spans become one. */
export const MASK = "\u0001";

/** Replaces the given spans of a text by separators. */
export function maskSpans(text: string, spans: { start: number; end: number }[]): string {
  const chars = [...text];
  // Spans index UTF-16 code units; questions are BMP Chinese, where the two agree.
  for (const { start, end } of spans) for (let i = start; i < end && i < chars.length; i++) chars[i] = MASK;
  return chars.join("");
}

/**
 * The concepts of a normalised question whose scope words (bureaus, years, regulation names) are
 * already masked: thesaurus words first (with the documents' words as alternatives), then the
 * remaining content words. Also returns the content runs (for phrases and bigrams).
 */
export function questionConcepts(
  masked: string,
  thesaurus: Thesaurus,
  quoted: string[] = [],
): { concepts: Concept[]; runs: string[] } {
  const concepts: Concept[] = [];
  const spans = new Map<Concept, { start: number; end: number }>();
  // A quoted name is one concept, whatever the segmenter would make of it.
  for (const q of quoted) {
    const at = masked.indexOf(q);
    if (at < 0 || q.includes(MASK)) continue;
    concepts.push({ said: q, alternatives: [q], expanded: false, noun: true, quoted: true });
    masked = maskSpans(masked, [{ start: at, end: at + q.length }]);
  }
  const tagged = segmenter().tag(masked, true);
  const boundaries = new Set<number>([0]);
  const offsets: number[] = [];
  let at = 0;
  for (const t of tagged) {
    offsets.push(at);
    boundaries.add((at += t.word.length));
  }
  const expansions = findExpansions(masked, thesaurus, boundaries);
  for (const e of expansions) {
    if (concepts.some((c) => c.said === e.said)) continue;
    const doc = e.doc.filter((d) => d !== e.said);
    const noun = tagged.some((t) => t.word === e.said && NOUN_TAG.test(t.tag));
    const words = tagged
      .filter((t, i) => offsets[i]! >= e.start && offsets[i]! + t.word.length <= e.end)
      .map((t) => t.word)
      .filter((w) => w.length >= 2 && contentWord(w) === w);
    const concept: Concept = {
      said: e.said,
      alternatives: [e.said, ...doc],
      expanded: doc.length > 0,
      noun,
      // Three words or more are specific enough together; two ("信访方式") are not.
      ...(words.length >= 3 ? { parts: words } : {}),
    };
    concepts.push(concept);
    spans.set(concept, e);
  }
  const inExpansion = (start: number, end: number) => expansions.some((e) => start < e.end && end > e.start);
  const runs: string[] = [];
  let run = "";
  at = 0;
  for (const { word, tag } of tagged) {
    const start = at;
    at += word.length;
    const token = word.trim();
    const content = contentWord(token);
    if (content === undefined) {
      if (run) runs.push(run);
      run = "";
      continue;
    }
    run += token;
    if (inExpansion(start, at) || content.length < 2 || concepts.some((c) => c.said === content)) continue;
    // A long word's own words ("组织学" -> 组织; "村支书" -> 支书) also show it: jieba may have
    // read two words as one ("组织学法律法规" -> 组织学).
    // Not a thing's price or fee ("顾问费", "律师费"): its head is what is asked, not the 顾问.
    const sub =
      content.length >= 3 && !PRICED.test(content)
        ? segmenter()
            .cutForSearch(content, true)
            .filter((w) => w.length >= 2 && w !== content)
        : [];
    const concept: Concept = {
      said: content,
      alternatives: [content],
      expanded: false,
      noun: NOUN_TAG.test(tag),
      ...(sub.length ? { subwords: sub } : {}),
      ...(content.length === 4 && sub.includes(content.slice(0, 2)) && sub.includes(content.slice(2))
        ? { split: [content.slice(0, 2), content.slice(2)] as [string, string] }
        : {}),
    };
    concepts.push(concept);
    spans.set(concept, { start, end: at });
  }
  if (run) runs.push(run);
  markFocus(masked, concepts, spans);
  return { concepts, runs };
}

/** Marks the concepts at most one character away from a question word. */
function markFocus(text: string, concepts: Concept[], spans: Map<Concept, { start: number; end: number }>): void {
  const words = [...text.matchAll(QUESTION_WORD)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  for (const c of concepts) {
    const span = spans.get(c);
    if (span && words.some((w) => Math.max(w.start - span.end, span.start - w.end) <= 1)) c.focus = true;
  }
}

/** The content a token carries, or undefined for fillers and punctuation. */
function contentWord(token: string): string | undefined {
  if (token === "" || token.includes(MASK) || !/[\p{L}\p{N}%]/u.test(token)) return undefined;
  if (STOPWORDS.has(token) || FILLERS.has(token) || /^[几哪些]/.test(token)) return undefined;
  // "局里", "区里": where, not what (the bureau or area is read as the question's scope).
  if (/^[局区县市村镇乡省厅处科所站院部]里$/.test(token)) return undefined;
  if (/^\d+$/.test(token)) return token;
  // A word jieba's dictionary lacks is usually a word glued to a particle ("学了", "要录", "区里").
  const core = (generalIdf(token) === undefined ? token.replace(EDGE, "") : token).replace(/[了过着]$/, "");
  return core.length === 0 || FILLERS.has(core) ? undefined : core;
}

/**
 * Weight of each concept: its rarity in the corpus (`rarity` of the strings that show it: a chunk
 * holding any alternative holds the concept), tempered by how specific the user's word is in
 * general Chinese (jieba's IDF table) — "说法" or "要求" belong to the question's phrasing more
 * than to its subject. A concept the corpus never mentions weighs by that and by its part of
 * speech: a noun ("火锅店", "路费") as much as the rarest corpus word (the documents lack what is
 * asked), a verb or a spoken fragment ("带人", "怎么弄") little.
 */
export function conceptWeights(
  concepts: Concept[],
  rarity: (strings: string[]) => number,
  rarest: number,
): Map<Concept, number> {
  const out = new Map<Concept, number>();
  for (const c of concepts) {
    let concept = c;
    let w = rarity(c.alternatives);
    // A word the corpus does not use, read too coarsely ("组织学法律法规" -> 组织学): its own words.
    if (w === 0 && c.subwords?.every((p) => rarity([p]) > 0)) {
      concept = { ...c, alternatives: [], parts: c.subwords };
      w = Math.min(...c.subwords.map((p) => rarity([p])));
    }
    // Known only by its words ("律师参与接访"): as rare as the commonest of them.
    if (w === 0 && c.parts?.every((p) => rarity([p]) > 0)) w = Math.min(...c.parts.map((p) => rarity([p])));
    const s = specificity(c.said);
    let weight = w > 0 ? w * (0.4 + 0.6 * s) : rarest * (c.noun ? Math.max(0.3, s) : 0.2);
    if (c.cue || (c.story && w === 0)) weight = Math.min(weight, CUE_WEIGHT);
    else if (c.story) weight *= STORY_FACTOR;
    if (c.quoted) weight *= QUOTED_FACTOR;
    if (c.focus && !c.cue) weight *= FOCUS_FACTOR;
    if (c.counted) weight *= COUNTED_FACTOR;
    out.set(concept, weight);
  }
  return out;
}

/** General-language IDF below which an absent word counts as phrasing, and above which as subject. */
const PHRASING_IDF = 5.5;
const SUBJECT_IDF = 11;

/** How specific a word is in general Chinese, 0.1 (everyday) to 1 (rare or unknown to jieba). */
export function specificity(word: string): number {
  const g = generalIdf(word);
  if (g === undefined) return 1;
  return Math.min(1, Math.max(0.1, (g - PHRASING_IDF) / (SUBJECT_IDF - PHRASING_IDF)));
}

/** Whether a concept is in a normalised text: one of its alternatives, or all the words of its phrase. */
export function present(c: Concept, normalizedText: string): boolean {
  return (
    c.alternatives.some((a) => holds(normalizedText, a, c.itself)) ||
    (c.parts?.every((p) => normalizedText.includes(p)) ?? false) ||
    (c.split !== undefined && saidApart(normalizedText, c.split))
  );
}

/** Most characters between the two words of a split word ("集中开展相关学习": 4). */
const SPLIT_GAP = 4;

/** The first word, then the second within SPLIT_GAP characters of the same clause. */
function saidApart(text: string, [first, second]: [string, string]): boolean {
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    const after = text.slice(at + first.length, at + first.length + SPLIT_GAP + second.length);
    const next = after.indexOf(second);
    if (next >= 0 && !/[，。；！？,;!?\n、]/.test(after.slice(0, next))) return true;
  }
  return false;
}

/**
 * Whether a text says a word, other than to exclude it: "信访部门以外的其他机关" is not about the
 * 信访部门. With `itself`, nor as the outcome objected to or the body above which the next step is
 * taken ("对复查意见不服", "复查机关、单位的上一级").
 */
function holds(text: string, word: string, itself = false): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const rest = text.slice(at + word.length, at + word.length + 12);
    if (rest.startsWith("以外") || rest.startsWith("之外")) continue;
    if (itself && NEXT_STEP.test(rest)) continue;
    return true;
  }
  return false;
}

/** What follows a step's name when the text is about the step after it. */
const NEXT_STEP = /^(?:意见不服|(?:行政)?机关[、，,]?(?:单位)?的上一级)/;

/** Weighted share of the concepts present in a normalised text (0..1). */
export function conceptCoverage(weights: Map<Concept, number>, normalizedText: string): number {
  let have = 0;
  let all = 0;
  for (const [c, w] of weights) {
    all += w;
    if (present(c, normalizedText)) have += w;
  }
  return all === 0 ? 0 : have / all;
}
