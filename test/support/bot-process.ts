/** The real `npm start` process for end-to-end tests, with its output collected. */
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
