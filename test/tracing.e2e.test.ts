import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoData } from "../shared/demo-data";
import { contractOperation } from "./support/contract";
import { COMPILED_START, embeddedProcessEnv, postGraphQL, seedEmbedded, untilAnswering } from "./support/hub";
import { scratchFolder } from "./support/scratch";
import { coordinatorOf, knownToEveryAgency } from "./support/users";

/**
 * Issue 15: one request followed across the hub. The compiled hub runs as a process with tracing on
 * (shared/tracing.ts), exporting over OTLP/HTTP to a collector this test runs; its services write
 * their JSON log lines to the run's LOG_FILE. The coordinator's ParticipantView has one request id
 * in the gateway's log line, the same in each subgraph's line, and it is the trace id of the
 * gateway's and every subgraph's server span and of the SQL statements they sent.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface LogLine {
  service?: string;
  msg: string;
  requestId?: string;
  operation?: string;
}

const spans: OtlpSpan[] = [];
const collector = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
    for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((candidate) => candidate.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : String(value.intValue));
};

const dataDir = scratchFolder("hub-traced-");
const logFile = process.env.LOG_FILE ?? path.join(dataDir, "hub.log");
let hub: ChildProcess | undefined;

afterAll(async () => {
  hub?.kill("SIGKILL");
  await new Promise<void>((resolve) => collector.close(() => resolve()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("carries one request's trace id from the gateway's log line to each subgraph's line and to the SQL spans", async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  await seedEmbedded(dataDir);
  const base = 24000 + Math.floor(Math.random() * 800) * 10;
  hub = spawn(process.execPath, [COMPILED_START, "--single-process"], {
    env: embeddedProcessEnv(dataDir, base, {
      LOG_FILE: logFile,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    }),
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${base}/graphql`;
  await untilAnswering(url, { attempts: 240, everyMs: 250, child: hub });
  const person = knownToEveryAgency(demoData());
  const token = await mintDevToken(dataDir, coordinatorOf(person));
  const answer = await postGraphQL<{ participant: { lastName: string } }>(url, contractOperation("ParticipantView"), { id: person.id }, { authorization: `Bearer ${token}` });
  expect(answer.data?.participant.lastName).toBe(person.lastName);
  // SIGTERM stops the hub and sends the spans still in the batch.
  await new Promise<void>((resolve) => {
    hub!.once("exit", () => resolve());
    hub!.kill("SIGTERM");
  });
  hub = undefined;

  const lines = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as LogLine);
  const gatewayLine = lines.filter((line) => line.msg === "request" && line.service === "gateway" && line.operation === "ParticipantView").at(-1)!;
  const requestId = gatewayLine.requestId!;
  expect(requestId).toMatch(/^[0-9a-f]{32}$/);
  const servicesLogged = new Set(lines.filter((line) => line.msg === "request" && line.requestId === requestId).map((line) => line.service));
  for (const service of ["gateway", "coordination", "employment", "csd", "providers"]) expect({ service, logged: servicesLogged.has(service) }).toEqual({ service, logged: true });

  const trace = spans.filter((span) => span.traceId === requestId);
  const servers = new Set(trace.filter((span) => span.kind === 2).map((span) => attribute(span, "hub.service")));
  for (const service of servicesLogged) expect({ service, serverSpan: servers.has(service) }).toEqual({ service, serverSpan: true });
  const statements = trace.filter((span) => attribute(span, "db.system") === "postgresql" || attribute(span, "db.system.name") === "postgresql");
  expect(statements.length).toBeGreaterThanOrEqual(4);
  // Each SQL span hangs under a span of the same trace; statement texts carry no values.
  const ids = new Set(trace.map((span) => span.spanId));
  for (const statement of statements) expect(ids.has(statement.parentSpanId ?? "")).toBe(true);
  const texts = statements.map((statement) => attribute(statement, "db.statement") ?? attribute(statement, "db.query.text") ?? "").join("\n");
  expect(texts).not.toContain(person.lastName);
  expect(texts).not.toContain(person.emso);
}, 180_000);
