/**
 * Child processes of the benchmark: a phase worker (this benchmark's script with --worker) and a
 * cold start (the ask command answering one question from a saved index), each timed from spawn.
 */
import { spawn } from "node:child_process";
import type { Answer } from "../answer/types.ts";
import type { CorpusPaths, PhaseResult, PhaseSpec } from "./phases.ts";

/**
 * A child that failed: exit code or signal, timeout, or output that is not what was expected (the
 * message says which); thrown by the Launcher's methods.
 */
export class ChildProcessError extends Error {
  override name = "ChildProcessError";
}

/** What a finished child did. */
interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last 2,000 characters of stderr, when it was captured. */
  stderrTail: string;
  /** From spawn to the first byte on stdout (NaN if none). */
  firstOutputMs: number;
  totalMs: number;
  timedOut: boolean;
}

/** Runs a command to its end; stderr is passed through (progress) or captured (its tail kept). */
function runChild(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; stderr: "inherit" | "capture" },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      env: options.env,
      stdio: ["ignore", "pipe", options.stderr === "inherit" ? "inherit" : "pipe"],
    });
    let stdout = "";
    let stderrTail = "";
    let firstOutputMs = NaN;
    let timedOut = false;
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (Number.isNaN(firstOutputMs)) firstOutputMs = performance.now() - start;
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ChildProcessError(`cannot start ${command}: ${error.message}`, { cause: error }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderrTail, firstOutputMs, totalMs: performance.now() - start, timedOut });
    });
  });
}

/** How to start node on the benchmark's and the ask command's scripts. */
export interface LauncherOptions {
  /** The node binary and its options (process.execPath, process.execArgv: `--import tsx` when run from the sources). */
  node: string;
  nodeArgs: string[];
  benchScript: string;
  askScript: string;
  /** The environment children start from. */
  env: NodeJS.ProcessEnv;
  /** Longest a child may run before it is killed. */
  timeoutMs: number;
}

/** Why a child's run is not a result. */
function failure(what: string, run: ChildRun, timeoutMs: number): ChildProcessError | undefined {
  if (run.timedOut) return new ChildProcessError(`${what} took longer than ${timeoutMs} ms and was killed`);
  if (run.code === 0) return undefined;
  const tail = run.stderrTail.trim().split("\n").slice(-3).join(" | ");
  return new ChildProcessError(
    `${what} ${run.signal ? `was killed by ${run.signal}` : `exited with code ${run.code}`}${tail ? `: ${tail}` : ""}`,
  );
}

/** Starts phase workers and cold starts. */
export class Launcher {
  constructor(private readonly options: LauncherOptions) {}

  /** Runs one phase in a fresh process; its progress goes to this process's stderr. */
  async phase<S extends PhaseSpec>(spec: S): Promise<Extract<PhaseResult, { phase: S["phase"] }>> {
    const o = this.options;
    const run = await runChild(o.node, [...o.nodeArgs, o.benchScript, "--worker", JSON.stringify(spec)], {
      env: o.env,
      timeoutMs: o.timeoutMs,
      stderr: "inherit",
    });
    const error = failure(`the ${spec.phase} worker`, run, o.timeoutMs);
    if (error) throw error;
    const last = run.stdout.trim().split("\n").at(-1) ?? "";
    try {
      return JSON.parse(last) as Extract<PhaseResult, { phase: S["phase"] }>;
    } catch (cause) {
      throw new ChildProcessError(`the ${spec.phase} worker printed no result: "${last.slice(0, 200)}"`, { cause });
    }
  }

  /**
   * A cold start: `ask --json` as a new process on a saved index (offline, local embeddings);
   * the time is from spawn to the first byte of the answer on stdout.
   */
  async coldStart(paths: CorpusPaths, question: string): Promise<{ ms: number; answer: Answer }> {
    const o = this.options;
    const env = {
      ...o.env,
      CORPUS_DIR: paths.corpusDir,
      DATA_DIR: paths.dataDir,
      EMBEDDINGS_PROVIDER: "local",
      OPENAI_API_KEY: "",
      TELEGRAM_BOT_TOKEN: "",
      LOG_LEVEL: "error",
    };
    const run = await runChild(o.node, [...o.nodeArgs, o.askScript, "--json", question], {
      env,
      timeoutMs: o.timeoutMs,
      stderr: "capture",
    });
    const error = failure("the ask process", run, o.timeoutMs);
    if (error) throw error;
    try {
      return { ms: run.firstOutputMs, answer: JSON.parse(run.stdout) as Answer };
    } catch (cause) {
      throw new ChildProcessError(`the ask process printed no JSON answer: "${run.stdout.slice(0, 200)}"`, { cause });
    }
  }
}
