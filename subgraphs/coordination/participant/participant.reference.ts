import type { CoordinationContext } from "../context";
import type { Participant } from "./participant.type";
import { isInCaseTeam } from "./case-team";

/**
 * The gateway sends the other agencies' facts that `eligibility` requires along with the key; they
 * are laid over the row so the field sees the live values, never a stored copy.
 */
export const participantReference = {
  async __resolveReference(reference: Partial<Participant> & { id: string }, context: CoordinationContext) {
    const row = await context.loaders.participant.load(reference.id);
    // Outside the case team, nothing personal: not even that the person exists here.
    return row && (await isInCaseTeam(context, row)) ? { ...row, ...reference } : null;
  },
};
