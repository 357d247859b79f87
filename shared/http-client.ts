import http from "node:http";
import https from "node:https";
import type { Fetcher, FetcherRequestInit } from "@apollo/utils.fetcher";
import { DEADLINE_HEADER } from "./deadline";

/**
 * How the services call each other (the gateway its subgraphs, a subgraph coordination or the
 * gateway): plain node:http over kept-alive connections. Apollo Gateway's default fetcher
 * (make-fetch-happen) and Node's global fetch (undici, web streams) cost a millisecond of CPU or
 * more per call in a profile; a request to the hub makes several such calls.
 */
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

type Answer = Awaited<ReturnType<Fetcher>>;

/**
 * A kept-alive connection can be closed by the other side just as a request goes out on it (its
 * idle timeout): the request never reached the service, so it is sent once more on a new
 * connection, as Node's documentation advises. Any other failure is the caller's.
 */
export const hubFetch: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
  try {
    return await send(url, init);
  } catch (error) {
    if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET") return send(url, init);
    throw error;
  }
};

/** A call cut off because the request it serves ran out of time (shared/deadline.ts). */
export class CallDeadlineExceeded extends Error {
  readonly code = "DEADLINE_EXCEEDED";
  constructor(milliseconds: number) {
    super(`no answer within the ${milliseconds} ms left of the request's budget`);
  }
}

/** The budget the call carries (`x-hub-deadline-ms`), in milliseconds; undefined for none. */
const budgetOf = (init: FetcherRequestInit): number | undefined => {
  const value = (init.headers as Record<string, string> | undefined)?.[DEADLINE_HEADER];
  return value === undefined ? undefined : Number(value);
};

const send = (url: string, init: FetcherRequestInit): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const budget = budgetOf(init);
    if (budget !== undefined && !(budget > 0)) return reject(new CallDeadlineExceeded(0));
    const target = new URL(url);
    const open = target.protocol === "https:" ? https.request : http.request;
    const request = open(
      target,
      { method: init.method ?? "POST", headers: init.headers as Record<string, string>, agent: agents[target.protocol as keyof typeof agents] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          clearTimeout(timer);
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
          }
          const status = response.statusCode ?? 500;
          // A Response may not carry a body with these statuses.
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: response.statusMessage ?? "", headers }) as unknown as Answer);
        });
      },
    );
    const timer = budget === undefined ? undefined : setTimeout(() => request.destroy(new CallDeadlineExceeded(budget)), budget);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(Object.assign(error, { reusedSocket: request.reusedSocket }));
    });
    if (init.body) request.end(init.body);
    else request.end();
  });
