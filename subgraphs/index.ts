import "reflect-metadata";
import type { SubgraphDefinition } from "../shared/subgraph";
import { coordination } from "./coordination";
import { csd } from "./csd";
import { employment } from "./employment";
import { providers } from "./providers";
import { community } from "./community";
import { statistics } from "./statistics";

/** The one list of subgraphs: compose, start-up, the gateway and the tests all read it. */
export const SUBGRAPHS: readonly SubgraphDefinition[] = [employment, csd, coordination, providers, community, statistics];

export function findSubgraph(name: string): SubgraphDefinition {
  const subgraph = SUBGRAPHS.find((candidate) => candidate.name === name);
  if (!subgraph) throw new Error(`No subgraph "${name}"; known: ${SUBGRAPHS.map((s) => s.name).join(", ")}`);
  return subgraph;
}
