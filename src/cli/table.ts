/** Plain-text tables for the command-line reports (benchmark, evaluation). */

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

/** A table with a header row; the first column and a last "note" column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][], indent = "  "): string {
  const left = (c: number) => c === 0 || (c === header.length - 1 && header[c] === "note");
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ""))));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, c) => {
        const pad = " ".repeat(widths[c]! - width(cell));
        return left(c) ? cell + pad : pad + cell;
      })
      .join("   ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** A rate or score with three decimals; "n/a" when there is none (undefined or NaN). */
export function score(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? "n/a" : v.toFixed(3);
}
