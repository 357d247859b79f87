import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { Kind, parse } from "graphql";
import { DEMO_PARTICIPANT_ID, DEMO_RUN_ID, DEMO_USERS } from "../../shared/auth/demo-users";
import { mintDevToken } from "../../shared/auth/dev-token";
import { ErrorCode } from "../../shared/errors";
import { GRAPHQL_PATH, HttpRefusal, readBody, writeRefusal } from "../../shared/graphql-http";
import { REPORT_PATH } from "../report";
import { REPORT_STYLE_HASH } from "../report/participant-report.html";

/**
 * The explorer (issue 14): GraphiQL served by the gateway itself, at its GraphQL URL for browsers,
 * with every script and style from this server, so that it works with no internet. The page and
 * its assets are static; the bundle is built from `gateway/explorer/browser/` by
 * `npm run build:explorer` into `build/explorer/` (not committed).
 */

/** Where `scripts/build-explorer.ts` writes the bundle. */
export const EXPLORER_BUILD_DIR = path.resolve(__dirname, "..", "..", "build", "explorer");
export const EXPLORER_ASSET_PATH = "/explorer/";
export const DEV_TOKEN_PATH = "/dev/token";
/** Asset answers each address has not yet taken in (its connection neither asked for more nor closed). */
const assetsInFlight = new Map<string, number>();
const inFlightDone = new WeakMap<import("node:net").Socket, (() => void)[]>();
/** At most this many asset answers in flight per address; more wait (503, Retry-After). A page load takes two. */
export const ASSETS_IN_FLIGHT_PER_ADDRESS = 32;

/** The connections that fetched an asset, and the timer that resets each unless it asks for more. */
const stallTimers = new WeakMap<import("node:net").Socket, NodeJS.Timeout>();
/**
 * One "close" listener per connection, however many assets it fetches, which ends what is still
 * counted against it (a listener per asset passed Node's limit of ten on a kept-alive connection).
 */
const watched = new WeakSet<import("node:net").Socket>();
function releaseOnClose(socket: import("node:net").Socket): void {
  if (watched.has(socket)) return;
  watched.add(socket);
  socket.once("close", () => {
    clearTimeout(stallTimers.get(socket));
    for (const done of inFlightDone.get(socket) ?? []) done();
    inFlightDone.delete(socket);
  });
}

/** Milliseconds a reader has to take an asset's answer (at most 1.3 MB) before its connection is destroyed. */
export const ASSET_STALL_MS = 30_000;

