import type { CoordinationContext } from "../context";
import type { Participant } from "./participant.type";

/**
 * The gateway sends the other agencies' facts that `eligibility` requires along with the key; they
 * are laid over the row so the field sees the live values, never a stored copy.
 */
export const participantReference = {
  async __resolveReference(reference: Partial<Participant> & { id: string }, { loaders }: CoordinationContext) {
    const row = await loaders.participant.load(reference.id);
    return row ? { ...row, ...reference } : null;
  },
};
