/**
 * A local OpenAI-compatible server on 127.0.0.1: /v1/chat/completions (plain, or streamed as SSE)
 * and /v1/embeddings. Tests script its replies; by default it answers faithfully by quoting the
 * first sentence of passage [1] of the prompt with a [1] marker.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the server does with one chat request. */
export type ChatReply =
  { content: string; delayMs?: number; pieceDelayMs?: number } | { status: number; delayMs?: number };

/** The messages of a chat request, and its stream flag. */
export interface ChatRequest {
  system: string;
  user: string;
  stream: boolean;
  body: Json;
}

/** The default reply: passage [1]'s first sentence, cited. Rewrite requests get the question back. */
export function faithful(req: ChatRequest): ChatReply {
  const first = /\[1\] 出处：[^\n]*\n([^\n]*)/.exec(req.user)?.[1] ?? "";
  const sentence = /^[^。；]*[。；]?/.exec(first)?.[0] ?? first;
  return { content: `${sentence.replace(/[。；]$/, "")}[1]。` };
}

/** Deterministic unit vectors from character bigrams (so similar texts are close). */
export function fakeEmbedding(text: string, dims = 64): number[] {
  const v = new Array<number>(dims).fill(0);
  for (let i = 0; i + 1 < text.length; i++) {
    const h = createHash("md5")
      .update(text.slice(i, i + 2))
      .digest();
    v[h[0]! % dims]! += h[1]! & 1 ? 1 : -1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

export class FakeOpenAI {
  readonly chatRequests: ChatRequest[] = [];
  readonly embeddingInputs: string[] = [];
  respond: (req: ChatRequest) => ChatReply = faithful;
  private server!: Server;

  get baseURL(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Json;
      const json = (status: number, data: Json) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      if (req.url === "/v1/embeddings") {
        const inputs: string[] = Array.isArray(body["input"]) ? body["input"] : [body["input"]];
        this.embeddingInputs.push(...inputs);
        return json(200, {
          object: "list",
          model: body["model"],
          // Like the real API: base64 of little-endian float32 when asked (the SDK's default), else numbers.
          data: inputs.map((t, index) => {
            const v = fakeEmbedding(String(t));
            const embedding =
              body["encoding_format"] === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
            return { object: "embedding", index, embedding };
          }),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
      }
      if (req.url !== "/v1/chat/completions") return json(404, { error: { message: "not found" } });
      const messages = (body["messages"] ?? []) as { role: string; content: string }[];
      const request: ChatRequest = {
        system: messages
          .filter((m) => m.role === "system")
          .map((m) => m.content)
          .join("\n"),
        user: messages
          .filter((m) => m.role === "user")
          .map((m) => m.content)
          .join("\n"),
        stream: body["stream"] === true,
        body,
      };
      this.chatRequests.push(request);
      const reply = this.respond(request);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      if ("status" in reply)
        return json(reply.status, { error: { message: "scripted failure", type: "server_error" } });
      const base = { id: "chatcmpl-test", created: 0, model: String(body["model"]) };
      if (!request.stream) {
        return json(200, {
          ...base,
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: reply.content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const send = (data: Json | string) =>
        res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
      const pieces = reply.content.match(/[\s\S]{1,4}/g) ?? [];
      send({
        ...base,
        object: "chat.completion.chunk",
        choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      });
      for (const piece of pieces) {
        send({
          ...base,
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta: { content: piece }, finish_reason: null }],
        });
        await new Promise((r) => setTimeout(r, reply.pieceDelayMs ?? 5));
      }
      send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
      send("[DONE]");
      res.end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
