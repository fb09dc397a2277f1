/**
 * Tables as text: every data row on its own line with its column headers as keys
 * ("项目：信访事项；数量：6246件。"), so a figure keeps its meaning in whichever chunk it lands.
 * Pure: rows of cells in, lines out; the HTML and .doc readers only say what the cells are.
 */

import { headingMarker } from "./headings.ts";

/** One cell of a table as its source gives it. */
export interface TableCell {
  text: string;
  /** Marked as a header cell by the source (<th>, a row in <thead>, Word's repeated header row). */
  header?: boolean;
  colspan?: number;
  rowspan?: number;
}

/** Longest header cell taken as a column name when nothing marks the header row. */
const MAX_HEADER_CHARS = 20;
/** A cell that is a figure: digits, then at most a short unit ("6246件", "98.6%", "1,200"). */
const VALUE = /^[-+]?[\d０-９][\d０-９,，.．]*\s*[^\d\s]{0,3}$/;
/** A year is a column name ("2023年"), not a figure. */
const YEAR = /^(19|20)\d{2}年度?$/;
/** What ends a cell's text but not a row (kept off so "；" joins cleanly). */
const CELL_END = /[。；;，,\s]+$/;

interface Slot {
  /** The source cell this grid position belongs to (a spanning cell fills several). */
  cell: number;
  text: string;
  header: boolean;
}

/**
 * Renders a table as lines: its caption (when given) first; then one line per data row, each
 * non-empty cell as `header：value` joined with "；" and ended with "。". A row spanning the
 * whole table (a title or a section label) stays a plain line; a column without a header gives
 * its value alone (a row label in an unnamed first column); a table without a header row joins
 * its cells with "；". No line reads as a heading of the report (see notAHeading).
 */
export function tableLines(rows: TableCell[][], caption?: string): string[] {
  const out: string[] = [];
  const title = clean(caption ?? "");
  if (title) out.push(title);
  const grid = toGrid(rows);
  const width = Math.max(0, ...grid.map((r) => r.length));
  // Leading rows that are one cell across the table are titles, kept as lines before it.
  while (grid.length > 0 && isSpanningRow(grid[0]!, width)) {
    const text = grid.shift()![0]!.text;
    if (text && text !== title) out.push(text);
  }
  const headerRows = countHeaderRows(grid, width);
  const keys = columnKeys(grid.slice(0, headerRows), width);
  for (const row of grid.slice(headerRows)) {
    const line = rowLine(row, keys, width);
    if (line) out.push(line);
  }
  return out.map(notAHeading);
}

/**
 * A table's own numbering ("一、来信") must not open a section of the report: a line starting
 * with a heading marker has its first cell bracketed ("【一、来信】；件数：1200件。").
 */
function notAHeading(line: string): string {
  if (!headingMarker(line)) return line;
  const end = line.indexOf("；");
  return end < 0 ? `【${line}】` : `【${line.slice(0, end)}】${line.slice(end)}`;
}

/** Collapses whitespace (a cell's paragraphs become one line). */
function clean(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, " ").trim();
}

/** Lays the cells out on a grid, a spanning cell filling every position it covers. */
function toGrid(rows: TableCell[][]): Slot[][] {
  const grid: Slot[][] = [];
  let id = 0;
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c]) c++;
      const slot = { cell: id++, text: clean(cell.text), header: cell.header === true };
      const colspan = Math.max(1, cell.colspan ?? 1);
      const rowspan = Math.max(1, Math.min(cell.rowspan ?? 1, rows.length - r));
      for (let dr = 0; dr < rowspan; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] = slot;
      }
      c += colspan;
    }
  });
  // Short rows are padded with empty cells, so every row has every column.
  const width = Math.max(0, ...grid.map((r) => r.length));
  return grid.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? { cell: id++, text: "", header: false }));
}

/** Whether a row is one cell across a table of two columns or more. */
function isSpanningRow(row: Slot[], width: number): boolean {
  return width > 1 && row.every((s) => s.cell === row[0]!.cell);
}

/** How many leading rows name the columns: those marked as headers, else a first row of names. */
function countHeaderRows(grid: Slot[][], width: number): number {
  let marked = 0;
  const isMarked = (row: Slot[]) => row.some((s) => s.header) && row.every((s) => s.header || s.text === "");
  while (marked < grid.length - 1 && isMarked(grid[marked]!)) marked++;
  if (marked > 0) return marked;
  if (width < 2 || grid.length < 2 || !looksLikeNames(grid[0]!)) return 0;
  if (!grid.slice(1).some((row) => row.some((s) => VALUE.test(s.text) && !YEAR.test(s.text)))) return 0;
  // A merged name over several columns ("2023年" over "数量" and "同比") has its names below.
  const merged = grid[0]!.some((s, c) => c > 0 && s.cell === grid[0]![c - 1]!.cell);
  return merged && grid.length > 2 && looksLikeNames(grid[1]!) ? 2 : 1;
}

/**
 * A row of column names: short cells, none of them a figure; two or more, or all but an empty
 * corner over the row labels.
 */
function looksLikeNames(row: Slot[]): boolean {
  const cells = distinctCells(row);
  const texts = cells.map((s) => s.text).filter(Boolean);
  const enough = texts.length >= 2 || (cells[0]!.text === "" && texts.length === cells.length - 1 && texts.length > 0);
  return enough && texts.every((t) => t.length <= MAX_HEADER_CHARS && (!VALUE.test(t) || YEAR.test(t)));
}

/** Each column's name: its header cells from the top down, repeats dropped ("2023年·数量"). */
function columnKeys(headers: Slot[][], width: number): string[] {
  return Array.from({ length: width }, (_, c) => {
    const names: string[] = [];
    for (const row of headers) {
      const text = row[c]!.text.replace(/[：:]$/, "");
      if (text && !names.includes(text)) names.push(text);
    }
    return names.join("·");
  });
}

/** The cells of a row, each spanning cell once. */
function distinctCells(row: Slot[]): Slot[] {
  return row.filter((s, c) => c === 0 || s.cell !== row[c - 1]!.cell);
}

/** One data row as a line; empty when the row has no text. */
function rowLine(row: Slot[], keys: string[], width: number): string {
  if (isSpanningRow(row, width)) return row[0]!.text;
  const parts: string[] = [];
  row.forEach((slot, c) => {
    if (c > 0 && slot.cell === row[c - 1]!.cell) return; // the rest of a merged cell
    const value = slot.text.replace(CELL_END, "");
    if (!value) return;
    const key = keys[c] ?? "";
    parts.push(key && key !== value ? `${key}：${value}` : value);
  });
  if (parts.length === 0) return "";
  return parts.length === 1 ? parts[0]! : `${parts.join("；")}。`;
}
