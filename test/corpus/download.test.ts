import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadVerified, ensureRegulations, sha256Hex } from "../../src/corpus/download.ts";
import type { RegulationEntry } from "../../src/corpus/regulation.ts";
import { DownloadError } from "../../src/errors.ts";

const BODY = Buffer.from("# 测试条例\n\n第一条 测试。\n", "utf8");
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/good.md") res.end(BODY);
    else if (req.url === "/slow.md") setTimeout(() => res.end(BODY), 3_000).unref();
    else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const entry = (file: string, urlPath: string, sha256 = sha256Hex(BODY)): RegulationEntry => ({
  id: file,
  title: "测试条例",
  file,
  url: `${base}${urlPath}`,
  sha256,
});

describe("downloadVerified (local HTTP server on 127.0.0.1)", () => {
  it("returns the bytes of a file with the right checksum", async () => {
    expect(Buffer.from(await downloadVerified(`${base}/good.md`, sha256Hex(BODY), 2000))).toEqual(BODY);
  });

  it("rejects a wrong checksum", async () => {
    await expect(downloadVerified(`${base}/good.md`, "0".repeat(64), 2000)).rejects.toMatchObject({ reason: "checksum" });
  });

  it("reports a 404", async () => {
    const error = await downloadVerified(`${base}/missing.md`, "0".repeat(64), 2000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ reason: "http", message: expect.stringContaining("404") });
  });

  it("times out", async () => {
    await expect(downloadVerified(`${base}/slow.md`, sha256Hex(BODY), 300)).rejects.toMatchObject({ reason: "timeout" });
  });

  it("reports an unreachable host as a network error", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(downloadVerified(`http://127.0.0.1:${port}/x.md`, "0".repeat(64), 2000)).rejects.toMatchObject({ reason: "network" });
  });
});

describe("ensureRegulations", () => {
  it("downloads what is missing, keeps what is there, reports failures and leaves no partial file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "xinfang-dl-"));
    try {
      const entries = [entry("a.md", "/good.md"), entry("b.md", "/good.md", "f".repeat(64)), entry("c.md", "/missing.md")];
      const first = await ensureRegulations({ dir, entries, timeoutMs: 2000 });
      expect(first.downloaded).toEqual(["a.md"]);
      expect(first.failed.map((f) => [f.file, f.error.reason])).toEqual([["b.md", "checksum"], ["c.md", "http"]]);
      expect(await readFile(path.join(dir, "a.md"))).toEqual(BODY);
      expect((await readdir(dir)).sort()).toEqual(["a.md"]);

      const second = await ensureRegulations({ dir, entries: entries.slice(0, 1), timeoutMs: 2000 });
      expect(second).toMatchObject({ present: ["a.md"], downloaded: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
