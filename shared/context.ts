import type { DataSource } from "typeorm";
import type { Agency } from "./enums";
import type { HubClient } from "./hub-client";
import type { Checkpointer } from "./audit/checkpointer";
import type { AccessRecorder } from "./audit/recorder";
import type { Deadline } from "./deadline";

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
  /** The hub service calling on the caller's behalf (shared/auth/service-calls.ts); null for a request from the gateway. */
  actor: string | null;
  /**
   * Fields the gateway fetches from this subgraph only as inputs of another field the client
   * asked for (`@requires`): their refusals are neither reported nor logged as the caller's.
   */
  planInputs: ReadonlySet<string>;
  operationName: string | null;
  loaders: Loaders;
  db: DataSource;
  /** The gateway, for another agency's live facts at write time. */
  hub: HubClient;
  /** Every subgraph of the hub by name. */
  peers: string[];
  /** What this request does with personal data, for the access log. */
  audit: AccessRecorder;
  /** This subgraph's access-log checkpoints, for inclusion proofs (shared/audit/checkpointer.ts). */
  checkpoints: Checkpointer;
  /** The indicators' linkage key, read on first use; only the agencies' facts fields ask for it (shared/indicators/linkage.ts). */
  linkageKey(): Buffer;
  /** The request's time budget (shared/deadline.ts): what is left goes with every call it makes. */
  deadline: Deadline;
}
