/**
 * Provinces and cities named in a question: the corpus's bureaus within them ("陕西那边" ->
 * 西安市信访局 and 阎良区信访局), or a province none of them is in ("广东的信访局").
 */
import type { Catalog } from "./catalog.ts";

/** A place named in a question, and where (with the words after it that make it a scope). */
export interface PlaceMention {
  /** A province's full name (陕西省 for 陕西), a city's as written (泉州, 泉州市). */
  place: string;
  /** The corpus's bureaus within it, in catalog order: none for a province the corpus lacks. */
  bureaus: string[];
  start: number;
  end: number;
  /** Written with a bureau word or 那边 after it ("福建的信访局", "陕西那边"): a scope, not a story's place. */
  marked: boolean;
  /** Written with its level (陕西省, 泉州市). */
  leveled: boolean;
  /**
   * Written right before a bureau word ("泉州市信访局", "陕西省信访办"): the place's own bureau, which
   * is none of the bureaus within it (a county's is not the city's), not a scope.
   */
  ownBureau: boolean;
}

/** China's province-level divisions: the full name, and the short one people say. */
const PROVINCES: [full: string, short: string][] = [
  ["北京市", "北京"],
  ["天津市", "天津"],
  ["上海市", "上海"],
  ["重庆市", "重庆"],
  ["河北省", "河北"],
  ["山西省", "山西"],
  ["辽宁省", "辽宁"],
  ["吉林省", "吉林"],
  ["黑龙江省", "黑龙江"],
  ["江苏省", "江苏"],
  ["浙江省", "浙江"],
  ["安徽省", "安徽"],
  ["福建省", "福建"],
  ["江西省", "江西"],
  ["山东省", "山东"],
  ["河南省", "河南"],
  ["湖北省", "湖北"],
  ["湖南省", "湖南"],
  ["广东省", "广东"],
  ["海南省", "海南"],
  ["四川省", "四川"],
  ["贵州省", "贵州"],
  ["云南省", "云南"],
  ["陕西省", "陕西"],
  ["甘肃省", "甘肃"],
  ["青海省", "青海"],
  ["台湾省", "台湾"],
  ["内蒙古自治区", "内蒙古"],
  ["广西壮族自治区", "广西"],
  ["西藏自治区", "西藏"],
  ["宁夏回族自治区", "宁夏"],
  ["新疆维吾尔自治区", "新疆"],
  ["香港特别行政区", "香港"],
  ["澳门特别行政区", "澳门"],
];
/** Each province's names (full and short) -> its full name. */
const PROVINCE_BY_NAME = new Map(PROVINCES.flatMap(([full, short]) => [[full, full] as const, [short, full] as const]));

/** Longest place name looked for (克孜勒苏柯尔克孜自治州 has 11 characters). */
const LONGEST_PLACE = 12;

/** Words after a place that make it a bureau's scope: "陕西的信访局", "福建各信访部门", "陕西那边". */
const SCOPE_WORDS =
  /^(?:(?:的|的各个?|各个?)?(?:人民政府)?(?:信访局|信访办公室|信访办|信访部门)|(?:的)?(?:那边|这边|那里|这里|那儿|这儿))/;
const LEVEL = /(?:省|市|自治区|特别行政区)$/;
/** A bureau word right after a place: that place's own bureau. */
const OWN_BUREAU = /^(?:人民政府)?(?:信访局|信访办公室|信访办)/;

/** Whether two spans of a question share a character. */
export const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/**
 * Every province or city named in a normalised question, longest names first, none overlapping
 * `taken` (bureaus named: an alias wins over a place of the same name, 西安 is 西安市信访局) or
 * another. A catalog of thousands of bureaus costs the same: a few map lookups per character.
 */
export function findPlaces(
  normalized: string,
  catalog: Catalog,
  taken: { start: number; end: number }[],
): PlaceMention[] {
  const out: PlaceMention[] = [];
  const free = (start: number, end: number) => !taken.some((t) => overlaps(t, { start, end }));
  for (let at = 0; at < normalized.length; at++) {
    for (let length = Math.min(LONGEST_PLACE, normalized.length - at); length >= 2; length--) {
      const name = normalized.slice(at, at + length);
      const bureaus = catalog.places.get(name);
      const province = PROVINCE_BY_NAME.get(name);
      if (!bureaus && !province) continue;
      if (!free(at, at + length)) break;
      const scope = SCOPE_WORDS.exec(normalized.slice(at + length))?.[0] ?? "";
      const end = at + length + scope.length;
      out.push({
        place: province ?? name,
        bureaus: bureaus ?? [],
        start: at,
        end,
        marked: scope !== "",
        leveled: LEVEL.test(name),
        ownBureau: OWN_BUREAU.test(scope),
      });
      at = end - 1;
      break;
    }
  }
  return out;
}
