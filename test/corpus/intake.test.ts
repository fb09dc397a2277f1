import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeReportName, saveReport, withdrawReport } from "../../src/corpus/intake.ts";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
/** Linux's NAME_MAX, in bytes. */
const NAME_MAX = 255;
/** What withdrawing puts before a name: 2025-01-01T00-00-00-000Z- */
const WITHDRAW_PREFIX = 25;
const longStem = `长名县信访局-2025-${"关于进一步推进信访工作法治化建设的情况".repeat(20)}`.slice(0, 295);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "xinfang-intake-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("safeReportName", () => {
  it("keeps a short name as it is", () => {
    expect(safeReportName("惠安县人民政府信访局-2023.docx")).toBe("惠安县人民政府信访局-2023.docx");
  });

  it("drops folders and replaces control characters", () => {
    expect(safeReportName("..\\..\\etc/阎良区信访局\u0000\u007f\u0085-2022.txt")).toBe("阎良区信访局___-2022.txt");
  });

  it("shortens a 300-character Chinese name by bytes, keeping its start and its extension", () => {
    const name = safeReportName(`${longStem}.docx`);
    expect(name).toMatch(/^长名县信访局-2025-关于/);
    expect(name.endsWith(".docx")).toBe(true);
    expect(longStem.startsWith(name.slice(0, -".docx".length))).toBe(true);
    // Room left for a -N suffix and for the withdrawn copy's time stamp.
    expect(bytes(name) + "-99".length + WITHDRAW_PREFIX).toBeLessThanOrEqual(NAME_MAX);
  });
});

describe("saveReport and withdrawReport", () => {
  it("save a shortened long name twice (x.docx, x-2.docx) and withdraw both", async () => {
    const reports = path.join(dir, "reports");
    const name = safeReportName(`${longStem}.docx`);
    const first = await saveReport(reports, name, Buffer.from("a"));
    const second = await saveReport(reports, name, Buffer.from("b"));
    expect(first).toBe(name);
    expect(second).toBe(`${name.slice(0, -".docx".length)}-2.docx`);
    expect((await readdir(reports)).sort()).toEqual([first, second].sort());
    const removed = path.join(dir, "removed");
    for (const f of [first, second]) await withdrawReport(reports, removed, f, new Date(Date.UTC(2025, 0, 1)));
    expect(await readdir(reports)).toEqual([]);
    expect(await readdir(removed)).toEqual(
      expect.arrayContaining([`2025-01-01T00-00-00-000Z-${first}`, `2025-01-01T00-00-00-000Z-${second}`]),
    );
  });

  it("fit names nobody shortened: a caller's long name, a hand-placed file of 253 bytes", async () => {
    const reports = path.join(dir, "reports-2");
    const saved = await saveReport(reports, `${longStem}.txt`, Buffer.from("a"));
    expect(saved).toMatch(/^长名县信访局-2025-.*\.txt$/);
    expect(bytes(`.${saved}.${process.pid}.part`)).toBeLessThanOrEqual(NAME_MAX);
    const handPlaced = `${"阎".repeat(83)}.txt`; // 253 bytes
    await writeFile(path.join(reports, handPlaced), "b");
    const movedTo = await withdrawReport(reports, path.join(dir, "removed-2"), handPlaced);
    expect(bytes(path.basename(movedTo))).toBeLessThanOrEqual(NAME_MAX);
    expect(path.basename(movedTo)).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-阎+\.txt$/);
  });
});
