/** The real npm processes (`npm start`, `npm run ask`, …) for end-to-end tests, with their output collected. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { ROOT } from "../helpers.ts";

/** A running bot process. */
export interface BotProcess {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exit: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  /** The JSON log lines so far (other lines are skipped). */
  logs: () => Record<string, unknown>[];
  /** SIGTERM (if still running), then the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `npm start` in the project with `env` added to the environment. */
export function startBotProcess(env: Record<string, string>): BotProcess {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, DOWNLOAD_TIMEOUT_MS: "1000", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const logs = () =>
    output.split("\n").flatMap((line) => {
      if (!line.startsWith("{")) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exit;
  };
  return { child, exit, output: () => output, logs, stop };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** What a finished npm command printed. */
export interface NpmResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm <args>` in the project with `input` on stdin until it exits. A TELEGRAM_BOT_TOKEN of the
 * surrounding environment is not passed on: without one in `env`, `npm start` is console mode.
 */
export function runNpm(args: string[], input: string, env: Record<string, string> = {}): Promise<NpmResult> {
  const base: NodeJS.ProcessEnv = { ...process.env, DOWNLOAD_TIMEOUT_MS: "1000", LOG_LEVEL: "warn" };
  delete base["TELEGRAM_BOT_TOKEN"];
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: ROOT, env: { ...base, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
