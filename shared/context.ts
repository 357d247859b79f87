import type { DataSource } from "typeorm";
import type { Agency } from "./enums";
import type { HubClient } from "./hub-client";
import type { AccessRecorder } from "./audit/recorder";

/** The verified identity of the person behind a request (ACCESS.md, "The caller"). */
export interface Caller {
  sub: string;
  agency: Agency | string;
  unit: string;
  roles: string[];
}

/**
 * What every resolver of every subgraph receives. `caller` is filled in by authentication; the
 * loaders are built afresh for each request so that no cached row outlives it.
 */
export interface SubgraphContext<Loaders> {
  caller: Caller;
  operationName: string | null;
  loaders: Loaders;
  db: DataSource;
  /** The gateway, for another agency's live facts at write time. */
  hub: HubClient;
  /** Every subgraph of the hub by name. */
  peers: string[];
  /** What this request does with personal data, for the access log. */
  audit: AccessRecorder;
}
