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

describe("bytes of request bodies held at once (bodyBudget, the gateway's GATEWAY_BODY_BUDGET)", () => {
  /** A front whose engine holds every request until released; the caller is named by a header. */
  async function frontHoldingBodies() {
    const waiting: (() => void)[] = [];
    const engine: Engine<string> = async () => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return { status: 200, headers: new Map([["content-type", "application/json"]]), body: '{"data":{"ok":true}}' };
    };
    const { httpServer, url } = await serveHttp(engine, {
      port: 0,
      host: "127.0.0.1",
      bodyLimit: 4096,
      admit: async (request) => String(request.headers["x-user"]),
      inFlightKey: (user) => user,
      bodyBudget: { totalBytes: 5000, perKeyBytes: 3000 },
    });
    const body = JSON.stringify({ query: `{ ok }\n#${"x".repeat(980)}` });
    const post = (user: string) => fetch(`${url}graphql`, { method: "POST", headers: { "content-type": "application/json", "x-user": user }, body });
    return { post, waiting, close: () => new Promise((resolve) => httpServer.close(resolve)) };
  }

  it("refuses a user's body over its share with 429, another's over the whole with 503, both unread, and takes them again once answers have gone", async () => {
    const front = await frontHoldingBodies();
    try {
      const held = [front.post("attacker"), front.post("attacker")];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const overShare = await front.post("attacker");
      expect(overShare.status).toBe(429);
      expect(overShare.headers.get("retry-after")).toBe("1");
      expect(((await overShare.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("RATE_LIMITED");
      held.push(front.post("caseworker"), front.post("caseworker"));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const overAll = await front.post("ministry");
      expect(overAll.status).toBe(503);
      expect(((await overAll.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("OVERLOADED");
      front.waiting.splice(0).forEach((release) => release());
      expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = front.post("attacker");
      await new Promise((resolve) => setTimeout(resolve, 100));
      front.waiting.splice(0).forEach((release) => release());
      expect((await again).status).toBe(200);
    } finally {
      await front.close();
    }
  });
});
