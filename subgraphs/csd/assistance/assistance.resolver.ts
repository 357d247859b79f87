import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { isUniqueViolation } from "../../../shared/database";
import { badInput } from "../../../shared/errors";
import { requireRegisteredParticipant } from "../../../shared/existence";
import { DAY_BOUNDS, requireDayWithin, requireDecisionEnd } from "../../../shared/plausibility";
import { requireId } from "../../../shared/validation";
import { requireLine } from "../../../shared/text";
import { requireCentre } from "../centre/centre.guard";
import type { CsdContext } from "../context";
import { AssistanceDecisionEntity } from "./assistance-decision.entity";
import { AssistanceDecisionInput } from "./assistance.input";
import { AssistanceDecision } from "./assistance.type";

const MAX_MONTHLY_AMOUNT = 10000;

@Resolver(() => AssistanceDecision)
export class AssistanceDecisionResolver {
  @Mutation(() => AssistanceDecision, { description: "Records a CSD decision on financial social assistance (DSP)." })
  async recordAssistanceDecision(
    @Arg("input", () => AssistanceDecisionInput) input: AssistanceDecisionInput,
    @Ctx() { db, loaders, audit }: CsdContext,
  ): Promise<AssistanceDecisionEntity> {
    const decision: AssistanceDecisionEntity = {
      id: randomUUID(),
      participantId: requireId("input.participantId", input.participantId),
      centreId: requireId("input.centreId", input.centreId),
      number: requireLine("input.number", input.number, 50),
      validFrom: requireDayWithin("input.validFrom", input.validFrom, DAY_BOUNDS.decisionStart),
      validTo: requireDecisionEnd("input.validTo", input.validFrom, input.validTo),
      monthlyAmount: input.monthlyAmount,
    };
    const cents = decision.monthlyAmount * 100;
    if (!(decision.monthlyAmount > 0) || decision.monthlyAmount > MAX_MONTHLY_AMOUNT || Math.abs(cents - Math.round(cents)) > 1e-6) {
      throw badInput("input.monthlyAmount", `must be more than 0 and at most ${MAX_MONTHLY_AMOUNT} euros, in whole cents`);
    }
    await requireRegisteredParticipant(loaders.caseTeam, decision.participantId);
    return auditedTransaction({ db, audit }, async (manager) => {
      await requireCentre(manager, decision.centreId, "input.centreId");
      try {
        await manager.getRepository(AssistanceDecisionEntity).insert(decision);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw badInput("input.number", `your centre has already recorded decision ${decision.number}`);
        }
        throw error;
      }
      audit.wrote(decision.participantId, ["socialAssistance"]);
      return decision;
    });
  }
}
