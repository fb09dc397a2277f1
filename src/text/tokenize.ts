/** Tokenisation for Chinese retrieval: jieba words plus CJK character bigrams, on normalised text. */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { normalizeForMatch } from "./script.ts";

let jieba: Jieba | undefined;
/** The one jieba segmenter of the process (its dictionary loads once). */
export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/**
 * Question words and function words that say nothing about where an answer is. Kept small on
 * purpose: domain words (信访, 工作) are left to IDF, which weighs them down where they are common.
 */
export const STOPWORDS = new Set([
  "的",
  "了",
  "是",
  "在",
  "和",
  "与",
  "及",
  "或",
  "等",
  "对",
  "把",
  "被",
  "将",
  "于",
  "以",
  "为",
  "由",
  "吗",
  "呢",
  "吧",
  "啊",
  "么",
  "呀",
  "请",
  "问",
  "请问",
  "一下",
  "告诉",
  "我",
  "我们",
  "你",
  "您",
  "多少",
  "几",
  "几次",
  "几个",
  "几天",
  "什么",
  "哪些",
  "哪个",
  "哪里",
  "哪",
  "哪儿",
  "如何",
  "怎么",
  "怎样",
  "怎么办",
  "为什么",
  "是否",
  "有没有",
  "有",
  "没有",
  "是谁",
  "谁",
  "共",
  "共计",
  "一共",
  "总共",
  "多长",
  "时间",
  "多久",
  "情况",
  "内容",
  "规定",
  "具体",
  "哪几天",
  "何时",
  "什么时候",
  "这",
  "那",
  "该",
  "其",
  "之",
  "也",
  "都",
  "还",
  "就",
  "要",
  "会",
  "能",
  "可以",
  "应当",
  "进行",
  "开展",
  "提到",
  "提及",
  "涉及",
  "说",
  "讲",
  "年",
  "月",
  "日",
  "次",
  "件",
  "个",
  "份",
  "人",
  "局",
  "中",
  "里",
  "上",
  "下",
]);

const CJK = /[\u3400-\u9fff]/;
const TOKEN_CHAR = /[\p{L}\p{N}%]/u;

/** Words from jieba's search mode over normalised text, without stopwords or punctuation. */
export function words(text: string): string[] {
  return wordsOfNormalized(normalizeForMatch(text));
}

function wordsOfNormalized(norm: string): string[] {
  const words: string[] = [];
  for (const token of segmenter().cutForSearch(norm, true)) {
    const w = wordOf(token);
    if (w !== undefined) words.push(w);
  }
  return words;
}

/** The word a jieba token stands for: trimmed; none for punctuation and stopwords. */
function wordOf(token: string): string | undefined {
  const w = token.trim();
  return w !== "" && TOKEN_CHAR.test(w) && !STOPWORDS.has(w) ? w : undefined;
}

/** Overlapping pairs of CJK characters: robust to segmentation mistakes on rare names. */
export function cjkBigrams(text: string): string[] {
  return bigramsOfNormalized(normalizeForMatch(text));
}

function bigramsOfNormalized(norm: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < norm.length; i++) {
    const a = norm[i]!;
    const b = norm[i + 1]!;
    if (CJK.test(a) && CJK.test(b)) out.push(`${a}${b}`);
  }
  return out;
}

/**
 * The words of the texts one table has tokenised, numbered from 0 in the order first met. Each
 * token jieba yields costs one Map lookup, which also settles whether it is a word at all (trimmed,
 * not punctuation, not a stopword), and whoever reads the tokens keeps what it knows of a word in
 * arrays by number. An index build keeps one table for all its chunks; a question gets its own, so
 * a process answering questions keeps no table that grows.
 */
export class WordTable {
  /** Words by number. */
  readonly words: string[] = [];
  /** A jieba token's word number, or -1 when it is no word. */
  private readonly ofToken = new Map<string, number>();
  private readonly ofWord = new Map<string, number>();

  /** The word numbers of a normalised text, from jieba's search mode (what wordsOfNormalized keeps). */
  wordIds(norm: string): Int32Array {
    const tokens = segmenter().cutForSearch(norm, true);
    const ids = new Int32Array(tokens.length);
    let n = 0;
    for (const token of tokens) {
      let id = this.ofToken.get(token);
      if (id === undefined) this.ofToken.set(token, (id = this.number(token)));
      if (id >= 0) ids[n++] = id;
    }
    return ids.subarray(0, n);
  }

