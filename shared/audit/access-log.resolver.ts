import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, registerEnumType, Resolver } from "type-graphql";
import type { DataSource } from "typeorm";
import { badInput } from "../errors";
import { isUuid } from "../identifiers";
import { DateTimeScalar } from "../scalars";
import type { AccessRecorder } from "./recorder";

export enum AccessOutcome {
  SERVED = "SERVED",
  REFUSED = "REFUSED",
}
registerEnumType(AccessOutcome, { name: "AccessOutcome", description: "Whether the data was served or refused by the access policy." });

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

/** A participant's records in one subgraph's log (archive included), newest first. */
export async function readAccessLog(db: DataSource, participantId: string, first: number): Promise<AccessRecord[]> {
  if (!isUuid(participantId)) return [];
  return db.query(
    `SELECT at, subject, agency, unit, operation_name AS "operationName", data_owner AS "dataOwner", action, fields, outcome, refused_by AS "refusedBy"
       FROM (SELECT * FROM access_log WHERE participant_id = $1 UNION ALL SELECT * FROM access_log_archive WHERE participant_id = $1) records
      ORDER BY position DESC LIMIT $2`,
    [participantId, first],
  );
}

interface LogContext {
  db: DataSource;
  audit: AccessRecorder;
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
      @Ctx() { db, audit }: LogContext,
    ): Promise<AccessRecord[]> {
      const count = checkFirst(first);
      // Reading the log is itself an access to the person's data, and is recorded.
      audit.read(participantId, "accessLog");
      return readAccessLog(db, participantId, count);
    }
  }
  return SubgraphAccessLogResolver;
}
