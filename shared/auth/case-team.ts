import DataLoader from "dataloader";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CASE_TEAM_AUTHORITY } from "./internal-token";
import type { HubClient } from "../hub-client";

/**
 * What a subgraph needs to know to apply ACCESS.md to one participant, as coordination (which knows
 * case teams) answers it for the request's caller: that the caller is in the person's case team,
 * whether the caller is the assigned coordinator, and whether the person consents to sharing. Only
 * the facts a decision needs: no office, centre or coordinator ids leave coordination (a provider
 * may not learn who else works with the person). People whose team the caller is not in are left
 * out, exactly like people who do not exist.
 */
@Directive("@inaccessible")
@ObjectType("CaseTeam", { description: "Hub machinery, not in the public graph: the caller's membership of a participant's case team, and the participant's consent." })
export class CaseTeam {
  @Field(() => ID, { description: "The participant." })
  participantId: string;

  @Field(() => Boolean, { description: "The caller is the participant's assigned coordinator." })
  assigned: boolean;

  @Field(() => Boolean, { description: "The participant consents to sharing data among the case team." })
  consent: boolean;
}

const CASE_TEAMS = `query CaseTeams($ids: [ID!]!) { caseTeams(participantIds: $ids) { participantId assigned consent } }`;

/** The caller's case teams, by participant id, asked of coordination once per batch; null where the caller is not in the team. */
export const remoteCaseTeamLoader = (hub: HubClient) =>
  new DataLoader<string, CaseTeam | null>(async (ids) => {
    const { caseTeams } = await hub.request<{ caseTeams: CaseTeam[] }>(CASE_TEAM_AUTHORITY, CASE_TEAMS, { ids: ids.map((id) => id.toLowerCase()) });
    const byId = new Map(caseTeams.map((team) => [team.participantId, team]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  });
