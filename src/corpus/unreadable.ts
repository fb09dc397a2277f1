/** The error of a file that cannot be used as a report, with a reason code the callers turn into text. */

/** Why a file cannot be used as a report. */
export type UnreadableReason =
  | "empty"
  | "unsupported-type"
  | "no-name"
  | "no-text"
  | "bad-docx"
  | "bad-doc"
  | "unsupported-wps"
  | "bad-pdf"
  | "scanned-pdf"
  | "bad-image"
  | "ocr-unavailable"
  | "no-bureau"
  | "no-year";

/** A file that cannot be turned into a report; the message (English, for logs) says why. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
  constructor(
    message: string,
    readonly reason: UnreadableReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
