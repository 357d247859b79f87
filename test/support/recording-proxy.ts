import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request a proxy passed on: to which service, with which headers and body. */
export interface CapturedRequest {
  service: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A proxy in front of one service that records every request it passes on: what an operator of
 * that service (a partner's, above all) or anyone on its network path would see.
 */
export class RecordingProxy {
  target = "";
  private server?: http.Server;
  url = "";

  constructor(
    readonly service: string,
    private readonly captured: CapturedRequest[],
  ) {}

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)]));
        this.captured.push({ service: this.service, headers, body });
        try {
          const forwarded = { ...headers };
          delete forwarded.host;
          delete forwarded["content-length"];
          const answer = await fetch(this.target, { method: request.method, headers: forwarded, body: request.method === "GET" ? undefined : body });
          response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
          response.end(Buffer.from(await answer.arrayBuffer()));
        } catch {
          response.writeHead(502).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
