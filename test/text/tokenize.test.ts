import { describe, expect, it } from "vitest";
import * as OpenCC from "opencc-js/t2cn";
import { foldWidth, normalizeEachForMatch, normalizeForMatch, toSimplified } from "../../src/text/script.ts";
import {
  contentRuns,
  joinedTokens,
  lexicalTerms,
  lexicalTermsOf,
  phraseScore,
  queryTerms,
  textTokens,
  WordTable,
  words,
} from "../../src/text/tokenize.ts";

describe("toSimplified", () => {
  it("converts traditional characters", () => {
    expect(toSimplified("阎良區信訪局開展保密工作自查幾次")).toBe("阎良区信访局开展保密工作自查几次");
  });
  it("folds full-width digits for matching", () => {
    expect(normalizeForMatch("２０２３年")).toBe("2023年");
  });
  it("skips a step only where it would change nothing", () => {
    const full = (text: string) => foldWidth(toSimplified(text)).toLowerCase();
    // Every BMP character, alone and inside plain text (surrogates stand in pairs).
    for (let u = 0; u < 0x10000; u++) {
      if (u >= 0xd800 && u < 0xe000) continue;
      const c = String.fromCharCode(u);
      expect(normalizeForMatch(c)).toBe(full(c));
      expect(normalizeForMatch(`信访${c}局`)).toBe(full(`信访${c}局`));
    }
    // Every source of the converter's own dictionaries (phrases as well as characters).
    const { t2s } = OpenCC.Locale.configs as Record<
      string,
      { normalizationChain?: string[][]; conversionChain: string[][] }
    >;
    const sources = [...(t2s!.normalizationChain ?? []), ...t2s!.conversionChain]
      .flat()
      .flatMap((dict) => dict.split("|").map((entry) => entry.split(" ")[0]!));
    expect(sources.length).toBeGreaterThan(4000);
    for (const source of sources) expect(normalizeForMatch(`办理${source}。`)).toBe(full(`办理${source}。`));
    for (const text of ["ＡＢＣ１２３％", "ΣΑΣ", "İstanbul", "𠀾𡃄", "信訪局（ＸＡ）", "后台 後臺", "plain 信访"])
      expect(normalizeForMatch(text)).toBe(full(text));
  });
  it("normalises many texts at once as it does each alone", () => {
    const texts = ["阎良區信訪局", "ＸＡ市", "", "後台", "沙坪壩區", "臺灣", "A"];
    expect(normalizeEachForMatch(texts)).toEqual(texts.map(normalizeForMatch));
    expect(normalizeEachForMatch(["信訪\n局", "區"])).toEqual(["信访\n局", "区"]);
  });
});

describe("words", () => {
  it("drops question words and keeps content words", () => {
    const w = words("惠安县律师参与县主要领导接访共计多少次？");
    expect(w).toContain("律师");
    expect(w).toContain("接访");
    expect(w).not.toContain("多少");
    expect(w).not.toContain("？");
  });
});

describe("WordTable", () => {
  it("numbers each word once, across texts, and keeps exactly the words words() keeps", () => {
    const table = new WordTable();
    const texts = ["惠安县律师参与县主要领导接访共计多少次？", "律师参与接访，律师坐班。", "信訪事項 ＡＢＣ 的了"];
    for (const text of texts) {
      const { wordIds } = textTokens(text, table);
      expect(Array.from(wordIds, (id) => table.words[id])).toEqual(words(text));
    }
    expect(new Set(table.words).size).toBe(table.words.length);
    expect(table.words.filter((w) => w === "律师")).toHaveLength(1);
    expect(table.words).not.toContain("的");
  });

  it("tokenises two lines joined as the joined text, bigrams and terms alike", () => {
    const table = new WordTable();
    const context = normalizeForMatch("惠安县人民政府信访局 惠安 2023年\n一、工作开展情况 （二）坚持依法行政");
    const text = "今年以来律师参与县主要领导接访共计12次，提高初信初访事项办理質量。";
    const joined = joinedTokens(textTokens(context, table), textTokens(text, table));
    const whole = textTokens(`${context}\n${text}`);
    expect(joined.normalized).toBe(whole.normalized);
    expect(Array.from(joined.bigrams)).toEqual(Array.from(whole.bigrams));
    expect(lexicalTermsOf(joined)).toEqual(lexicalTermsOf(whole));
    expect(lexicalTermsOf(whole)).toEqual(lexicalTerms(`${context}\n${text}`));
  });
});

describe("queryTerms", () => {
  it("has no bigram spanning a question word", () => {
    const terms = queryTerms("信访事项多久要办结？");
    expect(terms).toContain("#办结");
    expect(terms).not.toContain("#久要");
    expect(terms).not.toContain("#要办");
  });

  it("prefixes bigrams so they never collide with words", () => {
    const terms = lexicalTerms("信访工作");
    expect(terms).toContain("信访");
    expect(terms).toContain("#信访");
  });
});

describe("phraseScore", () => {
  it("rewards the question's content runs found verbatim", () => {
    const runs = contentRuns("信访人对复查意见不服怎么办");
    expect(runs).toContain("复查意见不服");
    expect(phraseScore(runs, normalizeForMatch("信访人对复查意见不服的，可以请求复核。"))).toBe(1);
    expect(phraseScore(runs, normalizeForMatch("信访人对处理意见不服的，可以请求复查。"))).toBe(0);
  });
});
