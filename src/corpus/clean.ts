/** Cleaning of report texts exported from Word, web pages and PDFs, keeping every number and name. */
import { endsSentence } from "../text/sentences.ts";
import { headingMarker, splitHeadingLine } from "./headings.ts";

/** A raw line that a cleaned line holds: its index in the raw text and where its text starts in the cleaned line. */
export interface LineSource {
  line: number;
  at: number;
}

/** A report's cleaned text plus what the removed header and footer said. */
export interface CleanedReport {
  /** Paragraphs, one per line, with export artefacts removed and broken sentences joined. */
  lines: string[];
  /** For each line, the raw lines it was made of (several when a broken paragraph was joined). */
  sources: LineSource[][];
  title?: string;
  publishedDate?: string;
  signedDate?: string;
  signedBy?: string;
}

const HEADER_FIELD = /^(索\s*引\s*号|信息分类|发布机构|发布日期|标\s*题|文\s*号|时\s*效|主题分类|成文日期|生成日期)\s*[:：]\s*(.*)$/;
const PUBLISHED_LINE = /^发布时间\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})/;
const FOOTER_START = /^(扫一扫|【打印本页】|【关闭窗口】)/;
const FOOTER_LINE = /^(相关解读|相关政策|相关稿件|打印本页|关闭窗口|分享到)[:：]?$/;
const TABLE_RULE = /^[|｜\s\-—:：]+$/;
const DATE_LINE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
const REPORT_TITLE_WORD = /报告|总结|情况/;
/** Lines shorter than this that lack an ending are titles or signatures, not broken paragraphs. */
const MIN_BROKEN_LINE = 30;

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** Removes inline export artefacts: Word bookmarks, Markdown bold marks, stray zero-width spaces. */
export function stripArtefacts(line: string): string {
  return line
    .replace(/\[bookmark:[^\]]*\]/g, "")
    .replace(/\*\*/g, "")
    .replace(/[\u200b\ufeff]/g, "");
}

/** Trims ASCII, full-width and no-break spaces from both ends (the reports indent with U+3000). */
export function trimLine(line: string): string {
  return line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, "");
}

function compact(s: string): string {
  return s.replace(/[\s\u3000]/g, "");
}

/** Cleans a report's raw text; see CleanedReport. Pure: the same input always gives the same output. */
export function cleanReport(raw: string): CleanedReport {
  const result: CleanedReport = { lines: [], sources: [] };
  const rawLines = raw.replace(/\r\n?/g, "\n").split("\n").map((l) => trimLine(stripArtefacts(l)));

  // Web page header block and footer.
  const body: string[] = [];
  const bodyOrigins: number[] = [];
  for (const [index, line] of rawLines.entries()) {
    if (FOOTER_START.test(line)) break;
    const field = HEADER_FIELD.exec(line);
    if (field) {
      const [, name, value] = field;
      if (/标\s*题/.test(name!) && value) result.title = value.trim();
      const date = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value ?? "");
      if (/发布日期/.test(name!) && date) result.publishedDate = isoDate(date[1]!, date[2]!, date[3]!);
      continue;
    }
    const published = PUBLISHED_LINE.exec(line);
    if (published) {
      result.publishedDate ??= isoDate(published[1]!, published[2]!, published[3]!);
      continue;
    }
    if (line === "" || TABLE_RULE.test(line) || FOOTER_LINE.test(line)) continue;
    body.push(line);
    bodyOrigins.push(index);
  }
  // Each kept line remembers its raw line (`origins`), so the cleaned text maps back to pages.
  let lines = body;
  let origins = bodyOrigins;

  // Title: from the header when there was one (and then its repetition is dropped), else the
  // leading short lines without sentence punctuation, joined (titles are often split in two).
  if (result.title) {
    const t = compact(result.title);
    const keep = lines.map((l) => compact(l) !== t);
    lines = lines.filter((_, i) => keep[i]);
    origins = origins.filter((_, i) => keep[i]);
  } else {
    let n = 0;
    while (n < Math.min(3, lines.length) && isTitleFragment(lines[n]!)) n++;
    const candidate = lines.slice(0, n).join("");
    if (n > 0 && REPORT_TITLE_WORD.test(candidate)) {
      result.title = candidate;
      lines = lines.slice(n);
      origins = origins.slice(n);
    }
  }

  // Signature at the end: a short issuer line and/or a date line.
  const last = lines.at(-1);
  const date = last ? DATE_LINE.exec(last) : null;
  if (date) {
    result.signedDate = isoDate(date[1]!, date[2]!, date[3]!);
    lines = lines.slice(0, -1);
    const by = lines.at(-1);
    if (by && by.length <= 20 && /(信访局|信访办|办公室|政府)$/.test(by)) {
      result.signedBy = by;
      lines = lines.slice(0, -1);
    }
  }

  const joined = joinLines(lines, origins.slice(0, lines.length));
  result.lines = joined.lines;
  result.sources = joined.sources;
  return result;
}

/** A heading line with no body text after it ("一、工作开展情况"); a long "（一）…。一是…" line is prose. */
function isStandaloneHeading(line: string): boolean {
  return headingMarker(line) !== undefined && !splitHeadingLine(line).inlineBody;
}

function isTitleFragment(line: string): boolean {
  return line.length <= 40 && !/[。，,；;：:]/.test(line) && headingMarker(line) === undefined;
}

/**
 * Joins paragraphs that a page break cut in two: a long line with no sentence ending, followed by
 * a line that does not start a heading, is one paragraph. Nothing is added or removed in between.
 */
export function joinBrokenLines(lines: string[]): string[] {
  return joinLines(lines, lines.map((_, i) => i)).lines;
}

/** joinBrokenLines, keeping for each joined line the raw lines (`origins`) it was made of. */
function joinLines(lines: string[], origins: number[]): { lines: string[]; sources: LineSource[][] } {
  const out: string[] = [];
  const sources: LineSource[][] = [];
  lines.forEach((line, i) => {
    const prev = out.at(-1);
    if (
      prev !== undefined &&
      prev.length >= MIN_BROKEN_LINE &&
      !endsSentence(prev) &&
      !isStandaloneHeading(prev) &&
      headingMarker(line) === undefined
    ) {
      out[out.length - 1] = prev + line;
      sources.at(-1)!.push({ line: origins[i]!, at: prev.length });
    } else {
      out.push(line);
      sources.push([{ line: origins[i]!, at: 0 }]);
    }
  });
  return { lines: out, sources };
}
