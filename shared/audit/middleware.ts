import { GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
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

function isExternal(info: GraphQLResolveInfo): boolean {
  const field = info.parentType.getFields()[info.fieldName];
  return Boolean(field?.astNode?.directives?.some((directive) => directive.name.value === "external"));
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
}

/** ACCESS.md, "Only what the caller asked for": a refused plan input is the hub's business, not the caller's read. */
function refusedRead(context: AuditedContext, info: GraphQLResolveInfo, participantId: string, field: string, refusedBy: string): void {
  if (context.planInputs?.has(info.fieldName)) return;
  context.audit.refusedRead(participantId, field, refusedBy);
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
    const participantId = info.operation.operation === "query" && !MACHINERY.has(parentType) ? participantOf(parentType, parent) : null;
    if (!participantId || NOT_PERSONAL.has(info.fieldName) || isExternal(info)) return resolve(parent, args, context, info);
    const field = parentType === "Participant" ? info.fieldName : `${parentType}.${info.fieldName}`;
    const refusedBy = `permissions.ts ${parentType}.${info.fieldName}`;
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
