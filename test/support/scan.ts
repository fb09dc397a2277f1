/**
 * Scanned-report fixtures built by the tests: text drawn on a page image with a Chinese font (Noto
 * Sans SC from the @fontsource/noto-sans-sc dev dependency, so CI needs no system font), and
 * image-only PDFs of such pages, as a scanner makes them (no text layer).
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { ROOT } from "../helpers.ts";

const FONT_DIR = path.join(ROOT, "node_modules", "@fontsource", "noto-sans-sc", "files");

let families: string | undefined;

/**
 * Registers Noto Sans SC (regular) with the canvas and returns the CSS font-family list to draw
 * with, or undefined when the font package is not installed. The package splits the font by
 * Unicode range, so each part is registered under its own name and the list falls back between them.
 */
export function cjkFontFamilies(): string | undefined {
  if (families !== undefined) return families;
  if (!existsSync(FONT_DIR)) return undefined;
  const files = readdirSync(FONT_DIR)
    .filter((f) => f.endsWith("-400-normal.woff2"))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const names = files.flatMap((file, i) => {
    const name = `TestNotoSC${i}`;
    return GlobalFonts.registerFromPath(path.join(FONT_DIR, file), name) ? [name] : [];
  });
  families = names.length > 0 ? names.join(", ") : undefined;
  return families;
}

/** Latin first (digits, ASCII), then the simplified Chinese subset, then the numbered slices. */
function rank(file: string): number {
  if (file.includes("-latin-400")) return 0;
  if (file.includes("chinese-simplified")) return 1;
  return 2;
}

/** Punctuation a typesetter keeps at the end of a line rather than starting the next with it. */
const CLOSING = new Set([..."，。、；：？！”’）》」』"]);

/** An A4 page image at 150 dpi. */
export const PAGE = { width: 1240, height: 1754, margin: 150, fontSize: 33, lineHeight: 58 };

/**
 * Lays paragraphs out on A4 pages (or `page`) as an official document does (first lines indented
 * two characters, headings too; the title centred; closing punctuation never starts a line) and
 * draws each page; returns the pages as JPEG bytes and the lines drawn on each.
 */
export function renderPages(
  paragraphs: string[],
  options: { title?: string[]; fonts: string; page?: Partial<typeof PAGE> },
): { jpeg: Buffer; lines: string[] }[] {
  const { width, height, margin, fontSize, lineHeight } = { ...PAGE, ...options.page };
  const measure = createCanvas(10, 10).getContext("2d");
  measure.font = `${fontSize}px ${options.fonts}`;
  const pages: string[][][] = [[]];
  let y = margin;
  const place = (line: string, x: number) => {
    if (y + lineHeight > height - margin) {
      pages.push([]);
      y = margin;
    }
    pages.at(-1)!.push([line, String(x), String(y)]);
    y += lineHeight;
  };
  for (const t of options.title ?? []) place(t, (width - measure.measureText(t).width) / 2);
  const indent = fontSize * 2;
  for (const paragraph of paragraphs) {
    let line = "";
    let x = margin + indent;
    for (const ch of paragraph) {
      if (x + measure.measureText(line + ch).width > width - margin && !CLOSING.has(ch)) {
        place(line, x);
        line = "";
        x = margin;
      }
      line += ch;
    }
    if (line) place(line, x);
  }
  return pages.map((placed) => {
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#111111";
    ctx.textBaseline = "top";
    ctx.font = `${fontSize}px ${options.fonts}`;
    for (const [text, x, top] of placed) ctx.fillText(text!, Number(x), Number(top));
    return { jpeg: canvas.toBuffer("image/jpeg", 85), lines: placed.map(([text]) => text!) };
  });
}

/**
 * An image-only PDF: one A4 page per JPEG, the image filling the page (DCTDecode), no fonts and no
 * text at all — what a scanner produces.
 */
export function makeImagePdf(jpegs: Buffer[], size: { width: number; height: number } = PAGE): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (chunk: string | Buffer) => {
    const b = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    parts.push(b);
    length += b.length;
  };
  const object = (n: number, body: (string | Buffer)[]) => {
    offsets[n - 1] = length;
    write(`${n} 0 obj\n`);
    for (const b of body) write(b);
    write("\nendobj\n");
  };
  write("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const pageIds = jpegs.map((_, i) => 3 + i * 3);
  object(1, ["<< /Type /Catalog /Pages 2 0 R >>"]);
  object(2, [`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${jpegs.length} >>`]);
  jpegs.forEach((jpeg, i) => {
    const [page, content, image] = [3 + i * 3, 4 + i * 3, 5 + i * 3];
    const draw = "q 595 0 0 842 0 0 cm /Im0 Do Q";
    object(page, [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`,
    ]);
    object(content, [`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`]);
    object(image, [
      `<< /Type /XObject /Subtype /Image /Width ${size.width} /Height ${size.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      jpeg,
      "\nendstream",
    ]);
  });
  const xref = length;
  write(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  for (const o of offsets) write(`${String(o).padStart(10, "0")} 00000 n \n`);
  write(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}
