/**
 * The domain thesaurus (thesaurus.tsv beside this file): how users say what the documents call
 * otherwise (办完 -> 办结, 上访 -> 走访/信访, 亲戚 -> 回避/利害关系). Used to expand questions, in
 * retrieval and in sentence selection alike.
 */
import { readFileSync } from "node:fs";
import { normalizeEachForMatch } from "../text/script.ts";

/** One line of the thesaurus: document words and the user words that mean them. */
export interface ThesaurusEntry {
  doc: string[];
  said: string[];
}

/** The thesaurus, indexed for longest-match lookup of user words. */
export interface Thesaurus {
  entries: ThesaurusEntry[];
  /** Normalised user word -> the document words it stands for. */
  bySaid: Map<string, string[]>;
  /** Each document word (normalised) -> the other document words of its lines (存在不足 -> 不足). */
  docWords: Map<string, string[]>;
  /** Longest user word, in characters. */
  maxLength: number;
}

/** A thesaurus word found in a text: a user word with the document words it stands for, or a document word itself (`doc` empty). */
export interface Expansion {
  start: number;
  end: number;
  said: string;
  doc: string[];
}

/** Shortest user word matched inside running text: a single character matches too much. */
const MIN_SAID = 2;

/** Parses the TSV: `# comments`, and `doc words<TAB>user words` (space-separated on both sides). */
export function parseThesaurus(tsv: string): Thesaurus {
  const entries: ThesaurusEntry[] = [];
  tsv.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || line.startsWith("#")) return;
    const parts = line.split("\t");
    if (parts.length !== 2) throw new Error(`thesaurus line ${i + 1}: expected one TAB, got ${parts.length - 1}`);
    const [doc, said] = parts.map((p) => p.split(/\s+/).filter(Boolean)) as [string[], string[]];
    if (doc.length === 0 || said.length === 0) throw new Error(`thesaurus line ${i + 1}: an empty side`);
    entries.push({ doc, said });
  });
  // Every word normalised in one pass (one at a time, they were most of a first question's time).
  const distinct = [...new Set(entries.flatMap(({ doc, said }) => [...doc, ...said]))];
  const normalized = new Map(normalizeEachForMatch(distinct).map((n, i) => [distinct[i]!, n]));
  const normalize = (word: string) => normalized.get(word)!;
  const bySaid = new Map<string, string[]>();
  for (const { doc, said } of entries) {
    for (const s of said) {
      const key = normalize(s);
      if ([...key].length < MIN_SAID) continue;
      bySaid.set(key, [...new Set([...(bySaid.get(key) ?? []), ...doc.map(normalize)])]);
    }
  }
  const docWords = new Map<string, string[]>();
  for (const { doc } of entries) {
    const words = doc.map(normalize);
    for (const w of words) docWords.set(w, [...new Set([...(docWords.get(w) ?? []), ...words.filter((o) => o !== w)])]);
  }
  const maxLength = Math.max(0, ...[...bySaid.keys(), ...docWords.keys()].map((k) => k.length));
  return { entries, bySaid, docWords, maxLength };
}

let shared: Thesaurus | undefined;

/** The project's thesaurus, read once. */
export function domainThesaurus(): Thesaurus {
  shared ??= parseThesaurus(readFileSync(new URL("./thesaurus.tsv", import.meta.url), "utf8"));
  return shared;
}

/**
 * The thesaurus words of a normalised text, longest first and never overlapping (in text order):
 * "最多能拖多久" -> 拖 is not matched (one character), 多久 is; "宪法宣传周" stays one
 * document word rather than the user word 宪法宣传 and a stray 周. With `boundaries` (the word
 * boundaries of a segmentation), a match must start and end on one.
 */
export function findExpansions(normalized: string, thesaurus: Thesaurus, boundaries?: Set<number>): Expansion[] {
  const candidates: Expansion[] = [];
  for (let i = 0; i < normalized.length; i++) {
    for (let len = Math.min(thesaurus.maxLength, normalized.length - i); len >= MIN_SAID; len--) {
      // Only whole words: 学法律 is not read inside 组织学法律法规.
      if (boundaries && !(boundaries.has(i) && boundaries.has(i + len))) continue;
      const said = normalized.slice(i, i + len);
      const doc = thesaurus.bySaid.get(said);
      const mates = thesaurus.docWords.get(said);
      if (doc || mates)
        candidates.push({ start: i, end: i + len, said, doc: [...new Set([...(doc ?? []), ...(mates ?? [])])] });
    }
  }
  // Longest first, then leftmost: "谁负责解释" is 谁 + 负责解释, not 谁负责 + 解释.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const out: Expansion[] = [];
  for (const c of candidates) if (!out.some((o) => c.start < o.end && c.end > o.start)) out.push(c);
  return out.sort((a, b) => a.start - b.start);
}
