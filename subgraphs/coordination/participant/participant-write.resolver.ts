import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, Directive, ID, Mutation, registerEnumType, Resolver } from "type-graphql";
import { parseEmso } from "../../../shared/emso";
import { Agency, JourneyStage } from "../../../shared/enums";
import { isUniqueViolation } from "../../../shared/database";
import { badInput, ErrorCode, refused } from "../../../shared/errors";
import { requireId, requireText } from "../../../shared/validation";
import type { CoordinationContext } from "../context";
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
  if (!participant) throw refused(ErrorCode.NOT_FOUND, `No participant has id ${participantId}`, { field: "participantId" });
  return participant;
}

@Resolver(() => Participant)
export class ParticipantWriteResolver {
  @Mutation(() => Participant, { description: "Registers a new candidate; the birth date and gender are checked against the EMŠO." })
  async registerCandidate(
    @Arg("input", () => RegisterCandidateInput) input: RegisterCandidateInput,
    @Ctx() { db, hub, caller, audit }: CoordinationContext,
  ): Promise<ParticipantEntity> {
    const firstName = requireText("input.firstName", input.firstName, 100);
    const lastName = requireText("input.lastName", input.lastName, 100);
    const emso = input.emso.trim();
    const parsed = parseEmso(emso);
    if (!parsed.valid) throw refused(ErrorCode.INVALID_EMSO, parsed.reason, { field: "input.emso" });
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
    return auditedTransaction({ db, audit }, async (manager) => {
      try {
        await manager.getRepository(ParticipantEntity).insert(participant);
      } catch (error) {
        // The unique index decides, so two registrations racing with one EMŠO cannot both succeed.
        if (isUniqueViolation(error)) {
          throw refused(ErrorCode.ALREADY_REGISTERED, `A participant with EMŠO ${emso} is already registered`, { field: "input.emso" });
        }
        throw error;
      }
      audit.wrote(participant.id, Object.keys(input).sort());
      return participant;
    });
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
