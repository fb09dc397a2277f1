/** Tokenisation for Chinese retrieval: jieba words plus CJK character bigrams, on normalised text. */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import { normalizeForMatch } from "./script.ts";

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/**
 * Question words and function words that say nothing about where an answer is. Kept small on
 * purpose: domain words (信访, 工作) are left to IDF, which weighs them down where they are common.
 */
export const STOPWORDS = new Set([
  "的", "了", "是", "在", "和", "与", "及", "或", "等", "对", "把", "被", "将", "于", "以", "为", "由",
  "吗", "呢", "吧", "啊", "么", "呀", "请", "问", "请问", "一下", "告诉", "我", "我们", "你", "您",
  "多少", "几", "几次", "几个", "几天", "什么", "哪些", "哪个", "哪里", "哪", "哪儿", "如何", "怎么",
  "怎样", "怎么办", "为什么", "是否", "有没有", "有", "没有", "是谁", "谁", "共", "共计", "一共", "总共",
  "多长", "时间", "多久", "情况", "内容", "规定", "具体", "哪几天", "何时", "什么时候", "这", "那",
  "该", "其", "之", "也", "都", "还", "就", "要", "会", "能", "可以", "应当", "进行", "开展",
  "年", "月", "日", "次", "件", "个", "份", "人", "局", "中", "里", "上", "下",
]);

const CJK = /[\u3400-\u9fff]/;
const TOKEN_CHAR = /[\p{L}\p{N}%]/u;

/** Words from jieba's search mode over normalised text, without stopwords or punctuation. */
export function words(text: string): string[] {
  const norm = normalizeForMatch(text);
  return segmenter()
    .cutForSearch(norm, true)
    .map((w) => w.trim())
    .filter((w) => w !== "" && TOKEN_CHAR.test(w) && !STOPWORDS.has(w));
}

/** Overlapping pairs of CJK characters: robust to segmentation mistakes on rare names. */
export function cjkBigrams(text: string): string[] {
  const norm = normalizeForMatch(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < norm.length; i++) {
    const a = norm[i]!;
    const b = norm[i + 1]!;
    if (CJK.test(a) && CJK.test(b)) out.push(`${a}${b}`);
  }
  return out;
}

/** The lexical index's terms: words, plus bigrams prefixed so they never collide with a word. */
export function lexicalTerms(text: string): string[] {
  return [...words(text), ...cjkBigrams(text).map((b) => `#${b}`)];
}
