/**
 * Finding the bureaus a question names: by their names and aliases, and — for a typo — by sound
 * (严良 / 阎梁 -> 阎良, 沙平坝 -> 沙坪坝, 惠按 -> 惠安), with at least one character right.
 */
import { pinyin } from "pinyin-pro";
import { normalizeForMatch } from "../text/script.ts";
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
const TRAILER = /^(?:人民政府)?(?:信访局|信访办公室|信访办|信访部门|信访|局|办|那边|这边)?/;

const sounds = new Map<string, string[]>();

/** The syllables of a name, toneless (each alias is read once). */
function soundOf(name: string): string[] {
  let syllables = sounds.get(name);
  if (!syllables) sounds.set(name, (syllables = pinyin(name, { toneType: "none", type: "array" })));
  return syllables;
}

/** Every mention of a catalog bureau in a normalised question; longest names first, no overlaps. */
export function findBureaus(normalized: string, bureaus: BureauEntry[]): BureauMention[] {
  const names = bureaus
    .flatMap((b) => b.aliases.map((alias) => ({ bureau: b.bureau, alias: normalizeForMatch(alias) })))
    .filter((n) => n.alias.length >= 2)
    .sort((a, b) => b.alias.length - a.alias.length);
  const taken = new Array<boolean>(normalized.length).fill(false);
  const out: BureauMention[] = [];
  const claim = (bureau: string, start: number, length: number, guessedFrom?: string) => {
    const end = start + length + (TRAILER.exec(normalized.slice(start + length))?.[0].length ?? 0);
    for (let i = start; i < end; i++) taken[i] = true;
    out.push({ bureau, start, end, ...(guessedFrom ? { guessedFrom } : {}) });
  };
  for (const { bureau, alias } of names) {
    for (let at = normalized.indexOf(alias); at >= 0; at = normalized.indexOf(alias, at + 1)) {
      if (!taken.slice(at, at + alias.length).some(Boolean)) claim(bureau, at, alias.length);
    }
  }
  if (out.length > 0) return out;

  // No name as written: try names that sound the same with at least one character in common.
  const sounds = pinyin(normalized, { toneType: "none", type: "array" });
  if (sounds.length !== normalized.length) return out; // characters outside the BMP: no guessing
  for (const { bureau, alias } of names) {
    const target = soundOf(alias);
    for (let at = 0; at + alias.length <= normalized.length; at++) {
      const window = normalized.slice(at, at + alias.length);
      if (window === alias || taken.slice(at, at + alias.length).some(Boolean)) continue;
      const sameSound = target.every((s, i) => s === sounds[at + i]);
      const sameChars = [...alias].filter((c, i) => window[i] === c).length;
      if (sameSound && sameChars >= 1 && /^[\u4e00-\u9fff]+$/.test(window)) claim(bureau, at, alias.length, window);
    }
  }
  return out;
}
