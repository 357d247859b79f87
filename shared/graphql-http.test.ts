import { serveHttp, type Engine } from "./graphql-http";

/** The shared HTTP front over a real socket, with an engine that only counts what runs at once. */
async function frontCountingOperations(maxInFlight: number | undefined) {
  const seen = { now: 0, most: 0, answered: 0 };
  const engine: Engine<null> = async () => {
    seen.now += 1;
    seen.most = Math.max(seen.most, seen.now);
    await new Promise((resolve) => setTimeout(resolve, 40));
    seen.now -= 1;
    seen.answered += 1;
    return { status: 200, headers: new Map([["content-type", "application/json"]]), body: '{"data":{"ok":true}}' };
  };
  const { httpServer, url } = await serveHttp(engine, { port: 0, host: "127.0.0.1", bodyLimit: 1024, admit: async () => null, maxInFlight });
  const post = () => fetch(`${url}graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ ok }"}' }).then((response) => response.json());
  return { seen, post, close: () => new Promise((resolve) => httpServer.close(resolve)) };
}

describe("operations executed at once (maxInFlight, the gateway's GATEWAY_MAX_IN_FLIGHT; turns: shared/fair-share.test.ts)", () => {
  it("executes at most maxInFlight operations at once, and answers every one that waited its turn", async () => {
    const front = await frontCountingOperations(3);
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, front.post));
      expect(answers).toEqual(Array.from({ length: 12 }, () => ({ data: { ok: true } })));
      expect(front.seen.most).toBe(3);
      expect(front.seen.answered).toBe(12);
    } finally {
      await front.close();
    }
  });

  it("without a cap executes them all at once (the subgraphs: their gateway's cap bounds them)", async () => {
    const front = await frontCountingOperations(undefined);
    try {
      await Promise.all(Array.from({ length: 12 }, front.post));
      expect(front.seen.most).toBe(12);
    } finally {
      await front.close();
    }
  });
});
