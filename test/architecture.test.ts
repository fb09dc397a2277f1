/** The layout's rules, checked on the source: who may import what, and who reads the environment. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
  });
}

/** The folders of src/ a file imports from ("search", "app", …), resolved from its import paths. */
function importedFolders(file: string): string[] {
  const src = path.join(ROOT, "src");
  return [...readFileSync(file, "utf8").matchAll(/^import [^;]*? from "(\.{1,2}\/[^"]+)";/gm)].map((m) => {
    const target = path.relative(src, path.resolve(path.dirname(file), m[1]!));
    return target.split(path.sep)[0]!;
  });
}

const rel = (f: string) => path.relative(ROOT, f);

describe("layout", () => {
  it("the bot is Telegram only: no file in src/bot/ imports search/, index/ or corpus/", () => {
    const offending = files(path.join(ROOT, "src", "bot")).flatMap((f) =>
      importedFolders(f)
        .filter((d) => ["search", "index", "corpus"].includes(d))
        .map((d) => `${rel(f)} -> ${d}/`),
    );
    expect(offending).toEqual([]);
  });

  it("one composition root: npm start and every script build the application with createApp", () => {
    const entryPoints = [path.join(ROOT, "src", "main.ts"), ...files(path.join(ROOT, "scripts"))];
    for (const f of entryPoints) {
      const text = readFileSync(f, "utf8");
      expect(text, rel(f)).toContain("createApp(");
      for (const wiring of ["buildPipeline", "PipelineHost", "ensureIndex", "createEmbeddings", "createChatModel"]) {
        expect(text, `${rel(f)} wires ${wiring} itself`).not.toContain(wiring);
      }
    }
  });

  it("the pipeline stages never import the layers above them", () => {
    const below = ["text", "storage", "corpus", "index", "search", "answer", "quiz"];
    const offending = below.flatMap((stage) =>
      files(path.join(ROOT, "src", stage)).flatMap((f) =>
        importedFolders(f)
          .filter((d) => ["app", "bot", "main.ts"].includes(d))
          .map((d) => `${rel(f)} -> ${d}`),
      ),
    );
    expect(offending).toEqual([]);
  });

  it("only src/config.ts reads process.env", () => {
    const readers = files(path.join(ROOT, "src")).filter((f) => readFileSync(f, "utf8").includes("process.env"));
    expect(readers.map(rel)).toEqual(["src/config.ts"]);
  });
});
