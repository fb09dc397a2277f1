/** npm run ingest [-- --force]: download missing regulation texts, then build or refresh the index. */
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/app/create-app.ts";
import { runCli } from "../src/cli/run.ts";

const HELP = `Usage: npm run ingest [-- --force]

Downloads missing regulation texts (pinned URLs, sha256 checked), then rebuilds the index when any
source file, the chunker or the embeddings settings changed. Only new or changed files are read
and indexed: the rest is carried over from the previous build (files are hashed again only when
their size or modification time changed). --force reads and indexes everything again, even when
nothing changed.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const app = await createApp(loadConfig(), {
    onProgress: (line) => process.stderr.write(`[ingest] ${line}\n`),
    build: { force: values.force ?? false, fromScratch: values.force ?? false, alwaysDownload: true },
  });
  const m = app.library.manifest();
  process.stdout.write(
    `index: ${m.documents} documents, ${m.chunks} chunks, embeddings ${m.embeddings.provider}/${m.embeddings.model} (${m.embeddings.dimensions} dims), built ${m.builtAt}\n`,
  );
  for (const s of m.skipped) process.stdout.write(`skipped ${s.path}: ${s.reason}\n`);
  for (const c of m.clashes)
    process.stdout.write(
      `note: ${c.paths.length} reports for ${c.bureau} ${c.year}, all kept: ${c.paths.join(", ")}\n`,
    );
  if (m.missingRegulations.length > 0)
    process.stdout.write(`missing regulation texts: ${m.missingRegulations.join(", ")}\n`);
  return 0;
}

runCli(main);
