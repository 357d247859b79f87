import { CHECK_TIMEOUT_MS, HealthProblem, READY_PATH, shortReason, type ReadinessChecks } from "../shared/health";

/**
 * The gateway's readiness checks: one per subgraph of the supergraph, its `/ready` answering 200
 * (shared/health.ts). The URL is the one the gateway sends queries to (`<NAME>_URL` or the
 * supergraph's), with `/graphql` replaced by `/ready`.
 */
export function subgraphsReady(supergraphSdl: string, subgraphUrls: Record<string, string>): ReadinessChecks {
  const checks: ReadinessChecks = {};
  for (const [, name, recorded] of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    const url = new URL(READY_PATH, subgraphUrls[name] ?? recorded);
    checks[name] = async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }).catch((error: Error & { cause?: { code?: string } }) => {
        throw new HealthProblem(`does not answer (${error.name === "TimeoutError" ? "timed out" : shortReason(error.cause ?? error)})`);
      });
      const body = (await response.json().catch(() => null)) as { checks?: Record<string, { ok: boolean; reason?: string }> } | null;
      if (response.status === 200) return;
      const failed = Object.entries(body?.checks ?? {}).filter(([, result]) => !result.ok);
      throw new HealthProblem(failed.length ? failed.map(([check, result]) => `${check}: ${result.reason}`).join("; ") : `answered ${response.status}`);
    };
  }
  return checks;
}

