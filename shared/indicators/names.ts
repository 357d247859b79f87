/**
 * Names shared by the indicators' machinery without its GraphQL types (scripts such as
 * scripts/kubernetes.ts read them without type-graphql): who may read indicators, and the name of
 * an agency's facts field.
 */

/** The agencies whose users may read aggregate indicators (ACCESS.md, "aggregate indicators"). */
export const INDICATOR_READERS = ["OVERSIGHT", "EMPLOYMENT", "CSD", "COORDINATION", "PROVIDER"];

/** The name of an agency's facts field, e.g. `employmentIndicatorFacts`. */
export const indicatorFactsField = (subgraph: string) => `${subgraph.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}IndicatorFacts`;
