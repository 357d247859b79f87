/** Every participant id resolves; a person never referred simply has no referrals or enrolments. */
export const participantReference = {
  __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
};
