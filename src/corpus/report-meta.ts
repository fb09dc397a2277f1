/** Report metadata read from the text itself: bureau, region, year covered, dates. */
import { parseChineseNumeral } from "../text/numerals.ts";
import type { CleanedReport } from "./clean.ts";
import { UnreadableFileError } from "./unreadable.ts";
import type { ReportMeta } from "./types.ts";

/** Facts about a bureau that its report cannot say (corpus/reports/manifest.json). */
export interface BureauInfo {
  city?: string;
  province?: string;
  aliases?: string[];
}

const BUREAU = /^(.{2,30}?(?:信访局|信访办公室|信访办|信访委员会|信访工作办公室))/;
const YEAR = /((?:19|20)\d{2}|[二][〇零○][一二三四五六七八九〇零○]{2})\s*年/;

/** Parses a year written in digits or as 二〇二一. */
function parseYear(text: string): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : parseChineseNumeral(text);
  return n !== undefined && n >= 1990 && n <= 2100 ? n : undefined;
}

/** The administrative area of a bureau: 惠安县人民政府信访局 -> 惠安县. */
export function regionOf(bureau: string): string {
  return bureau.replace(/(人民政府)?(信访局|信访办公室|信访办|信访委员会|信访工作办公室)$/, "");
}

/**
 * Names a user may type for a bureau, derived from its region: 大同市平城区 -> 平城区, 平城.
 * Parent cities are not derived (大同 is given by the manifest), so 西安 never means 阎良区.
 */
export function deriveAliases(region: string): string[] {
  const out = new Set<string>();
  const last = /([^省市区县]{2,}[省市区县])$/.exec(region)?.[1] ?? region;
  out.add(region);
  out.add(last);
  const short = last.replace(/[省市区县]$/, "");
  if (short.length >= 2) out.add(short);
  return [...out];
}

/**
 * Extracts a report's metadata. The bureau and year come from the title (the year a report
 * covers, not when it was published); when the title lacks them, from the first lines of text.
 */
export function extractReportMeta(
  cleaned: CleanedReport,
  id: string,
  source: string,
  bureaus: Record<string, BureauInfo> = {},
): ReportMeta {
  const head = cleaned.lines.slice(0, 3).join("");
  const title = cleaned.title ?? cleaned.lines[0]?.slice(0, 60) ?? id;
  const bureau = BUREAU.exec(title)?.[1] ?? BUREAU.exec(cleaned.signedBy ?? "")?.[1] ?? BUREAU.exec(id)?.[1];
  if (!bureau) {
    throw new UnreadableFileError(
      `cannot tell which bureau issued ${source}: no "…信访局/信访办" in its title "${title}"`,
      "no-bureau",
    );
  }
  const yearText = YEAR.exec(title)?.[1] ?? YEAR.exec(head)?.[1];
  const year = yearText ? parseYear(yearText) : undefined;
  if (year === undefined) {
    throw new UnreadableFileError(`cannot tell which year ${source} covers: no year in its title "${title}"`, "no-year");
  }
  const region = regionOf(bureau);
  const info = bureaus[bureau] ?? {};
  const aliases = [...new Set([...deriveAliases(region), bureau, ...(info.aliases ?? [])])];
  return {
    kind: "report",
    id,
    source,
    title,
    bureau,
    region,
    ...(info.city ? { city: info.city } : {}),
    ...(info.province ? { province: info.province } : {}),
    aliases,
    year,
    ...(cleaned.publishedDate ? { publishedDate: cleaned.publishedDate } : {}),
    ...(cleaned.signedDate ? { signedDate: cleaned.signedDate } : {}),
  };
}
