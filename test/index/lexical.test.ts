import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Bm25Builder, Bm25Index, topK } from "../../src/index/lexical.ts";
import { lexicalTerms, queryTerms, textTokens, WordTable } from "../../src/text/tokenize.ts";

/** Saves an index's files into a new temporary folder; returns the data file's path and the terms. */
function saved(index: Bm25Index): { data: string; terms: string } {
  const files = index.toFiles();
  const data = path.join(mkdtempSync(path.join(tmpdir(), "xinfang-bm25-")), "lexical.bin");
  writeFileSync(data, files.data);
  return { data, terms: files.terms };
}

const docs = [
  "律师参与县主要领导接访共计12次。",
  "开展上街咨询宣传活动48次。",
  "召开保密工作会议2次，开展保密工作自查2次。",
  "信访工作联席会议办公室设在国家信访局。",
];

describe("Bm25Index", () => {
  const index = Bm25Index.fromTexts(docs);

  it("ranks the document with the query's rare terms first", () => {
    expect(index.search(queryTerms("律师参与接访多少次"), 3)[0]!.index).toBe(0);
    expect(index.search(queryTerms("保密工作自查几次"), 3)[0]!.index).toBe(2);
  });

  it("gives unknown terms no score and no hits", () => {
    expect(index.search(queryTerms("火锅店推荐"), 3)).toEqual([]);
    expect(index.idf("火锅店")).toBe(0);
  });

  it("weighs rare terms above common ones", () => {
    expect(index.idf("律师")).toBeGreaterThan(index.idf("#工作"));
  });

  it("applies a filter", () => {
    const hits = index.search(queryTerms("保密工作自查"), 5, (i) => i !== 2);
    expect(hits.map((h) => h.index)).not.toContain(2);
  });

  it("round-trips through its files with identical scores, also from an unaligned buffer", () => {
    const files = index.toFiles();
    const q = queryTerms("保密工作会议");
    expect(Bm25Index.fromFiles(files).search(q, 4)).toEqual(index.search(q, 4));
    // A file read into a pooled buffer may start at any byte.
    const shifted = new Uint8Array(files.data.length + 1).subarray(1);
    shifted.set(files.data);
    expect(Bm25Index.fromFiles({ ...files, data: shifted }).search(q, 4)).toEqual(index.search(q, 4));
    expect(Bm25Index.fromFiles(files).documentsWith("律师")).toEqual(Int32Array.from([0]));
  });

  it("built from tokens whose words one table numbers, is the index built from terms", () => {
    const table = new WordTable();
    const builder = new Bm25Builder();
    // The table has numbered words of other texts first: its numbers are not the builder's term ids.
    textTokens("开展保密工作自查，信访局律师", table);
    for (const doc of docs) builder.addTokens(textTokens(doc, table));
    const built = builder.build();
    expect(built.toFiles()).toEqual(index.toFiles());
    for (const q of ["保密工作会议", "律师接访", "国家信访局"])
      expect(built.search(queryTerms(q), 4)).toEqual(index.search(queryTerms(q), 4));
  });

  it("refuses files that do not fit together", () => {
    const files = index.toFiles();
    expect(() => Bm25Index.fromFiles({ ...files, data: files.data.subarray(0, 20) })).toThrow(/too short/);
    expect(() => Bm25Index.fromFiles({ ...files, terms: files.terms + "\n多余" })).toThrow(/disagree/);
    const wrong = new Uint8Array(files.data); // a copy (a Buffer's slice would be a view)
    wrong[0] = 0;
    expect(() => Bm25Index.fromFiles({ ...files, data: wrong })).toThrow(/not a BM25 file/);
    // A truncated file: the postings' documents no longer match their frequencies.
    expect(() => Bm25Index.fromFiles({ ...files, data: files.data.subarray(0, files.data.length - 3) })).toThrow(
      /disagree/,
    );
  });

  it("refuses a damaged data file when opened, and a file cut short after it was opened when read", () => {
    const { data, terms } = saved(index);
    const whole = Bm25Index.open(data, terms);
    expect(() => Bm25Index.open(data, terms + "\n多余")).toThrow(/disagree/);
    truncateSync(data, 20);
    expect(() => Bm25Index.open(data, terms)).toThrow(/too short/);
    expect(() => whole.search(queryTerms("保密工作会议"), 4)).toThrow(/ended early/);
  });

  it("counts a term's frequency up to 255 in a document (saved in a byte), beyond any chunk's need", () => {
    const many = Bm25Index.fromTerms([Array(300).fill("督查"), Array(255).fill("督查"), ["督查", "其他"]]);
    const scores = many.search(["督查"], 3);
    // The first two score alike save for their lengths; the saturated count survives the files.
    expect(Bm25Index.fromFiles(many.toFiles()).search(["督查"], 3)).toEqual(scores);
    const lengthsOnly = Bm25Index.fromTerms([Array(300).fill("x"), Array(255).fill("x")]);
    expect(lengthsOnly.documentFrequency("x")).toBe(2);
    expect(scores.map((h) => h.index)).toEqual([1, 0, 2]);
  });
});

