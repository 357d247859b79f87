import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { mintDevToken } from "../shared/auth/dev-token";
import { todayInLjubljana } from "../shared/calendar";
import { demoData } from "../shared/demo-data";
import { Agency, EnrolmentStatus } from "../shared/enums";
import { contractOperation } from "../test/support/contract";
import { coordinatorOf, providerStaffOfRun } from "../test/support/users";
import { rssMb, startHubProcesses } from "./processes";

/**
 * `npm run bench:soak [-- --minutes 10] [--connections 20]`: a bounded soak (issue 12). The hub as
 * deployed — each subgraph and the gateway in its own process, on the embedded default or on the
 * PostgreSQL named by `<NAME>_DATABASE_URL`, with the demo data — takes a mix of the contract's
 * operations (reads of every kind and an attendance write) at 20 connections for 10 minutes. Every
 * 15 s it reads each process's resident memory. Passes when no request failed (a FORBIDDEN field is
 * the policy working, not a failure) and no process's memory at the end is more than 20 % above
 * where it stood after the first two minutes of warm-up. Not part of `npm test`.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const MINUTES = Number(argument("--minutes", "10"));
const CONNECTIONS = Number(argument("--connections", "20"));
const SAMPLE_SECONDS = 15;
const WARM_UP_MINUTES = Math.min(2, MINUTES / 5);
const GROWTH_ALLOWED = 1.2;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-soak-"));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DEMO_DATA: "true", GATEWAY_PORT: "0", RATE_LIMIT_USER_PER_MINUTE: "1000000" };
  const hub = await startHubProcesses(env);
  const { gateway, subgraphs } = hub;
  const processes = [{ name: "gateway", pid: gateway.child.pid! }, ...subgraphs.map((subgraph) => ({ name: subgraph.name, pid: subgraph.child.pid! }))];

  const today = todayInLjubljana();
  const data = demoData(today);
  const person = data.participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt && !candidate.consentWithdrawnAt)!;
  const coordinator = `Bearer ${await mintDevToken(dataDir, coordinatorOf(person))}`;
  const enrolment = data.enrolments.find((candidate) => candidate.status === EnrolmentStatus.ENROLLED && candidate.enrolledOn <= today)!;
  const provider = `Bearer ${await mintDevToken(dataDir, providerStaffOfRun(data, enrolment.runId))}`;
  const analyst = `Bearer ${await mintDevToken(dataDir, { sub: "soak-analyst", agency: Agency.EMPLOYMENT, unit: person.officeId, roles: ["OFFICER"] })}`;
  const mix = [
    { query: contractOperation("Directory"), variables: {}, authorization: analyst },
    { query: contractOperation("ParticipantView"), variables: { id: person.id }, authorization: coordinator },
    { query: contractOperation("Caseload"), variables: { first: 20 }, authorization: coordinator },
    { query: contractOperation("RunRoster"), variables: { runId: enrolment.runId }, authorization: provider },
    { query: contractOperation("OpenRuns"), variables: {}, authorization: analyst },
    { query: contractOperation("AccessLog"), variables: { participantId: person.id, first: 20 }, authorization: coordinator },
    { query: contractOperation("RecordAttendance"), variables: { enrolmentId: enrolment.id, on: today, present: true }, authorization: provider },
  ].map(({ query, variables, authorization }) => ({ body: JSON.stringify({ query, variables }), authorization }));

  const samples: { minute: number; rss: Record<string, number> }[] = [];
  const started = Date.now();
  const sample = () => samples.push({ minute: (Date.now() - started) / 60_000, rss: Object.fromEntries(processes.map(({ name, pid }) => [name, rssMb(pid)])) });
  sample();
  const sampler = setInterval(sample, SAMPLE_SECONDS * 1000);
  let next = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const result = await autocannon({
    url: `http://127.0.0.1:${gateway.port}/graphql`,
    method: "POST",
    connections: CONNECTIONS,
    duration: MINUTES * 60,
    requests: [
      {
        setupRequest: (request) => {
          const { body, authorization } = mix[next++ % mix.length];
          return { ...request, body, headers: { "content-type": "application/json", authorization } };
        },
        onResponse: (status: number, body: string) => {
          const errors = status === 200 ? ((JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] }).errors ?? []) : [{ message: `HTTP ${status}: ${body.slice(0, 200)}` }];
          const unexpected = errors.find((error) => error.extensions?.code !== "FORBIDDEN");
          if (!unexpected) return;
          failed += 1;
          firstFailure ??= `${unexpected.extensions?.code ?? "no code"}: ${unexpected.message.slice(0, 200)}`;
        },
      },
    ],
  });
  clearInterval(sampler);
  sample();
  hub.stop();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  fs.rmSync(dataDir, { recursive: true, force: true });

  const warm = samples.find((each) => each.minute >= WARM_UP_MINUTES) ?? samples[0];
  const end = samples[samples.length - 1];
  const errors = result.errors + result.non2xx + failed;
  const lines = [
    `Soak: ${MINUTES} min, ${CONNECTIONS} connections, ${mix.length} contract operations in turn, ${process.env.COORDINATION_DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}.`,
    `${result.requests.total} requests, ${result.requests.average.toFixed(1)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors}${firstFailure ? ` (the first: ${firstFailure})` : ""}`,
    `resident memory, MB: ${["process", "start", `after ${WARM_UP_MINUTES} min`, "highest after", "end", "end / after warm-up"].join(" | ")}`,
    ...processes.map(({ name }) => {
      const highest = Math.max(...samples.filter((each) => each.minute >= warm.minute).map((each) => each.rss[name]));
      return `  ${name.padEnd(13)} ${samples[0].rss[name].toFixed(0)} | ${warm.rss[name].toFixed(0)} | ${highest.toFixed(0)} | ${end.rss[name].toFixed(0)} | ${(end.rss[name] / warm.rss[name]).toFixed(2)}`;
    }),
  ];
  const flat = processes.every(({ name }) => end.rss[name] <= warm.rss[name] * GROWTH_ALLOWED);
  lines.push(`no errors: ${errors === 0 ? "met" : "not met"}; memory flat after warm-up (end <= ${GROWTH_ALLOWED} × after warm-up): ${flat ? "met" : "not met"}`);
  console.log(lines.join("\n"));
  if (errors > 0 || !flat) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
