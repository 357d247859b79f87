import DataLoader from "dataloader";
import type { CaseTeam } from "../../../shared/auth/case-team";
import type { Caller } from "../../../shared/context";
import { Agency } from "../../../shared/enums";
import type { HubClient } from "../../../shared/hub-client";
import { isUuid } from "../../../shared/identifiers";
import type { CoordinationContext } from "../context";
import type { RowCondition } from "./participant-cursor";
import type { ParticipantEntity } from "./participant.entity";

/**
 * Who is in a participant's case team (ACCESS.md): the assigned coordinator (and, while nobody is
 * assigned, the coordinators of the person's region, who may take the candidate on); the
 * responsible CSD and Urad za delo; every provider to whose run the person was referred or
 * enrolled. Staff of the same agency at another unit are outside it.
 */
type Row = Pick<ParticipantEntity, "id" | "coordinatorId" | "centreId" | "officeId" | "region" | "consentGrantedAt" | "consentWithdrawnAt">;

export const hasConsent = (row: Row) => row.consentGrantedAt !== null && row.consentWithdrawnAt === null;

/** For a provider's staff: which of these people were referred or enrolled to the provider's runs (asked of providers). */
export const providerReachLoader = (hub: HubClient, caller: Caller) =>
  new DataLoader<string, boolean>(async (ids) => {
    if (caller.agency !== Agency.PROVIDER) return ids.map(() => false);
    const { participantsInMyRuns } = await hub.request<{ participantsInMyRuns: string[] }>(
      "providers",
      `query ProviderReach($ids: [ID!]) { participantsInMyRuns(participantIds: $ids) }`,
      { ids },
    );
    const reached = new Set(participantsInMyRuns);
    return ids.map((id) => reached.has(id));
  });

/** What membership needs of the request: who asks, the loaders, and the hub (to ask providers). */
type MembershipContext = Pick<CoordinationContext, "caller" | "loaders" | "hub">;

async function coordinatorRegion({ caller, loaders }: MembershipContext): Promise<string | null> {
  return caller.agency === Agency.COORDINATION ? ((await loaders.coordinator.load(caller.unit))?.region ?? null) : null;
}

/** The caller's own caseload: assigned to them, or an unassigned candidate of their region. */
export async function isInCaseload(context: MembershipContext, row: Row): Promise<boolean> {
  if (context.caller.agency !== Agency.COORDINATION) return false;
  if (row.coordinatorId !== null) return row.coordinatorId === context.caller.unit;
  return row.region === (await coordinatorRegion(context));
}

export async function isInCaseTeam(context: MembershipContext, row: Row): Promise<boolean> {
  const { caller, loaders } = context;
  switch (caller.agency) {
    case Agency.COORDINATION:
      return isInCaseload(context, row);
    case Agency.CSD:
      return row.centreId === caller.unit;
    case Agency.EMPLOYMENT:
      return row.officeId === caller.unit;
    case Agency.PROVIDER:
      return loaders.providerReach.load(row.id);
    default:
      return false;
  }
}

export async function caseTeamOf(context: MembershipContext, row: Row): Promise<CaseTeam | null> {
  if (!(await isInCaseTeam(context, row))) return null;
  const assigned = context.caller.agency === Agency.COORDINATION && row.coordinatorId === context.caller.unit;
  return { participantId: row.id, assigned, consent: hasConsent(row) };
}

/**
 * The people a list shows the caller, as SQL over a `participants` alias: the same membership as
 * isInCaseTeam. `identityReadable` narrows them to those whose identity (name, gender, stage,
 * coordinator, region) the caller may read, as permissions.ts rules for Participant.firstName and
 * its group: coordination reads it for all of its caseload (null: every listed row), the other
 * agencies of the case team only with the person's consent (ACCESS.md, "Consent").
 */
export interface VisibleParticipants {
  listed: RowCondition;
  identityReadable: RowCondition | null;
  params: Record<string, unknown>;
}

const consentGiven: RowCondition = (alias) => `(${alias}.consent_granted_at IS NOT NULL AND ${alias}.consent_withdrawn_at IS NULL)`;

/** The people the caller may list, and whose identity it may read; null: the caller sees nobody. */
export async function visibleParticipants(context: MembershipContext): Promise<VisibleParticipants | null> {
  const { caller, hub } = context;
  if (!isUuid(caller.unit)) return null;
  switch (caller.agency) {
    case Agency.COORDINATION:
      return {
        listed: (alias) => `(${alias}.coordinator_id = :unit OR (${alias}.coordinator_id IS NULL AND ${alias}.region = :region))`,
        identityReadable: null,
        params: { unit: caller.unit, region: (await coordinatorRegion(context)) ?? "" },
      };
    case Agency.CSD:
      return { listed: (alias) => `${alias}.centre_id = :unit`, identityReadable: consentGiven, params: { unit: caller.unit } };
    case Agency.EMPLOYMENT:
      return { listed: (alias) => `${alias}.office_id = :unit`, identityReadable: consentGiven, params: { unit: caller.unit } };
    case Agency.PROVIDER: {
      const { participantsInMyRuns } = await hub.request<{ participantsInMyRuns: string[] }>("providers", `query ProviderReach { participantsInMyRuns }`);
      return { listed: (alias) => `${alias}.id = ANY(:reached)`, identityReadable: consentGiven, params: { reached: participantsInMyRuns } };
    }
    default:
      return null;
  }
}
