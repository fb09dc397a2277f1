/**
 * A minimal Word 97–2003 binary document (.doc), built as MS-DOC lays one out: a FIB at the start
 * of the WordDocument stream, the text (UTF-16LE) after it, one piece in the piece table (the Clx
 * in the 1Table stream), and the character and paragraph property pages (FKPs) that mark table
 * cells (sprmPFInTable) and row ends (sprmPFTtp). No stylesheet, fonts or summary streams: enough
 * for a reader of the text, which is what the tests need.
 */
import { compoundFile } from "./compound-file.ts";

type Mark = "paragraph" | "cell" | "row";

const TEXT_START = 0x400; // after the 900-byte FIB
const PAGE = 512;
const RUNS_PER_PAGE = 20;
// PapxInFkp for each kind of paragraph: istd 0, then sprmPFInTable(1) and sprmPFTtp(1) as needed.
const PAPX: Record<Mark, { at: number; bytes: number[] }> = {
  paragraph: { at: 490, bytes: [0x00, 0x01, 0x00, 0x00] },
  cell: { at: 480, bytes: [0x03, 0x00, 0x00, 0x16, 0x24, 0x01] },
  row: { at: 468, bytes: [0x00, 0x04, 0x00, 0x00, 0x16, 0x24, 0x01, 0x17, 0x24, 0x01] },
};

/** A .doc with the lines as paragraphs and, after the first five, a table (first row its header). */
export function makeDoc(lines: string[], table?: string[][]): Buffer {
  const paragraphs: { text: string; mark: Mark }[] = [];
  const para = (text: string) => paragraphs.push({ text, mark: "paragraph" });
  lines.slice(0, 5).forEach(para);
  for (const row of table ?? []) {
    for (const cell of row) paragraphs.push({ text: cell, mark: "cell" });
    paragraphs.push({ text: "", mark: "row" });
  }
  lines.slice(5).forEach(para);
  const end = { paragraph: "\r", cell: "\u0007", row: "\u0007" } as const;
  const text = paragraphs.map((p) => p.text + end[p.mark]).join("");

  // Paragraph runs by file position (FC): each paragraph up to and including its mark.
  const runs: { start: number; end: number; mark: Mark }[] = [];
  let fc = TEXT_START;
  for (const p of paragraphs) {
    const next = fc + 2 * (p.text.length + 1);
    runs.push({ start: fc, end: next, mark: p.mark });
    fc = next;
  }
  const textEnd = fc;

  const firstPage = Math.ceil(textEnd / PAGE);
  const chpxPage = chpxFkp(TEXT_START, textEnd);
  const papxPages: Buffer[] = [];
  for (let i = 0; i < runs.length; i += RUNS_PER_PAGE) papxPages.push(papxFkp(runs.slice(i, i + RUNS_PER_PAGE)));

  const word = Buffer.alloc((firstPage + 1 + papxPages.length) * PAGE);
  word.write(text, TEXT_START, "utf16le");
  chpxPage.copy(word, firstPage * PAGE);
  papxPages.forEach((page, i) => page.copy(word, (firstPage + 1 + i) * PAGE));

  // The 1Table stream: the Clx (one piece: all the text, Unicode), then the two bin tables.
  const clx = Buffer.alloc(21);
  clx.writeUInt8(0x02, 0); // Pcdt
  clx.writeUInt32LE(16, 1); // PlcPcd: two CPs and one 8-byte Pcd
  clx.writeUInt32LE(0, 5);
  clx.writeUInt32LE(text.length, 9);
  clx.writeUInt32LE(TEXT_START, 15); // Pcd.fc, fCompressed clear: UTF-16LE
  const plcChpx = u32([TEXT_START, textEnd, firstPage]);
  const pageStarts = papxPages.map((_, i) => runs[i * RUNS_PER_PAGE]!.start);
  const plcPapx = u32([...pageStarts, textEnd, ...papxPages.map((_, i) => firstPage + 1 + i)]);
  const tableStream = Buffer.concat([clx, plcChpx, plcPapx]);

  writeFib(word, {
    ccpText: text.length,
    clx: [0, clx.length],
    chpx: [clx.length, plcChpx.length],
    papx: [clx.length + plcChpx.length, plcPapx.length],
  });
  return compoundFile({ WordDocument: word, "1Table": tableStream });
}

function u32(values: number[]): Buffer {
  const out = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => out.writeUInt32LE(v, 4 * i));
  return out;
}

/** The FIB (Word 97 layout: FibBase, 14 words, 22 longs, 93 fc/lcb pairs, no cswNew data). */
function writeFib(
  word: Buffer,
  at: { ccpText: number; clx: [number, number]; chpx: [number, number]; papx: [number, number] },
): void {
  word.writeUInt16LE(0xa5ec, 0); // wIdent
  word.writeUInt16LE(0x00c1, 2); // nFib: Word 97
  word.writeUInt16LE(0x0804, 6); // lid: zh-CN
  word.writeUInt16LE(0x0200 | 0x1000, 10); // fWhichTblStm (1Table), fExtChar
  word.writeUInt16LE(0x00bf, 12); // nFibBack
  word.writeUInt32LE(TEXT_START, 24); // where the text starts (fcMin in older readers)
  word.writeUInt16LE(14, 32); // csw
  word.writeUInt16LE(22, 62); // cslw
  word.writeUInt32LE(word.length, 64); // cbMac
  word.writeUInt32LE(at.ccpText, 76);
  word.writeUInt16LE(93, 152); // cbRgFcLcb
  const pair = (index: number, [fc, lcb]: [number, number]) => {
    word.writeUInt32LE(fc, 154 + 8 * index);
    word.writeUInt32LE(lcb, 158 + 8 * index);
  };
  pair(12, at.chpx); // fcPlcfBteChpx
  pair(13, at.papx); // fcPlcfBtePapx
  pair(33, at.clx); // fcClx
}

/** A character property page: one run over all the text, with no properties. */
function chpxFkp(start: number, end: number): Buffer {
  const page = Buffer.alloc(PAGE);
  page.writeUInt32LE(start, 0);
  page.writeUInt32LE(end, 4);
  page.writeUInt8(0, 8); // rgb: no CHPX
  page.writeUInt8(1, 511); // crun
  return page;
}

/** A paragraph property page: one run per paragraph, each pointing at the PAPX of its kind. */
function papxFkp(runs: { start: number; end: number; mark: Mark }[]): Buffer {
  const page = Buffer.alloc(PAGE);
  runs.forEach((r, i) => page.writeUInt32LE(r.start, 4 * i));
  page.writeUInt32LE(runs.at(-1)!.end, 4 * runs.length);
  const bx = 4 * (runs.length + 1);
  runs.forEach((r, i) => page.writeUInt8(PAPX[r.mark].at / 2, bx + 13 * i)); // BxPap: offset, PHE left zero
  for (const { at, bytes } of Object.values(PAPX)) Buffer.from(bytes).copy(page, at);
  page.writeUInt8(runs.length, 511); // crun
  return page;
}