/**
 * Nothing from another origin: no CDN, no fonts, no frames, no form posted elsewhere. GraphiQL's fonts and icons are data: URLs in its CSS.
 * The participant's report's one inline style is allowed by its hash: the page opens the report from a blob: URL, under this policy.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${REPORT_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": EXPLORER_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  contentType: string;
  etag: string;
}

/** The built bundle, read once at start; null when it was never built (the page then says how). */
function readAssets(directory: string): Map<string, Asset> | null {
  const files = ["explorer.js", "explorer.css"];
  if (!files.every((file) => fs.existsSync(path.join(directory, file)))) return null;
  // The licences of everything bundled (esbuild's legalComments), served beside the bundle.
  const notices = ["explorer.js.LEGAL.txt", "explorer.css.LEGAL.txt"].filter((file) => fs.existsSync(path.join(directory, file)));
  return new Map(
    [...files, ...notices].map((file) => {
      const body = fs.readFileSync(path.join(directory, file));
      // Compressed once, at start: a quarter of the bytes on the wire and in a slow reader's socket buffers.
      const gzipped = gzipSync(body, { level: 9 });
      return [file, { body, gzipped, contentType: CONTENT_TYPES[path.extname(file)], etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` }];
    }),
  );
}

export interface ExplorerTab {
  query: string;
  variables?: string;
}

/** The project's copy of the front-end contract's operations (contract/operations.graphql, kept in step by test/schema.test.ts). */
export const CONTRACT_OPERATIONS_PATH = path.resolve(__dirname, "..", "..", "contract", "operations.graphql");

/**
 * The explorer's examples: the front-end contract's operations, as the agencies' front-ends send
 * them. Each read opens in a tab of its own with the comment above it; the writes share one tab
 * (GraphiQL asks which to run). Shape: production? → tabs, the first the Directory.
 */
export function explorerTabs(production: boolean): ExplorerTab[] {
  const source = fs.readFileSync(CONTRACT_OPERATIONS_PATH, "utf8");
  // Production has no demo data: the ids are the user's to fill in.
  const demo = (id: string) => (production ? "" : id);
  const variables: Record<string, Record<string, unknown>> = {
    ParticipantView: { id: demo(DEMO_PARTICIPANT_ID) },
    Caseload: { first: 20 },
    RunRoster: { runId: demo(DEMO_RUN_ID) },
    AccessLog: { participantId: demo(DEMO_PARTICIPANT_ID), first: 20 },
  };
  const reads: ExplorerTab[] = [];
  const writes: string[] = [];
  let previousEnd = 0;
  for (const definition of parse(source).definitions) {
    const { start, end } = definition.loc!;
    // The comment right above an operation says what it is for; section headers are paragraphs before it.
    const comment = source.slice(previousEnd, start).split(/\n\s*\n/).at(-1)!.trim();
    previousEnd = end;
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
    const text = `${comment.startsWith("#") ? `${comment}\n` : ""}${source.slice(start, end)}\n`;
    const name = definition.name.value;
    if (definition.operation === "mutation") writes.push(text);
    else reads.push(variables[name] ? { query: text, variables: JSON.stringify(variables[name], null, 2) } : { query: text });
  }
  const writing = `# The contract's writes, all in this one tab (named after the first of them): pick one with the run button's\n# menu and fill in its variables; each needs a user whose agency may write it (docs/ACCESS.md).\n\n${writes.join("\n")}`;
  return writes.length ? [...reads, { query: writing }] : reads;
}

/** What the page's script reads from the page: no inline script runs. */
export interface ExplorerConfig {
  endpoint: string;
  tabs: ExplorerTab[];
  /** Demo users one click signs in as; empty when the development issuer is off. */
  demoUsers: { name: string; label: string; agency: string }[];
  devTokenPath: string | null;
  /** Where a participant's report is asked for (`<reportPath><participant id>`, gateway/report/). */
  reportPath: string;
  /** The participant the report field starts with: the demo participant, none in production. */
  reportParticipantId: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
/** JSON inside <script type="application/json">: nothing in it can close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

/** The page names nothing outside this origin: every src and href is a path here (the icon is an empty data: URL, so that the browser asks for no /favicon.ico). */
export function explorerPage(config: ExplorerConfig, built: boolean): string {
  const body = built
    ? `<div id="explorer"></div>
<noscript>The explorer needs JavaScript. The GraphQL endpoint itself takes POST requests at ${escapeHtml(GRAPHQL_PATH)}.</noscript>`
    : `<p>The explorer is not built here: run <code>npm run build:explorer</code> (or <code>npm start</code>, which builds it) and restart the gateway.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Social activation hub — explorer</title>
<link rel="icon" href="data:,">
${built ? `<link rel="stylesheet" href="${EXPLORER_ASSET_PATH}explorer.css">\n<script type="application/json" id="explorer-config">${jsonForScript(config)}</script>\n<script defer src="${EXPLORER_ASSET_PATH}explorer.js"></script>` : ""}
</head>
<body>
${body}
</body>
</html>
`;
}

const prefersHtml = (request: http.IncomingMessage) => /\btext\/html\b/i.test(request.headers.accept ?? "");
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const hostName = (host: string) => host.replace(/:\d+$/, "").toLowerCase();

export interface ExplorerOptions {
  production: boolean;
  /** The development issuer's data directory when it is on; null turns POST /dev/token off entirely. */
  devIssuerDataDir: string | null;
  /** Counts a request without a token against its address's limit (gateway/rate-limits.ts). */
  admitAnonymous(request: http.IncomingMessage): Promise<void>;
  buildDir?: string;
  /** Milliseconds an asset's answer may stall before its connection is closed (default ASSET_STALL_MS). */
  assetStallMs?: number;
  /** Asset answers in flight per address (default ASSETS_IN_FLIGHT_PER_ADDRESS; tests). */
  assetsInFlightPerAddress?: number;
}

/**
 * The explorer's routes, ahead of CORS and GraphQL: the page for a browser's GET of the GraphQL URL,
 * its assets, and in development POST /dev/token. Returns false for anything else, which the
 * GraphQL front answers exactly as before.
 */
export function explorerRoutes(options: ExplorerOptions): (request: http.IncomingMessage, response: http.ServerResponse) => Promise<boolean> {
  const assets = readAssets(options.buildDir ?? EXPLORER_BUILD_DIR);
  const devIssuer = options.production ? null : options.devIssuerDataDir;
  const config: ExplorerConfig = {
    endpoint: GRAPHQL_PATH,
    tabs: explorerTabs(options.production),
    demoUsers: devIssuer ? [...DEMO_USERS].map(([name, user]) => ({ name, label: user.label, agency: user.caller.agency })) : [],
    devTokenPath: devIssuer ? DEV_TOKEN_PATH : null,
    reportPath: REPORT_PATH,
    reportParticipantId: options.production ? "" : DEMO_PARTICIPANT_ID,
  };

  return async (request, response) => {
    // A new request on a connection that fetched an asset: it reads, it is not stalled.
    clearTimeout(stallTimers.get(request.socket));
    stallTimers.delete(request.socket);
    for (const done of inFlightDone.get(request.socket) ?? []) done();
    inFlightDone.delete(request.socket);
    const method = (request.method ?? "GET").toUpperCase();
    const pathname = (request.url ?? "/").split("?")[0];
    const reading = method === "GET" || method === "HEAD";

    if (reading && pathname === GRAPHQL_PATH && prefersHtml(request)) {
      const page = Buffer.from(explorerPage(config, assets !== null));
      response.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8", "content-length": page.length, "cache-control": "no-store", "x-frame-options": "DENY" });
      response.end(method === "HEAD" ? undefined : page);
      return true;
    }

    if (reading && pathname.startsWith(EXPLORER_ASSET_PATH)) {
      const asset = assets?.get(pathname.slice(EXPLORER_ASSET_PATH.length));
      if (!asset) return false;
      const headers = { ...SECURITY_HEADERS, "content-type": asset.contentType, etag: asset.etag, "cache-control": "no-cache", vary: "accept-encoding" };
      if (request.headers["if-none-match"] === asset.etag) {
        response.writeHead(304, headers);
        response.end();
        return true;
      }
      // Answers an address has not yet taken in are bounded: each may hold megabytes of kernel buffers (red team: 256 paused connections pipelining the bundle held 975 MiB).
      const address = request.socket.remoteAddress ?? "";
      if ((assetsInFlight.get(address) ?? 0) >= (options.assetsInFlightPerAddress ?? ASSETS_IN_FLIGHT_PER_ADDRESS)) {
        response.writeHead(503, { ...SECURITY_HEADERS, "retry-after": "5", "content-type": "text/plain; charset=utf-8" });
        response.end("Busy: try again in a few seconds");
        return true;
      }
      assetsInFlight.set(address, (assetsInFlight.get(address) ?? 0) + 1);
      let taken = false;
      const done = () => {
        if (taken) return;
        taken = true;
        const left = (assetsInFlight.get(address) ?? 1) - 1;
        if (left > 0) assetsInFlight.set(address, left);
        else assetsInFlight.delete(address);
      };
      releaseOnClose(request.socket);
      inFlightDone.set(request.socket, [...(inFlightDone.get(request.socket) ?? []), done]);
      const gzip = /\bgzip\b/i.test(String(request.headers["accept-encoding"] ?? ""));
      const body = gzip ? asset.gzipped : asset.body;
      // A reader that stops reading is cut off, rather than hold the connection and the kernel's send
      // buffer (red team: 200 paused readers held 267 MB of kernel memory). Node hands the whole body
      // to the kernel at once, so the answer "finishes" at once; a connection that asks nothing more
      // for a while after that is reset (a plain close would leave the kernel sending the rest to
      // the orphaned connection), which frees what the kernel still holds. A browser that goes on
      // using the connection (its GraphQL requests) clears the timer with its next request.
      const socket = request.socket;
      response.once("finish", () => {
        const timer = setTimeout(() => socket.resetAndDestroy(), options.assetStallMs ?? ASSET_STALL_MS);
        stallTimers.set(socket, timer);
      });
      response.writeHead(200, { ...headers, "content-length": body.length, ...(gzip ? { "content-encoding": "gzip" } : {}) });
      response.end(method === "HEAD" ? undefined : body);
      return true;
    }

    if (pathname === DEV_TOKEN_PATH && devIssuer) {
      try {
        const user = await demoUserAsked(request, options);
        const token = await mintDevToken(devIssuer, user.caller);
        response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" });
        response.end(JSON.stringify({ token, sub: user.caller.sub, agency: user.caller.agency, unit: user.caller.unit, roles: user.caller.roles }));
      } catch (error) {
        if (!(error instanceof HttpRefusal)) throw error;
        if (!request.complete) response.shouldKeepAlive = false;
        writeRefusal(response, error);
      }
      return true;
    }
    return false;
  };
}

/** Whether the connection comes from this machine itself (IPv4, IPv6, or IPv4 mapped into IPv6). */
export const fromLoopback = (request: http.IncomingMessage): boolean => {
  const address = request.socket.remoteAddress ?? "";
  return address === "::1" || /^(::ffff:)?127\./.test(address);
};

/**
 * Which demo user a POST /dev/token asks for, from this machine's own page only: the connection
 * must come from this machine (the Host header alone is the client's to choose: red team, with the
 * gateway bound to a network address, got a DPO token by sending `Host: localhost`), the Host must
 * be a loopback name (no DNS rebinding), an Origin or Sec-Fetch-Site must say the same origin, and
 * the body must be UTF-8 JSON (another site cannot send that without a preflight, which is not answered).
 */
async function demoUserAsked(request: http.IncomingMessage, options: ExplorerOptions) {
  if ((request.method ?? "").toUpperCase() !== "POST") throw new HttpRefusal(405, ErrorCode.BAD_REQUEST, "POST a demo user's name", { allow: "POST" });
  const host = request.headers.host ?? "";
  if (!fromLoopback(request) || !LOOPBACK_HOSTS.has(hostName(host))) throw new HttpRefusal(403, ErrorCode.FORBIDDEN, "Demo sign-in answers only at localhost, from this machine");
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new HttpRefusal(403, ErrorCode.FORBIDDEN, "Demo sign-in answers only the explorer's own page");
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") throw new HttpRefusal(403, ErrorCode.FORBIDDEN, "Demo sign-in answers only the explorer's own page");
  const contentType = request.headers["content-type"] ?? "";
  const charset = /;\s*charset=([^;\s]+)/i.exec(contentType)?.[1]?.replace(/"/g, "").toLowerCase();
  if (!/^application\/json\s*(;|$)/i.test(contentType) || (charset !== undefined && charset !== "utf-8")) throw new HttpRefusal(415, ErrorCode.BAD_REQUEST, "Send UTF-8 JSON: {\"user\": \"<demo user>\"}");
  await options.admitAnonymous(request);
  let asked: unknown;
  try {
    asked = (JSON.parse(await readBody(request, 1024)) as { user?: unknown })?.user;
  } catch (error) {
    if (error instanceof HttpRefusal) throw error;
    throw new HttpRefusal(400, ErrorCode.BAD_REQUEST, "The request body is not valid JSON");
  }
  const user = typeof asked === "string" ? DEMO_USERS.get(asked) : undefined;
  if (!user) throw new HttpRefusal(403, ErrorCode.FORBIDDEN, `Not a demo user; the demo users are ${[...DEMO_USERS.keys()].join(", ")}`);
  return user;
}
