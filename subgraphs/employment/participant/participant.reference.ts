/**
 * Every participant id resolves: a person without a jobseeker record simply has none, which the
 * fields answer through the request's loader.
 */
export const participantReference = {
  __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
};
