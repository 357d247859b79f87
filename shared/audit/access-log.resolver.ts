import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, registerEnumType, Resolver } from "type-graphql";
import type { DataSource } from "typeorm";
import { badInput } from "../errors";
import { isUuid } from "../identifiers";
import { DateTimeScalar } from "../scalars";
import type { Checkpointer } from "./checkpointer";
import type { AccessRecorder } from "./recorder";
import { canonicalText, RECORD_COLUMNS, recordHash, type StoredRecord } from "./verify";

export enum AccessOutcome {
  SERVED = "SERVED",
  REFUSED = "REFUSED",
}
registerEnumType(AccessOutcome, { name: "AccessOutcome", description: "Whether the data was served or refused by the access policy." });

@Directive("@shareable")
@ObjectType("AccessRecordProof", {
  description:
    "Proof that an access record is in its agency's log as signed: an RFC 6962 inclusion proof against a signed checkpoint (C2SP signed note). Anyone can check it without the hub: tools/audit-verifier/verify-proof.mjs.",
})
export class AccessRecordProof {
  @Field(() => String, { description: "The log, e.g. `social-activation-hub/csd`: the checkpoint's origin." })
  log: string;

  @Field(() => Int, { description: "The record's leaf index in the signed tree (0-based)." })
  leafIndex: number;

  @Field(() => Int, { description: "How many records the checkpoint signs." })
  treeSize: number;

  @Field(() => String, { description: "The record's canonical text (its columns joined by U+001F); the leaf is SHA-256(0x00 ‖ SHA-256(this text))." })
  record: string;

  @Field(() => [String], { description: "The audit path, bottom-up, each hash base64." })
  auditPath: string[];

  @Field(() => String, { description: "The signed checkpoint the path leads to: origin, tree size, root hash, time, signature." })
  checkpoint: string;
}

@Directive("@shareable")
@ObjectType("AccessRecord", { description: "One access to a participant's personal data: who, when, through which operation, which agency's fields, and the outcome." })
export class AccessRecord {
  @Field(() => DateTimeScalar, { description: "When the access happened." })
  at: Date;

  @Field(() => String, { description: "The user (`sub` of their sign-in)." })
  subject: string;

  @Field(() => String, { description: "The user's agency." })
  agency: string;

  @Field(() => String, { description: "The user's unit (office, centre, coordinator, provider)." })
  unit: string;

  @Field(() => String, { description: "The front-end operation that asked." })
  operationName: string;

  @Field(() => String, { description: "The agency whose data it was (the subgraph that recorded it)." })
  dataOwner: string;

  @Field(() => String, { description: "READ or WRITE." })
  action: string;

  @Field(() => [String], { description: "The fields concerned." })
  fields: string[];

  @Field(() => AccessOutcome, { description: "SERVED, or REFUSED by the access policy." })
  outcome: AccessOutcome;

  @Field(() => String, { nullable: true, description: "For a refusal: the rule or reason that refused it." })
  refusedBy: string | null;

  @Field(() => AccessRecordProof, { nullable: true, description: "Proof that this record is in its agency's signed log; null until a checkpoint covers it (a few seconds)." })
  proof: AccessRecordProof | null;
}

/** The most records one request returns. */
export const MAX_ACCESS_RECORDS = 500;

export function checkFirst(first: number | null | undefined): number {
  const count = first ?? 100;
  if (!Number.isInteger(count) || count < 1 || count > MAX_ACCESS_RECORDS) throw badInput("first", `must be between 1 and ${MAX_ACCESS_RECORDS}`);
  return count;
}

/** The name of a subgraph's own access-log field in the supergraph, e.g. `csdAccessLog`. */
export const accessLogField = (subgraph: string) => `${subgraph.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}AccessLog`;

/** A participant's records in one subgraph's log (archive included), newest first, each with its inclusion proof where a checkpoint covers it. */
export async function readAccessLog(db: DataSource, checkpoints: Checkpointer, participantId: string, first: number): Promise<AccessRecord[]> {
  if (!isUuid(participantId)) return [];
  checkpoints.refresh();
  const rows: (StoredRecord & { at: Date; fields_list: string[]; refused: string | null })[] = await db.query(
    `SELECT ${RECORD_COLUMNS}, at, fields AS fields_list, refused_by AS refused
       FROM (SELECT * FROM access_log WHERE participant_id = $1 UNION ALL SELECT * FROM access_log_archive WHERE participant_id = $1) records
      ORDER BY records.position DESC LIMIT $2`,
    [participantId, first],
  );
  return rows.map((row) => {
    const proof = checkpoints.inclusionProof(Number(row.position), recordHash(row));
    return {
      at: row.at,
      subject: row.subject,
      agency: row.agency,
      unit: row.unit,
      operationName: row.operation_name,
      dataOwner: row.data_owner,
      action: row.action,
      fields: row.fields_list,
      outcome: row.outcome as AccessOutcome,
      refusedBy: row.refused,
      proof: proof && { ...proof, record: canonicalText(row) },
    };
  });
}

interface LogContext {
  db: DataSource;
  audit: AccessRecorder;
  checkpoints: Checkpointer;
}

/** Every subgraph answers for its own log through a root field named after it (permissions.ts decides who may ask). */
export function createAccessLogResolver(subgraph: string): Function {
  @Resolver()
  class SubgraphAccessLogResolver {
    // Hub machinery: coordination merges the parts into `accessLog`; not in the public graph.
    @Directive("@inaccessible")
    @Query(() => [AccessRecord], {
      name: accessLogField(subgraph),
      description: `The ${subgraph} subgraph's records of access to one participant's data, newest first. \`accessLog\` merges every subgraph's.`,
    })
    async records(
      @Arg("participantId", () => ID) participantId: string,
      @Arg("first", () => Int, { nullable: true }) first: number | null,
      @Ctx() { db, audit, checkpoints }: LogContext,
    ): Promise<AccessRecord[]> {
      const count = checkFirst(first);
      // Reading the log is itself an access to the person's data, and is recorded.
      audit.read(participantId, "accessLog");
      return readAccessLog(db, checkpoints, participantId, count);
    }
  }
  return SubgraphAccessLogResolver;
}