  private number(token: string): number {
    const w = wordOf(token);
    if (w === undefined) return -1;
    let id = this.ofWord.get(w);
    if (id === undefined) {
      this.ofWord.set(w, (id = this.words.length));
      this.words.push(w);
    }
    return id;
  }
}

/**
 * A text tokenised once for both indexes: its normalizeForMatch form, its words (numbers in
 * `table`) and its CJK bigrams, each bigram as one number (its two UTF-16 code units, high and low
 * half), so the index builder counts them without making a string for each. The lexical index
 * reads words and bigrams (lexicalTermsOf, Bm25Builder.addTokens), the local embedder all three.
 */
export interface TextTokens {
  normalized: string;
  table: WordTable;
  wordIds: Int32Array;
  bigrams: Uint32Array;
}

/** Tokenises a text once (see TextTokens), its words numbered in `table` (by default its own). */
export function textTokens(text: string, table = new WordTable()): TextTokens {
  const normalized = normalizeForMatch(text);
  return { normalized, table, wordIds: table.wordIds(normalized), bigrams: bigramCodes(normalized) };
}

/**
 * The tokens of `${first.normalized}\n${second.normalized}` from those of its two lines (one
 * table's): neither normalisation nor jieba spans a line break, and no bigram has one.
 */
export function joinedTokens(first: TextTokens, second: TextTokens): TextTokens {
  const wordIds = new Int32Array(first.wordIds.length + second.wordIds.length);
  wordIds.set(first.wordIds);
  wordIds.set(second.wordIds, first.wordIds.length);
  const bigrams = new Uint32Array(first.bigrams.length + second.bigrams.length);
  bigrams.set(first.bigrams);
  bigrams.set(second.bigrams, first.bigrams.length);
  return { normalized: `${first.normalized}\n${second.normalized}`, table: second.table, wordIds, bigrams };
}

const isCjkUnit = (u: number) => u >= 0x3400 && u <= 0x9fff;

/** bigramsOfNormalized as numbers: (first code unit << 16) | second. */
function bigramCodes(norm: string): Uint32Array {
  const out = new Uint32Array(Math.max(0, norm.length - 1));
  let n = 0;
  for (let i = 0, a = norm.charCodeAt(0); i + 1 < norm.length; i++) {
    const b = norm.charCodeAt(i + 1);
    if (isCjkUnit(a) && isCjkUnit(b)) out[n++] = ((a << 16) | b) >>> 0;
    a = b;
  }
  return out.subarray(0, n);
}

/** A bigram code's two characters. */
export function bigramText(code: number): string {
  return String.fromCharCode(code >>> 16, code & 0xffff);
}

/** The lexical index's terms: words, plus bigrams prefixed so they never collide with a word. */
export function lexicalTerms(text: string): string[] {
  return lexicalTermsOf(textTokens(text));
}

/** lexicalTerms of an already tokenised text. */
export function lexicalTermsOf(tokens: TextTokens): string[] {
  return [
    ...Array.from(tokens.wordIds, (id) => tokens.table.words[id]!),
    ...Array.from(tokens.bigrams, (code) => `#${bigramText(code)}`),
  ];
}

/**
 * A question's terms: its words, plus the bigrams inside each run of non-stopword tokens. Bigrams
 * spanning a question word ("多久要办结" -> 久要, 要办) would match nothing and only dilute scores.
 */
export function queryTerms(text: string): string[] {
  return [
    ...words(text),
    ...contentRuns(text)
      .flatMap((r) => cjkBigrams(r))
      .map((b) => `#${b}`),
  ];
}

/** The runs of consecutive non-stopword tokens of a text: "信访人对复查意见不服" -> 信访, 复查意见不服. */
export function contentRuns(text: string): string[] {
  const norm = normalizeForMatch(text);
  const runs: string[] = [];
  let run = "";
  for (const token of segmenter().cut(norm, true)) {
    if (STOPWORDS.has(token) || !TOKEN_CHAR.test(token)) {
      if (run) runs.push(run);
      run = "";
    } else {
      run += token;
    }
  }
  if (run) runs.push(run);
  return runs;
}

/**
 * Share of the question's longer content runs (3+ characters) found verbatim in a text, weighted
 * by length: exact phrases separate passages that share all the words but not their order. The
 * text is in normalizeForMatch form, as the runs are.
 */
export function phraseScore(runs: string[], normalizedText: string): number {
  const long = runs.filter((r) => r.length >= 3);
  const total = long.reduce((n, r) => n + r.length, 0);
  if (total === 0) return 0;
  return long.filter((r) => normalizedText.includes(r)).reduce((n, r) => n + r.length, 0) / total;
}
