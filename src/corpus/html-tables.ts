/** HTML tables (web pages, and .docx through mammoth) read into cells for tables.ts. */
import type * as cheerio from "cheerio";
import { tableLines, type TableCell } from "./tables.ts";

type Elements = ReturnType<ReturnType<cheerio.CheerioAPI["root"]>["find"]>;

/** A cell longer than this is page layout, not a figure in a table. */
const MAX_DATA_CELL_CHARS = 400;

/**
 * Whether a table holds data rather than page layout: no table or heading inside it and no cell
 * holding a whole article. Layout tables (common on older government sites) are read as blocks.
 */
export function isDataTable($: cheerio.CheerioAPI, table: Elements): boolean {
  if (table.find("table,h1,h2,h3,h4,h5,h6").length > 0) return false;
  return table
    .find("td,th")
    .toArray()
    .every((cell) => $(cell).text().trim().length <= MAX_DATA_CELL_CHARS);
}

/** A data table's lines: its caption, then one line per row with its headers (see tableLines). */
export function htmlTableLines($: cheerio.CheerioAPI, table: Elements): string[] {
  const rows: TableCell[][] = table
    .find("tr")
    .toArray()
    .map((tr) => {
      const inHead = $(tr).parent().is("thead");
      return $(tr)
        .children("td,th")
        .toArray()
        .map((cell) => ({
          text: cellText($(cell)),
          header: inHead || cell.tagName === "th",
          colspan: span($(cell).attr("colspan")),
          rowspan: span($(cell).attr("rowspan")),
        }));
    });
  return tableLines(rows, cellText(table.children("caption")));
}

/** A cell's text with its paragraphs and line breaks as spaces (mammoth puts each in a <p>). */
function cellText(cell: Elements): string {
  if (cell.find("p,li,div,br").length === 0) return cell.text().trim();
  const clone = cell.clone();
  clone.find("br").replaceWith(" ");
  clone.find("p,li,div").append(" ");
  return clone.text().replace(/\s+/g, " ").trim();
}

function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : 1;
}
