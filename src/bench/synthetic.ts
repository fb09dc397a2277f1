/**
 * Synthetic corpora for the scale run: N reports made from the real ones, each under an invented
 * bureau, moved to another year, with its figures changed — so a scale question can only be
 * answered from the one report it names, and its gold figure is known.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { corpusPaths } from "../corpus/load.ts";
import { deriveAliases, regionOf } from "../corpus/report-meta.ts";

/**
 * Characters of the invented place names: scenery words, no numerals, no 年/月/日, no
 * administrative suffix, and no two with the same sound, so that no invented name can be read
 * as another one by its sound (the bureau matcher guesses typos by pinyin).
 */
export const NAME_CHARS =
  "禾岭峰川溪泉松柏桐梅兰竹菊杉桦榆槐柳杨林森石岩峡湾滩洲浦港塘湖源泽云雾露虹星辰晖翠碧青苍黛丹紫桃";

const NAME_LENGTH = 3;

/** The invented area of synthetic report i: three name characters and 区 (松柏林区). */
export function syntheticRegion(i: number): string {
  const base = NAME_CHARS.length;
  if (!Number.isInteger(i) || i < 0 || i >= base ** NAME_LENGTH)
    throw new RangeError(`synthetic report number ${i} is outside 0..${base ** NAME_LENGTH - 1}`);
  // Scattered over the name space (7919 is prime to 48³), so neighbours do not share first characters.
  let name = "";
  for (let k = 0, n = (i * 7919) % base ** NAME_LENGTH; k < NAME_LENGTH; k++, n = Math.floor(n / base))
    name = NAME_CHARS[n % base]! + name;
  return `${name}区`;
}

/** The year synthetic report i covers (2000–2023, cycling). */
function syntheticYear(i: number): number {
  return 2000 + (i % 24);
}

/** How much synthetic report i adds to each of its figures (1–997), so that copies of one report differ. */
function figureDelta(i: number): number {
  return 1 + (i % 997);
}

/** What follows a count: 1270件, 12 次, 30余人, 2000多份. */
const COUNTED = String.raw`\s*(?:余|多)?(?:人次|件|次|人|份|场|个|起|批|家|户|条|期)`;

/**
 * Moves every year written as digits (2023年, 2021 年, 2023-02-01, 2021—2025年) by `delta` years:
 * any 19xx/20xx standing alone that is not a count (2000多份).
 */
export function shiftYears(text: string, delta: number): string {
  return text.replace(new RegExp(String.raw`(?<![\d.])(?:19|20)\d{2}(?![\d.])(?!${COUNTED})`, "g"), (y) =>
    String(Number(y) + delta),
  );
}

/**
 * Adds `delta` to every count written as digits before a counting word (1270件, 12 次, 30余人,
 * 2000多份); ordinals (第20次), decimals, percentages and dates are left alone.
 */
export function perturbFigures(text: string, delta: number): string {
  return text.replace(new RegExp(String.raw`(?<![\d.])(?<!第\s*)\d+(?=${COUNTED})`, "g"), (n) =>
    String(Number(n) + delta),
  );
}

/** A real report a synthetic corpus is made from. */
export interface BaseReport {
  /** File name in corpus/reports. */
  file: string;
  /** Full bureau name, as in the file name (惠安县人民政府信访局). */
  bureau: string;
  year: number;
  text: string;
}

/** One written synthetic report and what was changed in it. */
export interface SyntheticReport {
  /** Its number, from 0. */
  index: number;
  /** The real bureau it was made from. */
  base: string;
  /** The invented bureau (松柏林区人民政府信访局) and area (松柏林区). */
  bureau: string;
  region: string;
  year: number;
  /** Added to each of its figures. */
  figureDelta: number;
  /** File name in the synthetic corpus's reports folder. */
  file: string;
}

const BASE_FILE = /^(.+?)-(\d{4})\.txt$/;

/** Reads the real plain-text reports (`<bureau>-<year>.txt`) of a corpus, in file-name order. */
async function readBaseReports(corpusDir: string): Promise<BaseReport[]> {
  const dir = corpusPaths(corpusDir).reports;
  const names = (await readdir(dir)).filter((n) => BASE_FILE.test(n)).sort();
  return Promise.all(
    names.map(async (file) => {
      const [, bureau, year] = BASE_FILE.exec(file)!;
      return { file, bureau: bureau!, year: Number(year), text: await readFile(path.join(dir, file), "utf8") };
    }),
  );
}

/** The text of synthetic report i made from `base`: bureau renamed, years moved, figures changed. */
export function makeSyntheticReport(base: BaseReport, i: number): { report: SyntheticReport; text: string } {
  const region = syntheticRegion(i);
  const year = syntheticYear(i);
  const delta = figureDelta(i);
  const realRegion = regionOf(base.bureau);
  const bureau = region + base.bureau.slice(realRegion.length);
  // The full name first, then the area's names longest first: 沙坪坝区 -> 松柏林区, 沙坪坝 -> 松柏林.
  let text = base.text.split(base.bureau).join(bureau);
  for (const alias of deriveAliases(realRegion).sort((a, b) => b.length - a.length))
    text = text.split(alias).join(/[省市区县]$/.test(alias) ? region : region.slice(0, -1));
  text = perturbFigures(shiftYears(text, year - base.year), delta);
  return {
    report: { index: i, base: base.bureau, bureau, region, year, figureDelta: delta, file: `${bureau}-${year}.txt` },
    text,
  };
}

/**
 * Writes `count` reports into `<target>/reports` (report i is made from real report i mod k) and
 * copies the regulation folder (manifest and any present texts) as it is.
 */
export async function writeSyntheticCorpus(
  sourceCorpus: string,
  target: string,
  count: number,
): Promise<{ bases: BaseReport[]; reports: SyntheticReport[] }> {
  const src = corpusPaths(sourceCorpus);
  const dst = corpusPaths(target);
  await mkdir(dst.reports, { recursive: true });
  await mkdir(dst.regulations, { recursive: true });
  for (const name of await readdir(src.regulations))
    await copyFile(path.join(src.regulations, name), path.join(dst.regulations, name));
  const bases = await readBaseReports(sourceCorpus);
  if (bases.length === 0)
    throw new Error(`no <bureau>-<year>.txt reports in ${src.reports} to make a synthetic corpus from`);
  const reports: SyntheticReport[] = [];
  for (let i = 0; i < count; i++) {
    const { report, text } = makeSyntheticReport(bases[i % bases.length]!, i);
    await writeFile(path.join(dst.reports, report.file), text);
    reports.push(report);
  }
  return { bases, reports };
}
