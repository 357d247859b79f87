import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoData } from "../shared/demo-data";
import { makeEmso } from "../shared/emso";
import { Agency, Gender } from "../shared/enums";
import { envName } from "../shared/config";
import { contractOperation } from "./support/contract";
import { COMPILED_START, embeddedProcessEnv, postGraphQL, untilAnswering, startTestHub, type TestHub } from "./support/hub";
import { analyst } from "./support/users";
import { scratchFolder } from "./support/scratch";

/** Data written before a restart is there after it, and the demo data is loaded only once. */
describe("a restart of the hub", () => {
  let hub: TestHub | undefined;
  afterEach(() => hub?.stop());

  it("keeps what was written, on the embedded default and on PostgreSQL alike", async () => {
    hub = await startTestHub();
    const coordinators = async () =>
      (await hub!.requestAs<{ coordinators: { id: string; name: string; region: string }[] }>(analyst(), contractOperation("Directory"))).data!.coordinators;
    const before = await coordinators();
    const written = { id: randomUUID(), name: "Tina Restart", region: "Goriška" };
    const coordination = hub.subgraphs.find((subgraph) => subgraph.name === "coordination")!;
    await coordination.database.dataSource.query("INSERT INTO coordinators (id, name, region) VALUES ($1, $2, $3)", [written.id, written.name, written.region]);
    await hub.stop({ keepData: true });

    hub = await startTestHub({ dataDir: hub.dataDir, keepDatabases: true });
    const after = await coordinators();
    expect(after).toContainEqual(written);
    expect(after).toHaveLength(before.length + 1);
  });
});

/**
 * The same through `npm start` as a process: SIGTERM stops it cleanly (a bug found here: Apollo's own
 * signal handlers raced ours and the process hung), and what was written is there after a restart.
 */
describe("npm start as a process", () => {
  const root = path.resolve(__dirname, "..");
  const dataDir = scratchFolder("hub-process-");
  const base = 22000 + Math.floor(Math.random() * 1000) * 10;
  const env = embeddedProcessEnv(dataDir, base);
  const url = `http://127.0.0.1:${base}/graphql`;
  let running: ChildProcess | undefined;
  afterAll(() => {
    running?.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    running = spawn(process.execPath, [COMPILED_START], { cwd: root, env, stdio: "ignore" });
    // Five services start as processes of their own (scripts/supervisor.ts): on a busy 2-core machine that takes over a minute.
    if (!(await untilAnswering(url, { attempts: 360, everyMs: 500 }))) throw new Error("npm start did not answer within three minutes");
  };
  const stop = () =>
    new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(-1), 20000);
      running!.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      running!.kill("SIGTERM");
    });

  it("stops on SIGTERM within seconds and keeps a registered candidate across the restart", async () => {
    await start();
    const data = demoData();
    const coordinator = data.coordinators[0];
    const token = await mintDevToken(dataDir, { sub: "restart", agency: Agency.COORDINATION, unit: coordinator.id, roles: ["COORDINATOR"] });
    const headers = { authorization: `Bearer ${token}` };
    const input = {
      firstName: "Vztrajna",
      lastName: "Podatkovna",
      emso: makeEmso("1975-06-15", Gender.FEMALE, 777),
      gender: "FEMALE",
      residenceStatus: "CITIZEN",
      centreId: data.socialWorkCentres.find((centre) => centre.region === coordinator.region)!.id,
      officeId: data.employmentOffices.find((office) => office.region === coordinator.region)!.id,
    };
    const registered = await postGraphQL<{ registerCandidate: { id: string } }>(url, contractOperation("RegisterCandidate"), { input }, headers);
    expect(registered.errors).toBeUndefined();
    expect(await stop()).toBe(0);

    await start();
    const view = await postGraphQL<{ participant: { lastName: string } }>(url, contractOperation("ParticipantView"), { id: registered.data!.registerCandidate.id }, headers);
    expect(view.data?.participant.lastName).toBe("Podatkovna");
    expect(await stop()).toBe(0);
  }, 450_000);
});

/** GATEWAY_WORKERS: several gateway processes behind one port give the same answers, and stop together. */
describe("the gateway on several cores", () => {
  let hub: TestHub | undefined;
  let gateway: ChildProcess | undefined;
  afterAll(async () => {
    gateway?.kill("SIGKILL");
    await hub?.stop();
  });

  const workersOf = (pid: number) => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);

  it("serves with GATEWAY_WORKERS=2 what the single gateway serves, and all of it stops on SIGTERM", async () => {
    hub = await startTestHub();
    const port = 23000 + Math.floor(Math.random() * 1000) * 5;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: "",
      DATA_DIR: hub.dataDir,
      GATEWAY_PORT: String(port),
      GATEWAY_WORKERS: "2",
      ...Object.fromEntries(hub.subgraphs.map((subgraph) => [envName(subgraph.name, "URL"), subgraph.url])),
    };
    gateway = spawn(process.execPath, [COMPILED_START, "gateway"], { cwd: path.resolve(__dirname, ".."), env, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      gateway!.on("exit", (code) => reject(new Error(`the gateway exited with ${code}`)));
      gateway!.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("2 workers") && resolve());
    });
    expect(workersOf(gateway.pid!)).toHaveLength(2);

    const person = demoData().participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt && !candidate.consentWithdrawnAt)!;
    const caller = { sub: "cluster", agency: Agency.COORDINATION, unit: person.coordinatorId!, roles: ["COORDINATOR"] };
    const headers = { authorization: `Bearer ${await mintDevToken(hub.dataDir, caller)}` };
    const single = await hub.requestAs(caller, contractOperation("ParticipantView"), { id: person.id });
    expect(single.data?.participant).toBeTruthy();
    for (let request = 0; request < 4; request += 1) {
      const clustered = await postGraphQL(`http://127.0.0.1:${port}/graphql`, contractOperation("ParticipantView"), { id: person.id }, headers);
      expect(clustered).toEqual(single);
    }

    gateway.removeAllListeners("exit");
    const exited = new Promise<number | null>((resolve) => gateway!.once("exit", resolve));
    gateway.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
