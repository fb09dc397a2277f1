/**
 * Adding and withdrawing reports while the bot runs: a file is read as ingest would read it, saved
 * atomically, and the index rebuilt in the background (answers continue from the old one).
 */
import type { Logger } from "pino";
import { previewReport, safeReportName, saveReport, withdrawReport } from "../corpus/intake.ts";
import { SUPPORTED_EXTENSIONS, UnreadableFileError, type UnreadableReason } from "../corpus/extract.ts";
import type { OcrEngine } from "../corpus/ocr.ts";
import { UserError } from "../errors.ts";
import { docKey } from "./library.ts";
import type { PipelineHost } from "./pipeline.ts";

/** What an added report was understood to be. */
export interface AddedReport {
  /** The file name it was saved under in the reports folder. */
  saved: string;
  bureau: string;
  year: number;
  title: string;
  /** Top-level headings, in order. */
  sections: string[];
  chunks: number;
}

/** The index after a rebuild. */
interface ReindexResult {
  documents: number;
  chunks: number;
  seconds: number;
  /** Reports sharing a bureau and year with the file in question (all kept). */
  clashes: { bureau: string; year: number; paths: string[] }[];
}

/** Why a file was refused, in words an admin can act on. */
const REASONS: Record<UnreadableReason, string> = {
  empty: "文件是空的",
  "unsupported-type": `不支持这种文件类型；支持的格式：${SUPPORTED_EXTENSIONS.join(" ")}`,
  "no-name": "文件没有名称",
  "no-text": "文件里没有可读的文字",
  "bad-docx": "不是有效的 .docx 文件（可能已损坏）",
  "bad-doc": "不是有效的 .doc 文件（可能已损坏），请另存为 .docx 后再发送",
  "unsupported-wps":
    "不支持的 WPS 格式（只能读取与 Word .doc 兼容的 .wps 文件），请在 WPS 中另存为 .docx 或 .doc 后再发送",
  "bad-pdf": "不是有效的 PDF 文件（可能已损坏）",
  "scanned-pdf": "这是没有文字层的 PDF（可能是扫描件），文字识别（OCR）也没有读出文字，请提供文字版（.txt 或 .docx）",
  "bad-image": "不是有效的图片文件（可能已损坏），支持 .png 和 .jpg",
  "ocr-unavailable": "这是扫描件或图片，需要文字识别（OCR），但本机无法运行识别组件，请提供文字版（.txt 或 .docx）",
  "no-bureau": "无法从标题中看出是哪个信访局的报告（标题应包含“……信访局/信访办”）",
  "no-year": "无法从标题中看出报告的年度（标题应包含“……2023年……”）",
};

/** Admin actions on the reports folder. */
export class ReportAdmin {
  constructor(
    private readonly host: PipelineHost,
    private readonly dirs: { reports: string; removed: string },
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    /** Reads scanned PDFs and images (default: PP-OCR, loaded when a file needs it). */
    private readonly ocr?: OcrEngine,
  ) {}

  /** Whether a rebuild is under way. */
  get reindexing(): boolean {
    return this.host.reindexing;
  }

  /**
   * Reads and saves a report file (under a free name); throws UserError when it cannot be used.
   * The index is not rebuilt yet: call reindex(). `onProgress` hears the lines of a long read
   * (a scan read by OCR, page by page).
   */
  async add(
    fileName: string,
    bytes: Uint8Array,
    options: { onProgress?: (line: string) => void } = {},
  ): Promise<AddedReport> {
    try {
      const name = safeReportName(fileName);
      const preview = await previewReport(name, bytes, {
        ...(this.ocr ? { ocr: this.ocr } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      const saved = await saveReport(this.dirs.reports, name, bytes);
      const { meta } = preview;
      this.log.info({ file: saved, bureau: meta.bureau, year: meta.year, chunks: preview.chunks }, "report added");
      return {
        saved,
        bureau: meta.bureau,
        year: meta.year,
        title: meta.title,
        sections: preview.sections,
        chunks: preview.chunks,
      };
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      throw new UserError(`无法使用这个文件，未保存：${REASONS[error.reason]}。`, {
        cause: error,
        message: error.message,
      });
    }
  }

  /** Moves the report with this key out of the corpus (to the removed folder); its title, or undefined. */
  async withdraw(key: string): Promise<{ title: string; id: string } | undefined> {
    const report = this.host.current.engine.catalog.reports.find((r) => docKey(r.id) === key);
    if (!report) return undefined;
    const movedTo = await withdrawReport(this.dirs.reports, this.dirs.removed, report.id);
    this.log.info({ file: report.source, movedTo }, "report withdrawn");
    return { title: report.title, id: report.id };
  }

  /** Rebuilds the index (after a running rebuild, if any); clashes are those involving `file` when given. */
  async reindex(file?: string): Promise<ReindexResult> {
    const started = this.now();
    const { index } = await this.host.reindex();
    const { documents, chunks, clashes } = index.manifest;
    return {
      documents,
      chunks,
      seconds: (this.now() - started) / 1000,
      clashes: clashes.filter((c) => file === undefined || c.paths.some((p) => p.endsWith(`/${file}`))),
    };
  }
}