describe("topK", () => {
  it("returns what sorting every candidate would, best first, ties by lower index", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [n, limit] of [
      [0, 5],
      [3, 5],
      [200, 10],
      [1000, 1],
      [50, 0],
    ] as const) {
      // Few distinct values, so ties are common.
      const scores = Float64Array.from({ length: n }, () => Math.floor(random() * 20));
      const candidates = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
      const expected = [...candidates]
        .sort((x, y) => scores[y]! - scores[x]! || x - y)
        .slice(0, limit)
        .map((index) => ({ index, score: scores[index]! }));
      expect(topK(candidates, scores, limit)).toEqual(expected);
    }
  });
});

describe("Bm25Index.searchWithin", () => {
  it("scores a subset exactly as a filtered search does", () => {
    const texts = Array.from({ length: 60 }, (_, i) => `${docs[i % docs.length]} 第${i}段 ${i % 3 ? "信访" : "接访"}`);
    const big = Bm25Index.fromTexts(texts);
    const q = queryTerms("保密工作 接访 信访 会议");
    for (const within of [[], [3], [0, 5, 9, 12, 40, 59], Array.from({ length: 60 }, (_, i) => i)]) {
      const set = new Set(within);
      expect(big.searchWithin(q, 10, within)).toEqual(big.search(q, 10, (i) => set.has(i)));
    }
  });
});

describe("Bm25Index.patched", () => {
  const texts = Array.from({ length: 40 }, (_, i) => `${docs[i % docs.length]} 第${i}段 ${i % 3 ? "信访" : "接访"}`);
  const queries = ["保密工作 接访", "律师参与接访多少次", "信访 第7段", "新增的培训 会议", "联席会议办公室"].map(
    queryTerms,
  );
  const results = (index: Bm25Index) => queries.map((q) => index.search(q, 40));

  it("withdrawing, renumbering and adding documents scores as a build from scratch would", () => {
    const old = Bm25Index.fromTexts(texts);
    // Withdraw 0, 7 and 39; change 12 (withdrawn and added in its place); add two, one among the old ones.
    const next: string[] = [];
    const renumber = new Int32Array(texts.length).fill(-1);
    const added = new Map<number, string[]>();
    texts.forEach((text, i) => {
      if (i === 0 || i === 7 || i === 39) return;
      if (i === 20) {
        added.set(next.length, lexicalTerms("新增的培训会议3期"));
        next.push("新增的培训会议3期");
      }
      if (i === 12) {
        added.set(next.length, lexicalTerms(`${text} 改`));
        return void next.push(`${text} 改`);
      }
      renumber[i] = next.length;
      next.push(text);
    });
    added.set(next.length, lexicalTerms("最后一份新增的保密工作"));
    next.push("最后一份新增的保密工作");

    const patched = old.patched(renumber, added, next.length);
    const scratch = Bm25Index.fromTexts(next);
    expect(patched.size).toBe(scratch.size);
    expect(results(patched)).toEqual(results(scratch));
    for (const term of ["#段", "第0段", "律师", "改", "培训", "#保密"]) {
      expect([term, patched.has(term), patched.documentFrequency(term)]).toEqual([
        term,
        scratch.has(term),
        scratch.documentFrequency(term),
      ]);
    }
    // The patched index saves and loads like any other.
    expect(results(Bm25Index.fromFiles(patched.toFiles()))).toEqual(results(scratch));
  });

  it("refuses a renumbering that leaves a document neither kept nor added", () => {
    const old = Bm25Index.fromTexts(texts.slice(0, 3));
    expect(() => old.patched(Int32Array.from([0, -1, 1]), new Map(), 3)).toThrow(/neither kept nor added/);
    expect(() => old.patched(Int32Array.from([0, 1]), new Map(), 2)).toThrow(/another index/);
  });
});

