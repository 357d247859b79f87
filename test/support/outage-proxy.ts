import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy in front of one service that a test can take down the way a crashed or hung service
 * goes down: refusing connections (nothing listens on the port), resetting them, or answering
 * 502 with no body (what a load balancer says for a dead backend).
 */
export type OutageMode = "up" | "refuse" | "reset" | "bad-gateway";

export class OutageProxy {
  target = "";
  url = "";
  private mode: OutageMode = "up";
  private server?: net.Server;
  private port = 0;
  private readonly sockets = new Set<net.Socket>();

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}/graphql`;
  }

  private accept(client: net.Socket): void {
    this.sockets.add(client);
    client.on("close", () => this.sockets.delete(client));
    client.on("error", () => undefined);
    if (this.mode === "reset") return void client.resetAndDestroy();
    if (this.mode === "bad-gateway") {
      client.once("data", () => client.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
      return;
    }
    const { hostname, port } = new URL(this.target);
    const upstream = net.connect(Number(port), hostname);
    this.sockets.add(upstream);
    upstream.on("close", () => this.sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  }

  /**
   * Puts this proxy in front of the service at `url` (a GraphQL URL or a database URL): the same URL
   * with the proxy's address, to hand to whoever should reach the service through it.
   */
  inFrontOf(url: string): string {
    this.target = url;
    const proxied = new URL(url);
    proxied.host = `127.0.0.1:${this.port}`;
    return proxied.href;
  }

  /** Switches what the service does from now on; open connections are cut, as a crash would cut them. */
  async set(mode: OutageMode): Promise<void> {
    this.mode = mode;
    for (const socket of this.sockets) socket.destroy();
    if (mode === "refuse" && this.server?.listening) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    if (mode !== "refuse" && !this.server?.listening) await this.start();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server?.listening) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** A hub's `interpose` or `interposeDatabase` (scripts/hub.ts) that puts each named proxy in front of its service. */
export const interposeThrough =
  (proxies: Record<string, OutageProxy>) =>
  (name: string, url: string): string =>
    proxies[name]?.inFrontOf(url) ?? url;

/** An answer's data with null at the given paths: what is left of it when those fields are missing. */
export function blanked(data: unknown, paths: (string | number)[][]): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  for (const path of paths) {
    let at = copy as Record<string | number, unknown> | null;
    for (const key of path.slice(0, -1)) at = (at?.[key] as Record<string | number, unknown> | null) ?? null;
    if (at) at[path[path.length - 1]] = null;
  }
  return copy;
}
