/**
 * Scanned reports: pages of a real report drawn as images, made into a PDF without a text layer,
 * read by PP-OCR, measured against the text drawn, and answered with the right citation and page
 * (a photo sent to the bot: test/bot/upload.test.ts). The drawing needs a Chinese font: the @fontsource/noto-sans-sc dev
 * dependency; without it these tests are skipped with a message.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, UnreadableFileError } from "../../src/corpus/extract.ts";
import { cachedOcr } from "../../src/corpus/ocr-cache.ts";
import { createPpOcr, OcrUnavailableError, type OcrEngine } from "../../src/corpus/ocr.ts";
import type { App } from "../../src/app/create-app.ts";
import { CORPUS, reportFile, testApp, testConfig } from "../helpers.ts";
import { cjkFontFamilies, makeImagePdf, PAGE, renderPages } from "../support/scan.ts";

/** Share of the reference's characters the hypothesis gets right: 1 - edit distance / length (whitespace ignored). */
function charactersCorrect(reference: string, hypothesis: string): number {
  const a = [...reference.replace(/\s/g, "")];
  const b = [...hypothesis.replace(/\s/g, "")];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return 1 - prev[b.length]! / a.length;
}

/** A blank page image: a scan with nothing on it. */
const blankJpeg = () => {
  const canvas = createCanvas(PAGE.width, PAGE.height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, PAGE.width, PAGE.height);
  return canvas.toBuffer("image/jpeg", 85);
};

describe("scanned pages the OCR engine cannot read", () => {
  const failing = (error: Error): OcrEngine => ({
    id: "failing",
    recognize: async () => {
      throw error;
    },
  });

  it("get a line each saying which page and why, and a PDF with nothing else is refused", async () => {
    const lines: string[] = [];
    const read = extractText("扫描.pdf", makeImagePdf([blankJpeg(), blankJpeg()]), {
      ocr: failing(new Error("out of memory")),
      onProgress: (l) => lines.push(l),
    });
    await expect(read).rejects.toMatchObject({ reason: "scanned-pdf" });
    expect(lines).toEqual([
      "扫描.pdf: 2 of 2 page(s) have no text layer; reading them by OCR…",
      "扫描.pdf: page 1 could not be read (out of memory); left out",
      "扫描.pdf: page 2 could not be read (out of memory); left out",
    ]);
  });

  it("are refused as needing OCR when the engine cannot be loaded on this machine", async () => {
    const unavailable = failing(new OcrUnavailableError("the OCR engine cannot be loaded (no binary for this platform)"));
    await expect(extractText("扫描.pdf", makeImagePdf([blankJpeg()]), { ocr: unavailable })).rejects.toMatchObject({
      reason: "ocr-unavailable",
    });
    await expect(extractText("照片.jpg", blankJpeg(), { ocr: unavailable })).rejects.toMatchObject({ reason: "ocr-unavailable" });
  });

  it("an image that is not one is refused as such", async () => {
    const read = extractText("照片.png", Buffer.from("not an image at all"), { ocr: failing(new Error("unused")) });
    await expect(read).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(read).rejects.toMatchObject({ reason: "bad-image" });
  });
});

const fonts = cjkFontFamilies();
if (!fonts) {
  console.warn(
    "[tests] no Chinese font to draw scanned pages with (@fontsource/noto-sans-sc, a dev dependency, is not installed): OCR accuracy tests skipped. Run npm install.",
  );
}

describe.skipIf(!fonts)("a scanned report read by OCR", () => {
  const FILE = "惠安县人民政府信访局-2023.pdf";
  let work: string;
  let corpusDir: string;
  let dataDir: string;
  let pages: { jpeg: Buffer; lines: string[] }[];
  let read: Awaited<ReturnType<typeof extractText>>;
  let progress: string[];
  let seconds: number;
  let app: App;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "xinfang-ocr-"));
    corpusDir = path.join(work, "corpus");
    dataDir = path.join(work, "data");
    await mkdir(path.join(corpusDir, "reports"), { recursive: true });
    await cp(path.join(CORPUS, "regulations"), path.join(corpusDir, "regulations"), { recursive: true });
    // The first two pages of a real report, as a scanner would make them.
    const [title1, title2, ...paragraphs] = (await readFile(reportFile("惠安"), "utf8"))
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    pages = renderPages(paragraphs, { title: [title1!, title2!], fonts: fonts! }).slice(0, 2);
    const pdf = makeImagePdf(pages.map((p) => p.jpeg));
    await writeFile(path.join(corpusDir, "reports", FILE), pdf);

    // Read once here to measure, through the cache the application uses, so its index build reuses the pages.
    progress = [];
    const started = Date.now();
    read = await extractText(FILE, pdf, {
      ocr: cachedOcr(createPpOcr(), path.join(dataDir, "ocr-cache")),
      onProgress: (l) => progress.push(l),
    });
    seconds = (Date.now() - started) / 1000;
    app = await testApp(testConfig(dataDir, corpusDir));
  }, 180_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("reads the drawn text with at least 98% of characters correct, page by page", () => {
    const drawn = pages.map((p) => p.lines.join(""));
    const ocr = [read.text.slice(0, read.pageStarts![1]), read.text.slice(read.pageStarts![1])];
    const scores = drawn.map((d, i) => charactersCorrect(d, ocr[i]!));
    const all = charactersCorrect(drawn.join(""), read.text);
    console.info(
      `[ocr] ${pages.length} A4 pages at 150 dpi, ${drawn.join("").length} characters: ${(all * 100).toFixed(2)}% correct ` +
        `(pages: ${scores.map((s) => `${(s * 100).toFixed(2)}%`).join(", ")}), ${(seconds / pages.length).toFixed(1)} s per page ` +
        `(engine load included)`,
    );
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0.98);
  });

  it("says how far it is, page by page", () => {
    expect(progress[0]).toBe(`${FILE}: 2 of 2 page(s) have no text layer; reading them by OCR…`);
    expect(progress[1]).toMatch(new RegExp(`^${FILE}: OCR page 1 \\(1/2\\), \\d+ characters, [\\d.]+ s$`));
    expect(progress[2]).toMatch(new RegExp(`^${FILE}: OCR page 2 \\(2/2\\), \\d+ characters, [\\d.]+ s$`));
  });

  it("goes through the same cleaning: title, headings and paragraphs as in the text report", () => {
    const [report] = app.library.reports();
    expect(report).toMatchObject({ bureau: "惠安县人民政府信访局", year: 2023, title: "惠安县人民政府信访局2023年度法治政府建设工作年度报告" });
  });

  it("answers a figure question from page 2 with the right citation and page", async () => {
    const a = await app.ask("惠安县2023年律师参与县主要领导接访共计多少次？");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("12次");
    expect(a.citations[0]).toMatchObject({
      bureau: "惠安县人民政府信访局",
      year: 2023,
      section: "一、工作开展情况 > （二）坚持依法行政，推进法治信访",
      source: `corpus/reports/${FILE}`,
      page: 2,
    });
  });
});
