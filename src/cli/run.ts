/** The shared tail of every command-line entry point: run, exit with its code, report errors briefly. */

/** Runs an async main and exits with its code; an error prints one line (no stack) and exits 1. */
export function runCli(main: () => Promise<number>, options: { stack?: boolean } = {}): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const text =
        error instanceof Error ? (options.stack ? (error.stack ?? error.message) : error.message) : String(error);
      process.stderr.write(`error: ${text}\n`);
      process.exit(1);
    },
  );
}
