import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import type { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, ID, Mutation, registerEnumType, Resolver } from "type-graphql";
import { parseEmso } from "../../../shared/emso";
import { Agency, JourneyStage } from "../../../shared/enums";
import { isUniqueViolation } from "../../../shared/database";
import { badInput, ErrorCode, notAmongYourPeople, refused } from "../../../shared/errors";
import { DAY_BOUNDS, requireDayWithin } from "../../../shared/plausibility";
import { requireId } from "../../../shared/validation";
import { requireName } from "../../../shared/text";
import type { CoordinationContext } from "../context";
import { isInCaseload } from "./case-team";
import { JourneyEvent, stageAfter } from "./journey";
import { ParticipantEntity } from "./participant.entity";
import { RegisterCandidateInput } from "./participant.input";
import { Consent, Participant } from "./participant.type";

registerEnumType(JourneyEvent, {
  name: "JourneyEvent",
  description: "Something that happened at a provider and moves the participant's journey stage on.",
});


interface RegistrationUnits {
  socialWorkCentre: { region: string } | null;
  employmentOffice: { region: string } | null;
}

/** Loads a participant for change, locked until the transaction ends. */
async function lockParticipant(manager: CoordinationContext["db"]["manager"], participantId: string): Promise<ParticipantEntity> {
  requireId("participantId", participantId);
  const participant = await manager
    .getRepository(ParticipantEntity)
    .createQueryBuilder("participant")
    .setLock("pessimistic_write")
    .where("participant.id = :participantId", { participantId })
    .getOne();
  if (!participant) throw notAmongYourPeople("participant", participantId);
  return participant;
}

/**
 * The refusal of a second registration with an EMŠO that is already registered. Existence cannot be
 * fully hidden here (ACCESS.md, "What counts as reading": existence is personal data): the EMŠO is
 * unique so that one person is one participant, and a uniqueness check that refuses a duplicate
 * tells the caller, by refusing, that someone with this EMŠO is in social activation. What we do
 * instead: the refusal says no more than that — not who the participant is, nor their coordinator
 * or region — unless the person is in the caller's own caseload; and the attempt is recorded in
 * that person's access log as a refused write, with the rule, so that their coordinator and the
 * DPO see who asked. The record is written after the failed insert's transaction has rolled back.
 */
async function alreadyRegistered(context: CoordinationContext, emso: string): Promise<GraphQLError> {
  const existing = await context.db.getRepository(ParticipantEntity).findOneBy({ emso });
  if (existing) context.audit.refusedWrite(existing.id, "registerCandidate", "participants.emso is unique: one participant per EMŠO (ACCESS.md)");
  const detail = existing && (await isInCaseload(context, existing)) ? `: participant ${existing.id} of your caseload` : "; it cannot be registered twice";
  return refused(ErrorCode.ALREADY_REGISTERED, `A participant with EMŠO ${emso} is already registered${detail}`, { field: "input.emso" });
}

