/**
 * PipelineHost over a copy of the real corpus: rebuilds asked for while one runs. The regulation
 * texts are left out of the copy, so every rebuild tries to download them after listing the corpus;
 * the test holds that download to keep a rebuild running while it adds a report.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app/create-app.ts";
import { CORPUS, testApp, testConfig } from "../helpers.ts";
import { reportLines } from "../support/fixtures.ts";

let work: string;
let app: App;
/** While set, regulation downloads wait for it (then fail: offline). */
let held: Promise<void> | undefined;
/** Called when a download starts. */
let onDownload = () => {};
/** Builds finished ("index ready" progress lines). */
let builds = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "xinfang-pipeline-"));
  const corpus = path.join(work, "corpus");
  await cp(path.join(CORPUS, "reports"), path.join(corpus, "reports"), { recursive: true });
  await mkdir(path.join(corpus, "regulations"));
  await cp(path.join(CORPUS, "regulations", "manifest.json"), path.join(corpus, "regulations", "manifest.json"));
  app = await testApp(testConfig(path.join(work, "data"), corpus), {
    fetch: async () => {
      onDownload();
      await held;
      throw new TypeError("offline in tests");
    },
    onProgress: (line) => {
      if (line.startsWith("index ready")) builds++;
    },
  });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("PipelineHost.reindex", () => {
  it("a rebuild asked for while one runs follows it, sees the files added meanwhile, and is shared by later calls", async () => {
    const documents = app.stats().documents;
    let release!: () => void;
    held = new Promise((resolve) => (release = resolve));
    const downloading = new Promise<void>((resolve) => (onDownload = resolve));
    const startBuilds = builds;

    const first = app.reports.reindex();
    await downloading; // the first rebuild has listed the corpus and waits on the network
    await writeFile(
      path.join(work, "corpus", "reports", "新区县信访局-2025.txt"),
      reportLines("新区县信访局", 2025, 40).join("\n"),
    );
    const second = app.reports.reindex();
    const third = app.reports.reindex();
    expect(app.stats().reindexing).toBe(true);
    held = undefined;
    release();

    expect((await first).documents).toBe(documents);
    expect((await second).documents).toBe(documents + 1);
    expect((await third).documents).toBe(documents + 1);
    expect(builds - startBuilds).toBe(2); // the second and third calls share one follow-up rebuild
    expect(app.stats()).toMatchObject({ documents: documents + 1, reindexing: false });
    const answer = await app.ask("新区县信访局2025年全年共受理群众来信来访多少件？");
    expect(answer.answer).toContain("3167件");
  });

  it("a rebuild asked for when none runs starts at once", async () => {
    const startBuilds = builds;
    const { documents } = await app.reports.reindex();
    expect(documents).toBe(app.stats().documents);
    expect(builds - startBuilds).toBe(1);
  });
});
