import http from "node:http";
import type { AddressInfo } from "node:net";
import { hubFetch } from "./http-client";

describe("the HTTP client the services call each other with", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const status = request.url === "/refuse" ? 400 : 200;
        response.writeHead(status, { "content-type": "application/json", "x-seen-identity": String(request.headers["x-hub-identity"]) });
        response.end(JSON.stringify({ method: request.method, received: Buffer.concat(chunks).toString() }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("posts the body with the headers, and gives status, headers and JSON back", async () => {
    const response = await hubFetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-hub-identity": "token" }, body: '{"query":"{ a }"}' });
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-seen-identity")).toBe("token");
    expect(await response.json()).toEqual({ method: "POST", received: '{"query":"{ a }"}' });
  });

  it("keeps a refusal's status and body for the caller to explain", async () => {
    const response = await hubFetch(`${url}/refuse`, { method: "POST", body: "{}" });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text())).toEqual({ method: "POST", received: "{}" });
  });

  it("sends again on a new connection when a kept-alive one was closed under it (the request never arrived)", async () => {
    // A service that drops a connection at its second request, as one whose idle timeout just ran out would.
    const served = new WeakMap<object, number>();
    const flaky = http.createServer((request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      if (count === 2) return request.socket.destroy();
      request.resume();
      request.on("end", () => response.end(JSON.stringify({ count })));
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    const flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/graphql`;
    try {
      expect(await (await hubFetch(flakyUrl, { method: "POST", body: "{}" })).json()).toEqual({ count: 1 });
      expect(await (await hubFetch(flakyUrl, { method: "POST", body: "{}" })).json()).toEqual({ count: 1 });
    } finally {
      flaky.closeAllConnections();
      await new Promise((resolve) => flaky.close(resolve));
    }
  });

  it("rejects when nobody listens", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(hubFetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", body: "{}" })).rejects.toThrow(/ECONNREFUSED/);
  });
});