@Resolver(() => Participant)
export class ParticipantWriteResolver {
  @Mutation(() => Participant, { description: "Registers a new candidate; the birth date and gender are checked against the EMŠO." })
  async registerCandidate(
    @Arg("input", () => RegisterCandidateInput) input: RegisterCandidateInput,
    @Ctx() context: CoordinationContext,
  ): Promise<ParticipantEntity> {
    const { db, hub, caller, audit } = context;
    const firstName = requireName("input.firstName", input.firstName);
    const lastName = requireName("input.lastName", input.lastName);
    const emso = input.emso.trim();
    const parsed = parseEmso(emso);
    if (!parsed.valid) throw refused(ErrorCode.INVALID_EMSO, parsed.reason, { field: "input.emso" });
    requireDayWithin("input.emso", parsed.birthDate, DAY_BOUNDS.birthDate);
    if (parsed.gender !== input.gender) {
      throw badInput("input.gender", `is ${input.gender}, but the EMŠO ${emso} belongs to a person of gender ${parsed.gender}`);
    }
    requireId("input.centreId", input.centreId);
    requireId("input.officeId", input.officeId);
    const [centre, office] = await Promise.all([
      hub.request<Pick<RegistrationUnits, "socialWorkCentre">>("csd", `query RegistrationCentre($id: ID!) { socialWorkCentre(id: $id) { region } }`, { id: input.centreId }),
      hub.request<Pick<RegistrationUnits, "employmentOffice">>("employment", `query RegistrationOffice($id: ID!) { employmentOffice(id: $id) { region } }`, { id: input.officeId }),
    ]);
    const units: RegistrationUnits = { ...centre, ...office };
    if (!units.socialWorkCentre) throw refused(ErrorCode.NOT_FOUND, `No Centre for Social Work has id ${input.centreId}`, { field: "input.centreId" });
    if (!units.employmentOffice) throw refused(ErrorCode.NOT_FOUND, `No Urad za delo office has id ${input.officeId}`, { field: "input.officeId" });
    // ACCESS.md, Writing: a coordinator registers candidates of its own region (the CSD's region is the person's).
    const ownRegion = (await context.loaders.coordinator.load(caller.unit))?.region;
    if (ownRegion !== units.socialWorkCentre.region) {
      throw refused(ErrorCode.FORBIDDEN, `You register candidates of your own region (${ownRegion ?? "none"}); this Centre for Social Work is in ${units.socialWorkCentre.region}`, {
        field: "input.centreId",
      });
    }

    const participant: ParticipantEntity = {
      id: randomUUID(),
      firstName,
      lastName,
      emso,
      gender: parsed.gender,
      birthDate: parsed.birthDate,
      residenceStatus: input.residenceStatus,
      languageBarrier: input.languageBarrier ?? false,
      romaCommunity: input.romaCommunity ?? false,
      region: units.socialWorkCentre.region,
      coordinatorId: caller?.agency === Agency.COORDINATION ? caller.unit : null,
      centreId: input.centreId,
      officeId: input.officeId,
      stage: JourneyStage.CANDIDATE,
      consentGrantedAt: null,
      consentWithdrawnAt: null,
      registeredAt: new Date(),
    };
    try {
      return await auditedTransaction({ db, audit }, async (manager) => {
        await manager.getRepository(ParticipantEntity).insert(participant);
        audit.wrote(participant.id, Object.keys(input).sort());
        return participant;
      });
    } catch (error) {
      // The unique index decides, so two registrations racing with one EMŠO cannot both succeed.
      if (isUniqueViolation(error)) throw await alreadyRegistered(context, emso);
      throw error;
    }
  }

  @Mutation(() => Consent, { description: "Records that the participant gave (true) or withdrew (false) consent to share data in the case team." })
  async recordConsent(
    @Arg("participantId", () => ID) participantId: string,
    @Arg("granted", () => Boolean) granted: boolean,
    @Ctx() { db, audit }: CoordinationContext,
  ): Promise<Consent> {
    return auditedTransaction({ db, audit }, async (manager) => {
      const participant = await lockParticipant(manager, participantId);
      const now = new Date();
      const change = granted
        ? { consentGrantedAt: now, consentWithdrawnAt: null }
        : { consentWithdrawnAt: participant.consentWithdrawnAt ?? now };
      await manager.getRepository(ParticipantEntity).update(participant.id, change);
      audit.wrote(participant.id, ["consent"]);
      const updated = { ...participant, ...change };
      return {
        granted: updated.consentGrantedAt !== null && updated.consentWithdrawnAt === null,
        grantedAt: updated.consentGrantedAt,
        withdrawnAt: updated.consentWithdrawnAt,
      };
    });
  }

  // Hub machinery (SERVICE_CALLS): only the providers service sends it; not in the public graph.
  @Directive("@inaccessible")
  @Mutation(() => Participant, {
    description: "Moves the journey stage on after a referral, enrolment or exit; sent by the providers service within the write that did it.",
  })
  async recordJourneyEvent(
    @Arg("participantId", () => ID) participantId: string,
    @Arg("event", () => JourneyEvent) event: JourneyEvent,
    @Ctx() { db, audit }: CoordinationContext,
  ): Promise<ParticipantEntity> {
    return auditedTransaction({ db, audit }, async (manager) => {
      const participant = await lockParticipant(manager, participantId);
      const stage = stageAfter(participant.stage, event);
      if (stage !== participant.stage) await manager.getRepository(ParticipantEntity).update(participant.id, { stage });
      audit.wrote(participant.id, ["stage"]);
      return { ...participant, stage };
    });
  }
}
