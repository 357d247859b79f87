/** Every participant id resolves; the fields decide, through permissions.ts, what anyone sees. */
export const participantReference = {
  __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
};
