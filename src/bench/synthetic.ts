/** Synthetic corpora for the scale run: N reports made from the real ones under invented bureaus. */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { corpusPaths } from "../corpus/load.ts";

/**
 * Writes `count` reports into `<target>/reports`: report i is real report i mod k with its bureau
 * renamed (合成第i区信访局) and its year shifted, so every file is distinct and has its own metadata.
 * The regulation manifest and any present regulation files are copied as they are.
 */
export async function writeSyntheticCorpus(sourceCorpus: string, target: string, count: number): Promise<void> {
  const src = corpusPaths(sourceCorpus);
  const dst = corpusPaths(target);
  await mkdir(dst.reports, { recursive: true });
  await mkdir(dst.regulations, { recursive: true });
  for (const name of await readdir(src.regulations))
    await copyFile(path.join(src.regulations, name), path.join(dst.regulations, name));
  const names = (await readdir(src.reports)).filter((n) => n.endsWith(".txt")).sort();
  const texts = await Promise.all(names.map((n) => readFile(path.join(src.reports, n), "utf8")));
  const bureauOf = (name: string) => name.replace(/-\d{4}\.txt$/, "");
  for (let i = 0; i < count; i++) {
    const k = i % names.length;
    const bureau = bureauOf(names[k]!);
    const region = bureau.replace(/(人民政府)?(信访局|信访办公室)$/, "");
    const short = region.replace(/^.*?([^市]+[区县市])$/, "$1").replace(/[区县市]$/, "");
    const year = 2000 + (i % 24);
    const fake = `合成第${i}区`;
    const text = texts[k]!.split(bureau)
      .join(`${fake}信访局`)
      .split(region)
      .join(fake)
      .split(short)
      .join(fake)
      .replace(/(20\d{2})(年)/, `${year}$2`);
    await writeFile(path.join(dst.reports, `${fake}信访局-${year}.txt`), text);
  }
}
