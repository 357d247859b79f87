import fs from "node:fs";
import path from "node:path";
import { Kind, parse } from "graphql";

/**
 * What the hub writes down of an operation's name: the access log (kept ten years), the identity
 * the gateway signs, and every log line. An operation's name is the client's free text — red team:
 * `query Kastelic_Joze_0803992500323_HIV_positive { … }` put a third person's name, EMŠO and health
 * into a participant's permanent access log and into the logs. So only names the hub knows are
 * kept: the front-end contract's operations (contract/operations.graphql), the hub's own
 * (HUB_OPERATIONS: the participant's report, the indicators page) and those an operator
 * lists in `OPERATION_NAMES` (comma-separated, for an agency's own front-end); any other is
 * "unlisted", a document without a name "anonymous" (GDPR Art. 5(1)(c), data minimisation).
 */
export const UNLISTED_OPERATION = "unlisted";
export const ANONYMOUS_OPERATION = "anonymous";

/**
 * The operation the gateway runs itself, with the caller's own token, to produce a participant's
 * report (GET /report/<id>, gateway/report/): every subgraph records its reads under this name, so
 * that producing a report is itself in the person's access log (issue 16; GDPR Art. 15).
 */
export const PARTICIPANT_REPORT_OPERATION = "ParticipantReport";
/** The indicators page's operation (gateway/explorer/browser/esf-table.ts, issue 17). */
export const INDICATOR_SERIES_OPERATION = "IndicatorSeries";
/** Operations of the hub's own, kept by name like the contract's. */
export const HUB_OPERATIONS: readonly string[] = [PARTICIPANT_REPORT_OPERATION, INDICATOR_SERIES_OPERATION];

const CONTRACT_COPY = path.resolve(__dirname, "..", "contract", "operations.graphql");
let known: Set<string> | undefined;

/** The operation names the hub keeps as they are. */
export function knownOperationNames(env = process.env): Set<string> {
  if (known) return known;
  const names = new Set<string>(HUB_OPERATIONS);
  if (fs.existsSync(CONTRACT_COPY)) {
    for (const definition of parse(fs.readFileSync(CONTRACT_COPY, "utf8")).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  for (const name of (env.OPERATION_NAMES ?? "").split(",")) if (/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name.trim())) names.add(name.trim());
  known = names;
  return names;
}

/**
 * The name to write down for an operation. Shape: the client's name (or a fetch name Apollo Gateway
 * made of it, `<name>__<subgraph>__<n>`) → that name when known, else "unlisted"; none → "anonymous".
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return ANONYMOUS_OPERATION;
  const names = knownOperationNames();
  if (names.has(name)) return name;
  const fetch = /^(.+)__[0-9A-Za-z_]+__\d+$/.exec(name);
  return fetch && names.has(fetch[1]) ? name : UNLISTED_OPERATION;
}
