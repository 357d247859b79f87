import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SUBGRAPHS } from "../subgraphs";
import { envName } from "../shared/config";
import { postGraphQL } from "./support/hub";
import { scratchFolder } from "./support/scratch";

/**
 * A partner joins: in a temporary copy of the project, `new:subgraph` creates a subgraph, compose
 * takes it in, `npm start` serves it through the gateway with no gateway change, its starter test
 * passes — and the copy is removed again.
 */
const ROOT = path.resolve(__dirname, "..");
let workspace: string;
let project: string;
let hub: ChildProcess | undefined;

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync(command, args, { cwd: project, encoding: "utf8", env: { ...process.env, ...env, NODE_OPTIONS: env.NODE_OPTIONS ?? "" }, stdio: ["ignore", "pipe", "pipe"] });

/** The embedded default, whatever the surrounding test run uses: the copy must not touch real databases. */
const embedded = Object.fromEntries(Object.keys(process.env).filter((key) => key.endsWith("_DATABASE_URL")).map((key) => [key, ""]));

beforeAll(() => {
  workspace = scratchFolder("hub-partner-");
  project = path.join(workspace, "project");
  fs.mkdirSync(project);
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(path.join(ROOT, file))) continue;
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(project, file));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"));
});

afterAll(() => {
  if (hub?.pid) {
    try {
      process.kill(-hub.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  // The killed services may still be closing files for a moment.
  fs.rmSync(workspace, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

it("creates, composes, serves and tests a new subgraph with no change to gateway code", async () => {
  expect(run("npx", ["tsx", "scripts/new-subgraph.ts", "library-network"])).toContain("Created subgraphs/library-network");
  expect(fs.readFileSync(path.join(project, "subgraphs", "index.ts"), "utf8")).toContain("import { libraryNetwork } from \"./library-network\";");
  expect(fs.readFileSync(path.join(project, "subgraphs", "library-network", "permissions.ts"), "utf8")).toContain("libraryNetworkServices: isSignedIn");

  expect(run("npx", ["tsx", "scripts/compose.ts"])).toContain(`Composed ${SUBGRAPHS.length + 1} subgraphs`);
  expect(fs.readFileSync(path.join(project, "schema", "supergraph.graphql"), "utf8")).toMatch(/LIBRARY_NETWORK @join__graph\(name: "library-network"/);
  expect(fs.readFileSync(path.join(project, "docker-compose.yml"), "utf8")).toContain("library-network:");

  // Below the kernel's ephemeral range (32768+), where the embedded databases' own ports come from.
  const base = 20000 + Math.floor(Math.random() * 1000) * 10;
  const names = [...SUBGRAPHS.map((subgraph) => subgraph.name), "library-network"];
  const env = {
    ...embedded,
    DATA_DIR: path.join(workspace, "data"),
    GATEWAY_PORT: String(base),
    ...Object.fromEntries(names.map((name, index) => [envName(name, "PORT"), String(base + index + 1)])),
  };
  const log = fs.openSync(path.join(workspace, "hub.log"), "w");
  hub = spawn("npm", ["start"], { cwd: project, env: { ...process.env, ...env, NODE_OPTIONS: "" }, detached: true, stdio: ["ignore", log, log] });
  const url = `http://127.0.0.1:${base}/graphql`;
  const token = run("npx", ["tsx", "scripts/token.ts", "--agency", "COORDINATION", "--unit", "00000000-0000-4000-8000-000000000001"], env).trim();
  let answer: Awaited<ReturnType<typeof postGraphQL>> | undefined;
  // `npm start` builds dist/ (the copy has none), then six subgraphs and the gateway start, each in its own process.
  for (let attempt = 0; attempt < 360 && !answer?.data; attempt += 1) {
    answer = await postGraphQL(url, "{ libraryNetworkServices { id name region } employmentOffices { id } }", {}, { authorization: `Bearer ${token}` }).catch(() => undefined);
    if (!answer?.data) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect({ started: Boolean(answer?.data), log: answer?.data ? "" : fs.readFileSync(path.join(workspace, "hub.log"), "utf8").slice(-2000) }).toEqual({ started: true, log: "" });
  expect(answer?.errors).toBeUndefined();
  expect(answer?.data).toMatchObject({ libraryNetworkServices: [], employmentOffices: expect.any(Array) });
  process.kill(-hub.pid!, "SIGTERM");
  hub = undefined;

  const starter = run("npx", ["jest", "subgraphs/library-network"], { ...embedded, NODE_OPTIONS: "--experimental-vm-modules" });
  expect(starter).toBeDefined();
}, 420_000);
