import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { notAmongYourPeople } from "../../../shared/errors";
import { requireId } from "../../../shared/validation";
import { requireNote } from "../../../shared/text";
import type { CoordinationContext } from "../context";
import { ParticipantEntity } from "../participant/participant.entity";
import { Participant } from "../participant/participant.type";
import { CaseNoteEntity } from "./case-note.entity";
import { CaseNote } from "./case-note.type";

@Resolver(() => Participant)
export class CaseNoteResolver {
  @FieldResolver(() => [CaseNote], { nullable: true, description: "The coordinator's case notes, newest first: the assigned coordinator only." })
  caseNotes(@Root() participant: Participant, @Ctx() { loaders }: CoordinationContext) {
    return loaders.caseNotes.load(participant.id);
  }

  @Mutation(() => CaseNote, { description: "Adds a case note; by the participant's assigned coordinator." })
  async recordCaseNote(
    @Arg("participantId", () => ID) participantId: string,
    @Arg("text", () => String) text: string,
    @Ctx() { db, caller, audit }: CoordinationContext,
  ): Promise<CaseNoteEntity> {
    requireId("participantId", participantId);
    const note: CaseNoteEntity = { id: randomUUID(), participantId, coordinatorId: caller.unit, text: requireNote("text", text, 10000), writtenAt: new Date() };
    return auditedTransaction({ db, audit }, async (manager) => {
      if (!(await manager.getRepository(ParticipantEntity).existsBy({ id: participantId }))) {
        throw notAmongYourPeople("participant", participantId);
      }
      await manager.getRepository(CaseNoteEntity).insert(note);
      audit.wrote(participantId, ["caseNotes"]);
      return note;
    });
  }
}
