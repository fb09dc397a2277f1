/**
 * Questions the documents could not answer (`found: false`), appended as JSON lines to
 * `<dataDir>/unanswered.jsonl` so admins can see what people look for in vain. The file is bounded:
 * past `maxBytes` it becomes `unanswered.1.jsonl` (replacing the one before) and a new file starts,
 * so at most twice `maxBytes` are kept. No user ids: the chat, the time and the question only.
 */
import { appendFile, mkdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";

/** One question that got no answer from the documents. */
export interface UnansweredRecord {
  at: string;
  chatId: number;
  /** The message as sent. */
  question: string;
  /** The standalone question searched, when the message was a follow-up completed from its context. */
  understoodAs?: string;
}

/** Where the log goes and how big it may grow. */
interface UnansweredLogOptions {
  /** Size at which the file is rotated; default 1 MiB (several thousand questions). */
  maxBytes?: number;
  /** Default Date.now. */
  now?: () => number;
  /** Where a failed write is reported (without the question). */
  log?: Pick<Logger, "warn">;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The bounded log of unanswered questions. */
export class UnansweredLog {
  readonly file: string;
  readonly previousFile: string;
  private readonly maxBytes: number;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly options: UnansweredLogOptions = {},
  ) {
    this.file = path.join(dataDir, "unanswered.jsonl");
    this.previousFile = path.join(dataDir, "unanswered.1.jsonl");
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /**
   * Records a question; writes are queued so rotation and appends never interleave. A failed write
   * is logged and swallowed: answering matters more than this record.
   */
  add(entry: Omit<UnansweredRecord, "at">): Promise<void> {
    const record: UnansweredRecord = { at: new Date((this.options.now ?? Date.now)()).toISOString(), ...entry };
    const line = `${JSON.stringify(record)}\n`;
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(path.dirname(this.file), { recursive: true });
        const size = await stat(this.file).then(
          (s) => s.size,
          () => 0,
        );
        if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) await rename(this.file, this.previousFile);
        await appendFile(this.file, line);
      } catch (error) {
        this.options.log?.warn(
          { err: error instanceof Error ? error.message : String(error), file: this.file },
          "could not record an unanswered question",
        );
      }
    });
    return this.writing;
  }

  /** Every record kept, oldest first (the rotated file, then the current one). */
  async all(): Promise<UnansweredRecord[]> {
    await this.writing;
    const lines = async (file: string) => {
      try {
        return (await readFile(file, "utf8")).split("\n").filter(Boolean);
      } catch {
        return [];
      }
    };
    return [...(await lines(this.previousFile)), ...(await lines(this.file))].flatMap((l) => {
      try {
        return [JSON.parse(l) as UnansweredRecord];
      } catch {
        return []; // a line torn by a crash
      }
    });
  }
}
