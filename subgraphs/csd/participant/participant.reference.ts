/** Every participant id resolves; a person the CSD does not know simply has no case and no decisions. */
export const participantReference = {
  __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
};
