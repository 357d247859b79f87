import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoData } from "../shared/demo-data";
import { contractOperation } from "./support/contract";
import { embeddedProcessEnv, postGraphQL, seedEmbedded, untilAnswering } from "./support/hub";
import { scratchFolder } from "./support/scratch";
import { coordinatorOf, knownToEveryAgency } from "./support/users";

/**
 * Issue 15: the production build. `npm run build` compiles once into dist/ (globalSetup ran it);
 * the services run with plain node and the production dependencies alone — what the Docker image's
 * runtime stage installs with `npm ci --omit=dev`. Docker cannot run here, so the test builds the
 * same thing: a folder with dist/ and only the packages `npm ls --omit=dev` lists, starts the hub
 * from it and sends the contract's reads.
 */
const ROOT = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
/** Loaded inside a try, for development's readable logs only (scripts/supervisor.ts): absent in production, and nothing misses it. */
const OPTIONAL_DEV = new Set(["pino-pretty"]);

const packageOf = (specifier: string) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);

/** Every package the compiled code reachable from `entry` requires, following its relative requires. */
function packagesRequiredFrom(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (specifier.startsWith(".")) {
        const base = path.resolve(path.dirname(file), specifier);
        const target = [`${base}.js`, path.join(base, "index.js"), base].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
        if (target) visit(target);
      } else if (!specifier.startsWith("node:") && !builtinModules.includes(specifier)) {
        found.set(packageOf(specifier), path.relative(ROOT, file));
      }
    }
  };
  visit(entry);
  return found;
}

describe("the production build", () => {
  const dist = path.join(ROOT, "dist");
  let hub: ChildProcess | undefined;
  let folder: string | undefined;
  afterAll(() => {
    hub?.kill("SIGKILL");
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("requires at run time only production dependencies", () => {
    const required = packagesRequiredFrom(path.join(dist, "scripts", "start.js"));
    expect(required.size).toBeGreaterThan(10);
    const outside = [...required].filter(([name]) => !(name in manifest.dependencies) && !OPTIONAL_DEV.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(outside).toEqual([]);
  });

  it("is what the Docker image runs: one image, plain node on the current LTS, no devDependency installed", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM ") + 1);
    expect(runtime).toMatch(/^FROM node:24-bookworm-slim AS runtime$/m);
    expect(runtime).toContain("npm ci --omit=dev");
    expect(runtime).toContain('ENTRYPOINT ["node", "--enable-source-maps", "dist/scripts/start.js"]');
    expect(runtime).not.toMatch(/\btsx\b|npm run build/);
    const compose = fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8");
    expect(compose.match(/^\s+build: \.$/gm)).toHaveLength(1);
  });

  it("starts from dist/ with the production dependencies alone and answers the contract's reads", async () => {
    folder = scratchFolder("hub-production-");
    const productionPackages = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .split("\n")
      .map((line) => path.relative(path.join(ROOT, "node_modules"), line.trim()))
      .filter((relative) => relative && !relative.startsWith("..") && !relative.includes(`${path.sep}node_modules${path.sep}`))
      .map((relative) => relative.split(path.sep).slice(0, relative.startsWith("@") ? 2 : 1).join(path.sep));
    for (const name of new Set(productionPackages)) {
      fs.mkdirSync(path.dirname(path.join(folder, "node_modules", name)), { recursive: true });
      fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(folder, "node_modules", name));
    }
    // Development tools are not there (a devDependency that a production package also needs, such as the types-only @apollo/utils.fetcher, is).
    for (const dev of ["typescript", "tsx", "esbuild", "jest", "ts-jest", "playwright-core", "graphiql", "pino-pretty", "fast-check", "autocannon"]) {
      expect({ dev, installed: fs.existsSync(path.join(folder, "node_modules", dev)) }).toEqual({ dev, installed: false });
    }
    fs.cpSync(dist, path.join(folder, "dist"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(folder, "package.json"));
    const dataDir = path.join(folder, "data");
    await seedEmbedded(dataDir);

    const base = 26000 + Math.floor(Math.random() * 800) * 10;
    let output = "";
    hub = spawn(process.execPath, ["dist/scripts/start.js", "--single-process"], {
      cwd: folder,
      env: embeddedProcessEnv(dataDir, base),
      stdio: ["ignore", "pipe", "pipe"],
    });
    hub.stdout!.on("data", (chunk) => (output += chunk));
    hub.stderr!.on("data", (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${base}/graphql`;
    const up = await untilAnswering(url, { attempts: 240, everyMs: 250, child: hub });
    expect({ up, output: up ? "" : output.slice(-1500) }).toEqual({ up: true, output: "" });

    const person = knownToEveryAgency(demoData());
    const token = await mintDevToken(dataDir, coordinatorOf(person));
    const headers = { authorization: `Bearer ${token}` };
    const directory = await postGraphQL<{ coordinators: unknown[] }>(url, contractOperation("Directory"), {}, headers);
    expect(directory.errors).toBeUndefined();
    expect(directory.data!.coordinators.length).toBe(demoData().coordinators.length);
    const view = await postGraphQL<{ participant: { lastName: string; receivesSocialAssistance: boolean | null } }>(url, contractOperation("ParticipantView"), { id: person.id }, headers);
    expect(view.data?.participant.lastName).toBe(person.lastName);
  }, 180_000);
});
