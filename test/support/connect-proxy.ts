/** A minimal HTTP CONNECT proxy on 127.0.0.1 that records the targets it tunnels to. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

export class ConnectProxy {
  readonly tunnels: string[] = [];
  private server!: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((_req, res) => {
      res.statusCode = 405; // only CONNECT is proxied
      res.end();
    });
    this.server.on("connect", (req, client, head) => {
      const [host, port] = (req.url ?? "").split(":");
      this.tunnels.push(req.url ?? "");
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const close = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on("error", close);
      client.on("error", close);
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
