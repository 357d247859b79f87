import type { GraphQLResolveInfo } from "graphql";
import type { CaseTeam } from "./auth/case-team";
import { rule } from "./auth/rules";
import type { Caller } from "./context";
import { notAmongYourPeople } from "./errors";
import { isUuid } from "./loaders";
import { notAnId } from "./validation";

interface CaseTeamContext {
  caller: Caller;
  loaders: { caseTeam: { load(participantId: string): Promise<CaseTeam | null> } };
}

/**
 * The permission rule for an operation that names a participant in its arguments, for the
 * permissions.ts of any subgraph (ACCESS.md, "What counts as reading": existence is personal data).
 * It admits callers of the given agencies who are in the person's case team (for a coordinator:
 * their own caseload). Anyone else of those agencies gets `notAmongYourPeople`, whether the person
 * is an outsider's or does not exist at all: the rule decides before the resolver could tell the
 * two apart. Callers of other agencies are refused by the subgraph's ordinary fallback, which says
 * nothing about the person either. Without `agencies`, every signed-in agency is admitted alike.
 *
 * `field` is where the arguments name the person (`participantId`, `id`, `input.participantId`).
 * A write given something that is not an id at all is an input error naming that field, as the
 * resolvers' own checks answer; a read answers it like any other id it cannot show.
 */
export const participantNamedInCaseTeam = (field: "participantId" | "id" | "input.participantId", agencies?: readonly string[]) =>
  rule({ cache: "strict" })(async (_parent, args: Record<string, unknown>, { caller, loaders }: CaseTeamContext, info: GraphQLResolveInfo) => {
    if (agencies && !agencies.includes(caller.agency)) return false;
    const named = field.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], args);
    const participantId = typeof named === "string" ? named : "";
    if (!isUuid(participantId) && info.parentType.name === "Mutation") return notAnId(field, participantId);
    if (isUuid(participantId) && (await loaders.caseTeam.load(participantId)) !== null) return true;
    return notAmongYourPeople("participant", participantId);
  });
