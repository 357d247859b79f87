import DataLoader from "dataloader";
import { Field, ID, ObjectType } from "type-graphql";
import type { HubClient } from "../hub-client";

/**
 * A participant's case team as coordination knows it (ACCESS.md, "The case team"): the assigned
 * coordinator, the responsible CSD and Urad za delo, and whether the person consents to sharing.
 * Coordination answers only for teams the caller belongs to; other subgraphs ask it on the caller's
 * behalf — directly, with the identity the gateway signed for coordination, or else through the
 * gateway — once per request for all the participants they are about to serve.
 */
@ObjectType("CaseTeam", { description: "The case team of a participant the caller works with, and the participant's consent to share data in it." })
export class CaseTeam {
  @Field(() => ID, { description: "The participant." })
  participantId: string;

  @Field(() => ID, { nullable: true, description: "The assigned coordinator; null while unassigned." })
  coordinatorId: string | null;

  @Field(() => ID, { description: "The responsible Centre for Social Work." })
  centreId: string;

  @Field(() => ID, { description: "The responsible Urad za delo office." })
  officeId: string;

  @Field(() => Boolean, { description: "The participant consents to sharing data among the case team." })
  consent: boolean;
}

const CASE_TEAMS = `query CaseTeams($ids: [ID!]!) { caseTeams(participantIds: $ids) { participantId coordinatorId centreId officeId consent } }`;

/** The caller's case teams, by participant id; null where the caller is not in the team. */
export const remoteCaseTeamLoader = (hub: HubClient) =>
  new DataLoader<string, CaseTeam | null>(async (ids) => {
    const { caseTeams } = await (hub.caseTeamAuthority ?? hub).request<{ caseTeams: CaseTeam[] }>(CASE_TEAMS, { ids });
    const byId = new Map(caseTeams.map((team) => [team.participantId, team]));
    return ids.map((id) => byId.get(id) ?? null);
  });
