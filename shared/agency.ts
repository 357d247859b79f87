/**
 * The actors a user works for, on its own without type-graphql, so that what needs only the
 * agencies (the development issuer behind `npm run token`) starts without loading the schema code;
 * shared/enums.ts registers it as a GraphQL enum.
 */
export enum Agency {
  EMPLOYMENT = "EMPLOYMENT",
  CSD = "CSD",
  COORDINATION = "COORDINATION",
  PROVIDER = "PROVIDER",
  OVERSIGHT = "OVERSIGHT",
}
