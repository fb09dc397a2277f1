/**
 * Old Word binary files (.doc, Word 97–2003) and the WPS Office files that share their format,
 * read with word-extractor (pure JavaScript): the body's paragraphs as lines, its tables as rows
 * with their headers (tables.ts). Headers, footers, footnotes and text boxes are left out.
 * word-extractor is imported by the first such file.
 */
import { tableLines } from "./tables.ts";

/** The signature every OLE compound file (.doc, .xls, a .doc-compatible .wps) starts with. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Whether the bytes are an OLE compound file. */
export function isOleFile(bytes: Uint8Array): boolean {
  return OLE_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** word-extractor's document; its published types leave out getBody's option. */
interface WordBody {
  /** filterUnicode (default true) would turn Chinese quotes “” into ASCII ones. */
  getBody(options: { filterUnicode: boolean }): string;
}

/**
 * The body text of a Word binary document, one paragraph a line. Throws word-extractor's error
 * when the file is not a readable Word document (another OLE file, a Works .wps, corruption).
 */
export async function wordDocText(bytes: Uint8Array): Promise<string> {
  const { default: WordExtractor } = await import("word-extractor");
  const document = (await new WordExtractor().extract(Buffer.from(bytes))) as unknown as WordBody;
  return wordBodyLines(document.getBody({ filterUnicode: false })).join("\n");
}

/**
 * word-extractor's body text as lines. It ends every table cell with a tab and every row with a
 * newline ("项目\t数量\t\n信访事项\t6246件\t\n"): consecutive lines ending with a tab are one
 * table, rendered row by row with its headers.
 */
export function wordBodyLines(body: string): string[] {
  const out: string[] = [];
  let table: string[][] = [];
  const flush = () => {
    if (table.length > 0) out.push(...tableLines(table.map((cells) => cells.map((text) => ({ text })))));
    table = [];
  };
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (raw.endsWith("\t")) {
      table.push(raw.slice(0, -1).split("\t"));
      continue;
    }
    flush();
    const line = raw.replace(/\t/g, " ");
    if (line.trim()) out.push(line);
  }
  flush();
  return out;
}
