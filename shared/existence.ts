import type { CaseTeam } from "./auth/case-team";
import { rule } from "./auth/rules";
import type { Caller } from "./context";
import { notAmongYourPeople } from "./errors";
import { isUuid } from "./loaders";

/**
 * The permission rule for an operation that names a participant in its arguments, for the
 * permissions.ts of any subgraph (ACCESS.md, "What counts as reading": existence is personal data).
 * It admits callers of the given agencies who are in the person's case team (for a coordinator:
 * their own caseload). Anyone else of those agencies gets `notAmongYourPeople`, whether the person
 * is an outsider's or does not exist at all: the rule decides before the resolver could tell the
 * two apart. Callers of other agencies are refused by the subgraph's ordinary fallback, which says
 * nothing about the person either. Without `agencies`, every signed-in agency is admitted alike.
 */
interface CaseTeamContext {
  caller: Caller;
  loaders: { caseTeam: { load(participantId: string): Promise<CaseTeam | null> } };
}

export const participantNamedInCaseTeam = (participantIdOf: (args: Record<string, unknown>) => unknown, agencies?: readonly string[]) =>
  rule({ cache: "strict" })(async (_parent, args: Record<string, unknown>, { caller, loaders }: CaseTeamContext) => {
    if (agencies && !agencies.includes(caller.agency)) return false;
    const participantId = String(participantIdOf(args) ?? "");
    if (isUuid(participantId) && (await loaders.caseTeam.load(participantId)) !== null) return true;
    return notAmongYourPeople("participant", participantId);
  });

/** Where the common operations name their participant: `participantId`, `id`, or `input.participantId`. */
export const participantIdArg = (args: Record<string, unknown>) => args.participantId;
export const idArg = (args: Record<string, unknown>) => args.id;
export const inputParticipantIdArg = (args: Record<string, unknown>) => (args.input as { participantId?: unknown } | undefined)?.participantId;
