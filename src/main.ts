/**
 * npm start: the composition root. Builds the QA pipeline from Config (refreshing the index first
 * when needed) and answers questions from stdin, interactively or piped.
 *
 * The Telegram transport (grammY) is the next stage; until it lands, console mode is what runs.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { formatSources } from "./answer/citations.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { createQaPipeline } from "./qa.ts";
import { runCli } from "./cli/run.ts";

const HELP = `xinfang-qa: cited answers about petition bureaus' annual reports and the 信访工作条例.

Usage: npm start            console mode: type a question per line (or pipe them in)
       npm start -- --help  this text

Configuration comes from the environment and .env (see .env.example). The index is built or
refreshed before the first answer when it is missing or stale.`;

const GREETING = `信访问答（控制台模式）。请输入问题，每行一个；输入 /exit 或按 Ctrl+D 退出。
例如：惠安县2023年办理了多少件信访事项？ / 信访事项多久要办结？ / 信访工作条例第十七条`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel ?? "info");
  const { answerer, index } = await createQaPipeline(config, { log, onProgress: (l) => process.stderr.write(`[index] ${l}\n`) });
  log.info({ documents: index.manifest.documents, chunks: index.manifest.chunks }, "ready (console mode)");

  const interactive = process.stdin.isTTY === true;
  if (interactive) process.stdout.write(`${GREETING}\n`);
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  if (interactive) rl.setPrompt("> "), rl.prompt();
  for await (const line of rl) {
    const question = line.trim();
    if (question === "/exit" || question === "/quit") break;
    if (question !== "") {
      try {
        const answer = await answerer.answer(question);
        const sources = answer.citations.length ? `\n\n${formatSources(answer.citations)}` : "";
        process.stdout.write(`${answer.answer}${sources}\n\n`);
      } catch (error) {
        log.error({ err: error }, "answer failed");
        process.stdout.write("抱歉，处理这个问题时出错了，请稍后再试。\n\n");
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  return 0;
}

runCli(main);
