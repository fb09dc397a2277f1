/** What the corpus holds, by bureau and regulation: used to read queries and to say what exists. */
import type { DocumentMeta, RegulationMeta, ReportMeta } from "../corpus/types.ts";
import { normalizeEachForMatch } from "../text/script.ts";

/** One bureau and the years of its reports. */
export interface BureauEntry {
  bureau: string;
  region: string;
  city?: string;
  province?: string;
  aliases: string[];
  years: number[];
}

/** The corpus's bureaus, regulations and report years. */
export interface Catalog {
  bureaus: BureauEntry[];
  regulations: RegulationMeta[];
  reports: ReportMeta[];
  years: number[];
  /**
   * The bureaus within each province and city the reports' metadata names, by its full name and
   * its short one (陕西省 and 陕西: 西安市信访局, 阎良区信访局), in catalog order.
   */
  places: Map<string, string[]>;
}

/** Builds the catalog from document metadata. */
export function buildCatalog(documents: DocumentMeta[]): Catalog {
  const reports = documents.filter((d): d is ReportMeta => d.kind === "report");
  const regulations = documents.filter((d): d is RegulationMeta => d.kind === "regulation");
  // Aliases and years gathered in sets, made lists once per bureau (not again for each report).
  const byBureau = new Map<string, { entry: BureauEntry; aliases: Set<string>; years: Set<number> }>();
  for (const r of reports) {
    let bureau = byBureau.get(r.bureau);
    if (!bureau) {
      const entry = {
        bureau: r.bureau,
        region: r.region,
        ...(r.city ? { city: r.city } : {}),
        ...(r.province ? { province: r.province } : {}),
        aliases: [],
        years: [],
      };
      byBureau.set(r.bureau, (bureau = { entry, aliases: new Set(), years: new Set() }));
    }
    for (const alias of r.aliases) bureau.aliases.add(alias);
    bureau.years.add(r.year);
  }
  const bureaus = [...byBureau.values()].map(({ entry, aliases, years }) =>
    Object.assign(entry, { aliases: [...aliases], years: [...years].sort() }),
  );
  return {
    bureaus,
    regulations,
    reports,
    years: [...new Set(reports.map((r) => r.year))].sort(),
    places: placesOf(bureaus),
  };
}

/** A place's level, which users often leave out (陕西 for 陕西省). */
const PLACE_LEVEL = /(?:省|市|自治区|特别行政区)$/;

/** Each province and city, by both its names, with the bureaus within it (built once per catalog). */
function placesOf(bureaus: BureauEntry[]): Map<string, string[]> {
  const pairs: { name: string; bureau: string }[] = [];
  for (const b of bureaus) {
    for (const place of new Set([b.province, b.city])) {
      if (!place) continue;
      pairs.push({ name: place, bureau: b.bureau });
      const short = place.replace(PLACE_LEVEL, "");
      if (short.length >= 2 && short !== place) pairs.push({ name: short, bureau: b.bureau });
    }
  }
  // Keyed as questions are read (normalised), so a place is one lookup.
  const names = normalizeEachForMatch(pairs.map((p) => p.name));
  const places = new Map<string, string[]>();
  pairs.forEach(({ bureau }, i) => {
    const within = places.get(names[i]!);
    if (!within) places.set(names[i]!, [bureau]);
    else if (within.at(-1) !== bureau) within.push(bureau); // a bureau's pairs come together
  });
  return places;
}

/** Most bureaus a description of the corpus names; a larger corpus is summed up after them. */
const DESCRIBED_BUREAUS = 8;

/**
 * What reports users can ask about: "惠安县人民政府信访局（2023年）、西安市信访局（2021年）的年度报告",
 * or, past DESCRIBED_BUREAUS bureaus, the first of them and a count ("…等10000个信访部门的10002份年度报告"):
 * a refusal or /help must stay a message, not a list of every report of a large corpus.
 */
export function describeReports(catalog: Catalog): string {
  if (catalog.bureaus.length === 0) return "暂无年度报告";
  const named = catalog.bureaus
    .slice(0, DESCRIBED_BUREAUS)
    .map((b) => `${b.bureau}（${b.years.map((y) => `${y}年`).join("、")}）`)
    .join("、");
  return catalog.bureaus.length <= DESCRIBED_BUREAUS
    ? `${named}的年度报告`
    : `${named}等${catalog.bureaus.length}个信访部门的${catalog.reports.length}份年度报告`;
}

/** "《信访工作条例》、《信访条例》（已废止）". */
export function describeRegulations(catalog: Catalog): string {
  return catalog.regulations.map((r) => `《${r.title}》${r.status === "superseded" ? "（已被取代）" : ""}`).join("、");
}
