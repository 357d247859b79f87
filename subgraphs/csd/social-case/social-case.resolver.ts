import { auditedTransaction } from "../../../shared/audit/transaction";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { requireRegisteredParticipant } from "../../../shared/existence";
import { requireId } from "../../../shared/validation";
import { optionalNote, requireName } from "../../../shared/text";
import { requireCentre } from "../centre/centre.guard";
import { SocialWorkCentre } from "../centre/centre.type";
import type { CsdContext } from "../context";
import { SocialCaseEntity } from "./social-case.entity";
import { SocialCaseInput } from "./social-case.input";
import { SocialCase } from "./social-case.type";

@Resolver(() => SocialCase)
export class SocialCaseResolver {
  @Mutation(() => SocialCase, { description: "Records the centre's assessment of the person's social case; a repeat replaces it." })
  async assessSocialCase(@Arg("input", () => SocialCaseInput) input: SocialCaseInput, @Ctx() { db, loaders, audit }: CsdContext): Promise<SocialCaseEntity> {
    const socialCase: SocialCaseEntity = {
      participantId: requireId("input.participantId", input.participantId),
      centreId: requireId("input.centreId", input.centreId),
      caseWorker: requireName("input.caseWorker", input.caseWorker),
      complexSocialProblems: input.complexSocialProblems,
      note: optionalNote("input.note", input.note),
    };
    await requireRegisteredParticipant(loaders.caseTeam, socialCase.participantId);
    return auditedTransaction({ db, audit }, async (manager) => {
      await requireCentre(manager, socialCase.centreId, "input.centreId");
      await manager.getRepository(SocialCaseEntity).upsert(socialCase, ["participantId"]);
      audit.wrote(socialCase.participantId, ["socialCase"]);
      return socialCase;
    });
  }

  @FieldResolver(() => SocialWorkCentre, { nullable: true })
  centre(@Root() socialCase: SocialCase, @Ctx() { loaders }: CsdContext) {
    return loaders.centre.load(socialCase.centreId);
  }

  @FieldResolver(() => String, { nullable: true })
  complexSocialProblemsNote(@Root() socialCase: SocialCase) {
    return socialCase.note;
  }
}