describe("Bm25Index past 65,536 documents (postings in blocks of 65,536)", () => {
  // Every document holds "all" and one of seven others; a few terms sit at the blocks' edges.
  const n = 140_000;
  const at: Record<string, number[]> = {
    rare: [5, 70_000, 139_999],
    edge: [65_535, 65_536, 131_072],
    gap: [10, 135_000],
  };
  // Eight or more terms a document: over a million (term, frequency) pairs, so the builder's pairs
  // span more than one of its blocks too.
  const fillers = (i: number) => [11, 13, 17, 19, 23, 29].map((k) => `f${k}-${i % k}`);
  const termsOf = (i: number) => [
    "all",
    `m${i % 7}`,
    ...fillers(i),
    ...Object.keys(at).filter((t) => at[t]!.includes(i)),
  ];
  const docs = Array.from({ length: n }, (_, i) => termsOf(i));
  const index = Bm25Index.fromTerms(docs);

  it("lists, searches and searches within documents in every block", () => {
    for (const [term, where] of Object.entries(at)) expect(Array.from(index.documentsWith(term)), term).toEqual(where);
    expect(index.documentFrequency("all")).toBe(n);
    expect(
      index
        .search(["gap", "edge"], 10)
        .map((h) => h.index)
        .sort((a, b) => a - b),
    ).toEqual([10, 65_535, 65_536, 131_072, 135_000]);
    const within = [3, 10, 65_536, 70_000, 131_072, 139_999];
    const filtered = index.search(["rare", "edge", "gap", "m3"], 6, (i) => within.includes(i));
    expect(index.searchWithin(["rare", "edge", "gap", "m3"], 6, within)).toEqual(filtered);
    expect(filtered.map((h) => h.index).sort((a, b) => a - b)).toEqual(within);
  });

  it("opened from its files, reads each term's postings from the file: lists, scores and patches as held", () => {
    const { data, terms } = saved(index);
    const opened = Bm25Index.open(data, terms);
    for (const term of Object.keys(at)) expect(opened.documentsWith(term), term).toEqual(index.documentsWith(term));
    const q = ["rare", "edge", "gap", "m3", "all"];
    expect(opened.search(q, 10)).toEqual(index.search(q, 10));
    // Scopes within one block, and across blocks (only the blocks spanned are read).
    for (const within of [
      [3, 10, 200],
      [65_536, 70_000],
      [3, 10, 65_536, 70_000, 131_072, 139_999],
    ])
      expect(opened.searchWithin(q, 6, within)).toEqual(index.searchWithin(q, 6, within));
    const renumber = Int32Array.from({ length: n }, (_, i) => i - 1);
    const added = new Map([[n - 1, ["rare", "new"]]]);
    const same = (a: Bm25Index, b: Bm25Index) => {
      const [x, y] = [a.toFiles(), b.toFiles()];
      expect(x.terms).toBe(y.terms);
      expect(Buffer.compare(x.data, y.data)).toBe(0); // toEqual on megabytes takes seconds
    };
    same(opened.patched(renumber, added, n), index.patched(renumber, added, n));
    same(opened, index);
  });

  it("round-trips through its files and patches as a build from scratch would", () => {
    const q = ["rare", "edge", "gap", "m2"];
    expect(Bm25Index.fromFiles(index.toFiles()).search(q, 8)).toEqual(index.search(q, 8));
    // Withdraw document 0 (every later one moves down a place, some across a block's edge) and add one.
    const renumber = Int32Array.from({ length: n }, (_, i) => i - 1);
    const patched = index.patched(renumber, new Map([[n - 1, ["rare", "new"]]]), n);
    const scratch = Bm25Index.fromTerms([...docs.slice(1), ["rare", "new"]]);
    expect(Array.from(patched.documentsWith("rare"))).toEqual([4, 69_999, 139_998, 139_999]);
    expect(Array.from(patched.documentsWith("edge"))).toEqual([65_534, 65_535, 131_071]);
    for (const query of [q, ["new", "all"], ["m0"]]) expect(patched.search(query, 8)).toEqual(scratch.search(query, 8));
    expect(Bm25Index.fromFiles(patched.toFiles()).search(q, 8)).toEqual(scratch.search(q, 8));
  });

  it("patches documents changed in place and inserted, in every block, as a build from scratch would", () => {
    // 100 and 65,535 (a block's last place) change in place; 200 is withdrawn; one is inserted
    // before 70,000 (so 201..69,999 keep their places, and the rest, most of them, too).
    const changed = new Map<number, string[]>([
      [100, ["all", "rare", "m1"]],
      [65_535, ["all", "edge", "new"]],
    ]);
    const next: string[][] = [];
    const renumber = new Int32Array(n).fill(-1);
    const added = new Map<number, string[]>();
    docs.forEach((terms, i) => {
      if (i === 70_000) {
        added.set(next.length, ["all", "new", "gap"]);
        next.push(["all", "new", "gap"]);
      }
      if (changed.has(i)) {
        added.set(next.length, changed.get(i)!);
        return void next.push(changed.get(i)!);
      }
      if (i === 200) return;
      renumber[i] = next.length;
      next.push(terms);
    });
    const patched = index.patched(renumber, added, next.length);
    const scratch = Bm25Index.fromTerms(next);
    for (const term of ["all", "rare", "edge", "gap", "new", "m1", "f11-0", "f29-28"])
      expect(Array.from(patched.documentsWith(term)), term).toEqual(Array.from(scratch.documentsWith(term)));
    for (const query of [
      ["rare", "edge", "gap", "m2"],
      ["new", "all"],
      ["m1", "f13-2"],
    ])
      expect(patched.search(query, 8)).toEqual(scratch.search(query, 8));
  });
});
