/**
 * Finding the bureaus a question names: by their names and aliases, and — for a typo — by sound
 * (严良 / 阎梁 -> 阎良, 沙平坝 -> 沙坪坝, 惠按 -> 惠安), with at least one character right.
 */
import { pinyin } from "pinyin-pro";
import { normalizeEachForMatch } from "../text/script.ts";
import type { BureauEntry } from "./catalog.ts";

/** A bureau named in a question, and where. */
export interface BureauMention {
  bureau: string;
  start: number;
  end: number;
  /** Set when the name was read by its sound: what the user wrote. */
  guessedFrom?: string;
}

/** Words that may follow a bureau's short name and still belong to it ("阎良局", "惠安那边"). */
const TRAILER = /^(?:人民政府)?(?:信访局|信访办公室|信访办|信访部门|信访|局(?!长)|办(?!公室主任)|那边|这边)?/;
/** A place name's level: a guess by sound needs a character right besides it. */
const LEVEL = /[省市区县州旗镇乡村]/;

/** A catalog name, normalised, with its syllables (toneless; read when a guess first needs them). */
interface Name {
  bureau: string;
  alias: string;
  syllables?: string[];
}

/**
 * The catalog's names indexed for one question at a time: by first character, and (made when a
 * question first needs a guess) by each reading of the first character.
 */
interface Matcher {
  /** Longest first; a name's place in this order decides between overlapping mentions. */
  names: Name[];
  byFirstChar: Map<string, number[]>;
  byFirstSound?: Map<string, number[]>;
}

// One matcher per catalog (a catalog is rebuilt with the index, so its array is the key).
const matchers = new WeakMap<BureauEntry[], Matcher>();

const toneless = (text: string, multiple = false) => pinyin(text, { toneType: "none", type: "array", multiple });

const readings = new Map<string, string[]>();
/** Every reading of one character (toneless). */
function readingsOf(char: string): string[] {
  let found = readings.get(char);
  if (!found) readings.set(char, (found = toneless(char, true)));
  return found;
}

function matcherOf(bureaus: BureauEntry[]): Matcher {
  let matcher = matchers.get(bureaus);
  if (matcher) return matcher;
  const raw = bureaus.flatMap((b) => b.aliases.map((alias) => ({ bureau: b.bureau, alias })));
  const normalized = normalizeEachForMatch(raw.map((n) => n.alias));
  const names: Name[] = raw
    .map((n, i) => ({ bureau: n.bureau, alias: normalized[i]! }))
    .filter((n) => n.alias.length >= 2)
    .sort((a, b) => b.alias.length - a.alias.length);
  const byFirstChar = new Map<string, number[]>();
  names.forEach((n, i) => {
    const list = byFirstChar.get(n.alias[0]!);
    if (list) list.push(i);
    else byFirstChar.set(n.alias[0]!, [i]);
  });
  matchers.set(bureaus, (matcher = { names, byFirstChar }));
  return matcher;
}

/**
 * The names under every reading of their first character: a superset of the names whose own first
 * syllable is that sound (a name's syllables are read in context, 重庆 chong), which the guess
 * then checks. Reading each first character once, not every name, keeps a catalog of thousands
 * of bureaus cheap to start.
 */
function bySound(matcher: Matcher): Map<string, number[]> {
  if (matcher.byFirstSound) return matcher.byFirstSound;
  const byFirstSound = new Map<string, number[]>();
  for (const [first, indexes] of matcher.byFirstChar) {
    for (const sound of new Set(readingsOf(first))) {
      const list = byFirstSound.get(sound);
      if (list) list.push(...indexes);
      else byFirstSound.set(sound, [...indexes]);
    }
  }
  return (matcher.byFirstSound = byFirstSound);
}

/** Every mention of a catalog bureau in a normalised question; longest names first, no overlaps. */
export function findBureaus(normalized: string, bureaus: BureauEntry[]): BureauMention[] {
  const matcher = matcherOf(bureaus);
  const { names, byFirstChar } = matcher;
  const taken = new Array<boolean>(normalized.length).fill(false);
  const free = (at: number, length: number) => !taken.slice(at, at + length).some(Boolean);
  const out: BureauMention[] = [];
  const claim = (bureau: string, start: number, length: number, guessedFrom?: string) => {
    const end = start + length + (TRAILER.exec(normalized.slice(start + length))?.[0].length ?? 0);
    for (let i = start; i < end; i++) taken[i] = true;
    out.push({ bureau, start, end, ...(guessedFrom ? { guessedFrom } : {}) });
  };
  // Claims in the order of the names (longest first), then of the places in the question.
  const claimAll = (found: { name: number; at: number; guessedFrom?: string }[]) => {
    found.sort((x, y) => x.name - y.name || x.at - y.at);
    for (const f of found) {
      const { bureau, alias } = names[f.name]!;
      if (free(f.at, alias.length)) claim(bureau, f.at, alias.length, f.guessedFrom);
    }
  };

  const exact: { name: number; at: number }[] = [];
  for (let at = 0; at < normalized.length; at++) {
    for (const i of byFirstChar.get(normalized[at]!) ?? []) {
      if (normalized.startsWith(names[i]!.alias, at)) exact.push({ name: i, at });
    }
  }
  claimAll(exact);
  if (out.length > 0) return out;

  // No name as written: try names that sound the same with at least one character in common.
  const sounds = toneless(normalized);
  if (sounds.length !== normalized.length) return out; // characters outside the BMP: no guessing
  const guesses: { name: number; at: number; guessedFrom: string }[] = [];
  for (let at = 0; at < normalized.length; at++) {
    for (const i of bySound(matcher).get(sounds[at]!) ?? []) {
      const name = names[i]!;
      const { alias } = name;
      if (at + alias.length > normalized.length) continue;
      const window = normalized.slice(at, at + alias.length);
      if (window === alias || !/^[\u4e00-\u9fff]+$/.test(window)) continue;
      // At least one character right, and not only the level ("啥区别" is not 沙区).
      if (![...alias].some((c, k) => window[k] === c && !LEVEL.test(c))) continue;
      // Cheap test first: every character can be read as the question's; then the name's own reading.
      if (![...alias].every((c, k) => readingsOf(c).includes(sounds[at + k]!))) continue;
      if ((name.syllables ??= toneless(alias)).every((s, k) => s === sounds[at + k]))
        guesses.push({ name: i, at, guessedFrom: window });
    }
  }
  claimAll(guesses);
  return out;
}
