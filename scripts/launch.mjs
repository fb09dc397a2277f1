/* global process */
/**
 * Runs one of the project's commands (npm start, ingest, ask, quiz, eval, bench) from a bundle of
 * its TypeScript made by esbuild, made again whenever a source file changed since. Plain Node then
 * loads a few files per command instead of every source file through tsx's loader hooks, which
 * saves about 0.8 s of each start on a 2-core machine. Tests (vitest) run the TypeScript sources.
 *
 * Usage: node scripts/launch.mjs <command> [args…]
 *
 * Builds go to .build/<name>/, and .build/current is a symlink swapped in by a rename: two
 * processes starting at once never load a half-written bundle. A build is removed once a newer one
 * is made and no process that ran it is still running.
 */
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD = path.join(ROOT, ".build");
const CURRENT = path.join(BUILD, "current");

/** The commands and their entry files. The HNSW worker is an entry of its own: a thread loads it. */
const COMMANDS = {
  main: "src/main.ts",
  ingest: "scripts/ingest.ts",
  ask: "scripts/ask.ts",
  quiz: "scripts/quiz.ts",
  eval: "scripts/eval.ts",
  bench: "scripts/bench.ts",
};
const ENTRIES = { ...COMMANDS, "hnsw-worker": "src/index/hnsw-worker.ts" };
/** Files the code reads beside itself at run time. */
const ASSETS = ["src/search/thesaurus.tsv"];
/**
 * Dependencies bundled into the build with what they import: plain JavaScript on every command's
 * start-up path, several hundred small modules that Node would otherwise resolve and compile one
 * by one (about 0.3 s of each start). Every other dependency stays an import of node_modules: those
 * with native code or files of their own (hnswlib-node, jieba's dictionaries, sql.js's wasm, pdf.js's
 * worker), and any added later until it is named here.
 */
const BUNDLED = new Set([
  "@langchain/core",
  "@langchain/community",
  "@langchain/openai",
  "dotenv",
  "opencc-js",
  "pinyin-pro",
  "zod",
]);

/** The newest modification time and the number of the files a build is made from. */
function sourcesState() {
  let newest = statSync(path.join(ROOT, "package.json")).mtimeMs;
  let count = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        count++;
        newest = Math.max(newest, statSync(file).mtimeMs);
      }
    }
  };
  walk(path.join(ROOT, "src"));
  walk(path.join(ROOT, "scripts"));
  return { newest, count };
}

/** The current build's folder, when it was made from the sources as they are now. */
function freshBuild(state) {
  try {
    const dir = path.join(BUILD, readlinkSync(CURRENT));
    const made = JSON.parse(readFileSync(path.join(dir, "sources.json"), "utf8"));
    return made.newest >= state.newest && made.count === state.count ? dir : undefined;
  } catch {
    return undefined; // no build yet, or one cut short
  }
}

/** Whether a process that ran a build (see `users` below) is still running. */
function inUse(dir) {
  let pids;
  try {
    pids = readdirSync(path.join(dir, "users"));
  } catch {
    return false; // a build cut short, or never run
  }
  return pids.some((pid) => {
    try {
      process.kill(Number(pid), 0); // no signal: only whether the process exists
      return true;
    } catch (error) {
      return error.code === "EPERM"; // exists, another user's
    }
  });
}

/**
 * Makes this process one of a build's users while it runs (a file named by its pid), so that no
 * other process removes the build meanwhile. Where the folder cannot be written (a read-only
 * install with its bundle made beforehand) no process can remove the build either.
 */
function use(dir) {
  const user = path.join(dir, "users", String(process.pid));
  try {
    mkdirSync(path.dirname(user), { recursive: true });
    writeFileSync(user, "");
  } catch {
    return;
  }
  process.on("exit", () => rmSync(user, { force: true }));
}

/** The package a bare import names ("@scope/name/sub" -> "@scope/name"). */
function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** An esbuild plugin leaving the project's own dependencies, except BUNDLED ones, to node_modules. */
function keepExternal() {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const own = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
  return {
    name: "keep-external",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
        const name = packageOf(specifier);
        return own.has(name) && !BUNDLED.has(name) ? { path: specifier, external: true } : undefined;
      });
    },
  };
}

/** Bundles every entry into a new folder (in use from the start) and makes it the current build. */
async function build(state) {
  const esbuild = await import("esbuild");
  const name = `${Date.now()}-${process.pid}`;
  const dir = path.join(BUILD, name);
  use(dir); // before anything is written: a process building at the same moment leaves it alone
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([key, file]) => [key, path.join(ROOT, file)])),
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    plugins: [keepExternal()],
    // Bundled CommonJS modules may require Node's own modules; an ES module has no require.
    banner: {
      js: 'import { createRequire as __launchRequire } from "node:module"; const require = __launchRequire(import.meta.url);',
    },
    logLevel: "silent", // a failure is reported below, in one line
  });
  for (const asset of ASSETS) copyFileSync(path.join(ROOT, asset), path.join(dir, path.basename(asset)));
  writeFileSync(path.join(dir, "sources.json"), JSON.stringify(state)); // written last: the build is whole
  const link = `${CURRENT}.${name}.tmp`;
  symlinkSync(name, link);
  renameSync(link, CURRENT);
  // Earlier builds go once no process runs them: a running bot may yet load modules of its own
  // build (a chunk imported late, the HNSW worker of a rebuild).
  for (const old of readdirSync(BUILD)) {
    if (old !== name && !old.startsWith("current") && !inUse(path.join(BUILD, old))) {
      rmSync(path.join(BUILD, old), { recursive: true, force: true });
    }
  }
  return dir;
}

/** The current bundle's folder (made first when stale), or undefined when none can be made. */
async function bundle() {
  const state = sourcesState();
  const dir = freshBuild(state);
  if (dir) {
    use(dir);
    return dir;
  }
  try {
    return await build(state);
  } catch (error) {
    // A read-only install, a full disk: the sources still run, only slower to start.
    const why = error.errors?.[0]?.text ?? error.message.split("\n")[0]; // esbuild's first error, or the system's
    process.stderr.write(`[launch] cannot bundle (${why}); running the sources through tsx\n`);
    return undefined;
  }
}

const [command, ...args] = process.argv.slice(2);
if (!Object.hasOwn(COMMANDS, command ?? "")) {
  process.stderr.write(`usage: node scripts/launch.mjs <${Object.keys(COMMANDS).join("|")}> [args…]\n`);
  process.exit(2);
}
const dir = await bundle();
if (!dir) (await import("tsx/esm/api")).register();
const entry = dir ? path.join(dir, `${command}.mjs`) : path.join(ROOT, COMMANDS[command]);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
