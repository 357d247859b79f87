import type { GraphQLResolveInfo } from "graphql";
import type { CaseTeam } from "./auth/case-team";
import { rule } from "./auth/rules";
import type { Caller } from "./context";
import { notAmongYourPeople } from "./errors";
import { isUuid } from "./identifiers";
import { notAnId } from "./identifiers";

type CaseTeamLoader = { load(participantId: string): Promise<CaseTeam | null> };

interface CaseTeamContext {
  caller: Caller;
  loaders: { caseTeam: CaseTeamLoader };
}

/**
 * Refuses a write about a person outside the caller's case teams, or not registered at all, with
 * the same answer for both (ACCESS.md, "Existence is personal data"). Asks the request's case-team
 * loader, which the write's permission rule has filled already: no second call to coordination.
 */
export async function requireRegisteredParticipant(caseTeam: CaseTeamLoader, participantId: string): Promise<void> {
  if ((await caseTeam.load(participantId)) === null) throw notAmongYourPeople("participant", participantId);
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
