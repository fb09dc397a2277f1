/** Downloading a file the Bot API holds (getFile's file_path), through the same proxy as the bot. */
import type { Agent } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** Fetches a Bot API file by its file_path. */
export type FileFetcher = (filePath: string, maxBytes: number) => Promise<Buffer>;

/** A fetcher for `${apiRoot}/file/bot${token}/${filePath}`; errors never contain the token. */
export function createFileFetcher(options: {
  apiRoot: string;
  token: string;
  agent?: Agent;
  timeoutMs: number;
}): FileFetcher {
  return (filePath, maxBytes) =>
    new Promise((resolve, reject) => {
      const url = new URL(`${options.apiRoot}/file/bot${options.token}/${filePath}`);
      const request = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = request(
        url,
        { ...(options.agent ? { agent: options.agent } : {}), timeout: options.timeoutMs },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return reject(new Error(`file download failed: HTTP ${res.statusCode}`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              req.destroy();
              reject(new Error(`file larger than ${maxBytes} bytes`));
            } else chunks.push(c);
          });
          res.on("end", () => resolve(Buffer.concat(chunks)));
          res.on("error", (e) => reject(new Error(`file download failed: ${e.message}`)));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`file download timed out after ${options.timeoutMs} ms`)));
      req.on("error", (e) => reject(new Error(`file download failed: ${e.message.replaceAll(options.token, "***")}`)));
      req.end();
    });
}
