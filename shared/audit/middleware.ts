import { getNamedType, GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import type { AccessRecorder } from "./recorder";

/**
 * Records every read of a participant's personal data that a subgraph serves or refuses: any field
 * of a `Participant`, and any field of an object that belongs to one (it carries `participantId`:
 * a jobseeker record, a DSP decision, an enrolment …). It wraps the permissions, so it sees their
 * refusals. Writes are recorded by the mutations themselves, inside their transactions; a refused
 * write is recorded here.
 */
const NOT_PERSONAL = new Set(["id", "__typename"]);
/** Access-control lookups between subgraphs, not reads of a person's data by a user. */
const MACHINERY = new Set(["CaseTeam"]);

const codeOf = (error: unknown) => (error instanceof GraphQLError ? String(error.extensions?.code ?? "ERROR") : "ERROR");

/** What the middleware needs to know of one field of one type, worked out once per process (issue 18: no per-request work that could be done once). */
interface FieldFacts {
  /** Resolved by another subgraph (`@external`): not this subgraph's read. */
  external: boolean;
  /** The field as the access log names it: `firstName` of a Participant, `Type.field` of another type. */
  recorded: string;
  /** The rule a refusal names: `permissions.ts Type.field`. */
  refusedBy: string;
}
const factsByType = new WeakMap<object, Map<string, FieldFacts>>();

function factsOf(info: GraphQLResolveInfo): FieldFacts {
  let ofType = factsByType.get(info.parentType);
  if (!ofType) factsByType.set(info.parentType, (ofType = new Map()));
  let facts = ofType.get(info.fieldName);
  if (!facts) {
    const parentType = info.parentType.name;
    const field = info.parentType.getFields()[info.fieldName];
    facts = {
      external: Boolean(field?.astNode?.directives?.some((directive) => directive.name.value === "external")),
      recorded: parentType === "Participant" ? info.fieldName : `${parentType}.${info.fieldName}`,
      refusedBy: `permissions.ts ${parentType}.${info.fieldName}`,
    };
    ofType.set(info.fieldName, facts);
  }
  return facts;
}

function participantOf(parentType: string, parent: unknown): string | null {
  const candidate = parent as { id?: unknown; participantId?: unknown } | null;
  if (!candidate) return null;
  if (parentType === "Participant" && typeof candidate.id === "string") return candidate.id;
  return typeof candidate.participantId === "string" ? candidate.participantId : null;
}

function participantOfArgs(args: Record<string, unknown>): string | null {
  const input = args.input as { participantId?: unknown } | undefined;
  const id = args.participantId ?? input?.participantId;
  return typeof id === "string" ? id : null;
}

interface AuditedContext {
  audit: AccessRecorder;
  /** Fields fetched only as the plan's inputs (shared/context.ts): their refusals are not the caller's reads. */
  planInputs?: ReadonlySet<string>;
  /** The hub service calling on the caller's behalf, null for the gateway (shared/context.ts). */
  actor?: string | null;
}

/**
 * ACCESS.md, "Only what the caller asked for": a refused plan input is the hub's business, not the
 * caller's read. So is a field another hub service fetched for the caller (the facts behind a
 * referral's eligibility check): the caller selected it nowhere. Refused root fields of a service
 * call are still recorded (recordRefusedRootRead), since they name the person the caller asked about.
 */
function refusedRead(context: AuditedContext, info: GraphQLResolveInfo, participantId: string, field: string, refusedBy: string): void {
  if (context.planInputs?.has(info.fieldName)) return;
  if (context.actor) return;
  context.audit.refusedRead(participantId, field, refusedBy);
}

const isForbidden = (outcome: unknown) => outcome instanceof GraphQLError && outcome.extensions?.code === "FORBIDDEN";

/**
 * The participant a root query field names: `participantId` (the access log), or `id` where the
 * field answers a Participant. Lists of ids are the hub's own machinery, not a user's read.
 */
function participantOfRootField(info: GraphQLResolveInfo, args: Record<string, unknown>): string | null {
  const named = args.participantId ?? (getNamedType(info.returnType).name === "Participant" ? args.id : undefined);
  return typeof named === "string" ? named : null;
}

/**
 * A root query field that names a participant and is refused (by permissions.ts, or by its
 * resolver): the refusal happens before any Participant field resolves, so the field-by-field
 * recording below never sees it. ACCESS.md: every read of personal data, served or refused, is
 * recorded — so the refusal is recorded here, against the person named, with the rule that refused
 * it. An id that names nobody is recorded too: whether it does is what the caller must not learn
 * from how the hub answers, and a probe is what the person's coordinator and the DPO want to see.
 * Served root reads are recorded where they serve data (the Participant's fields, the log itself).
 */
async function recordRefusedRootRead(
  resolve: (parent: unknown, args: Record<string, unknown>, context: AuditedContext, info: GraphQLResolveInfo) => unknown,
  parent: unknown,
  args: Record<string, unknown>,
  context: AuditedContext,
  info: GraphQLResolveInfo,
  participantId: string,
): Promise<unknown> {
  const refusedBy = `permissions.ts Query.${info.fieldName}`;
  try {
    const result = await resolve(parent, args, context, info);
    if (isForbidden(result)) context.audit.refusedRead(participantId, info.fieldName, refusedBy);
    return result;
  } catch (error) {
    if (isForbidden(error)) context.audit.refusedRead(participantId, info.fieldName, refusedBy);
    throw error;
  }
}

export function withAccessLog(schema: GraphQLSchema): GraphQLSchema {
  return applyMiddleware(schema, async (resolve, parent, args, context: AuditedContext, info: GraphQLResolveInfo) => {
    const parentType = info.parentType.name;
    if (parentType === "Mutation") {
      try {
        const result = await resolve(parent, args, context, info);
        if (result instanceof Error) context.audit.refusedWrite(participantOfArgs(args), info.fieldName, codeOf(result));
        return result;
      } catch (error) {
        context.audit.refusedWrite(participantOfArgs(args), info.fieldName, codeOf(error));
        throw error;
      }
    }
    if (parentType === "Query" && info.operation.operation === "query") {
      const named = participantOfRootField(info, args);
      if (named) return recordRefusedRootRead(resolve, parent, args, context, info, named);
    }
    const participantId = info.operation.operation === "query" && !MACHINERY.has(parentType) ? participantOf(parentType, parent) : null;
    if (!participantId || NOT_PERSONAL.has(info.fieldName)) return resolve(parent, args, context, info);
    const { external, recorded: field, refusedBy } = factsOf(info);
    if (external) return resolve(parent, args, context, info);
    try {
      const result = await resolve(parent, args, context, info);
      if (result instanceof GraphQLError && result.extensions?.code === "FORBIDDEN") refusedRead(context, info, participantId, field, refusedBy);
      else context.audit.read(participantId, field);
      return result;
    } catch (error) {
      if (codeOf(error) === "FORBIDDEN") refusedRead(context, info, participantId, field, refusedBy);
      throw error;
    }
  });
}
