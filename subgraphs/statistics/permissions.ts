import { accessLogRules, allow, isAgency } from "../../shared/auth/rules";
import { INDICATOR_READERS } from "../../shared/indicators/facts";

/**
 * Statistics' part of ACCESS.md: "aggregate indicators (no personal data): own region (EMPLOYMENT,
 * CSD, COORDINATION), own runs (PROVIDER), national (OVERSIGHT)". Who may ask at all is decided
 * here; which region or runs, in indicators/scope.ts. A partner's agency reads none.
 */
const readsIndicators = isAgency(...INDICATOR_READERS);

export const statisticsPermissions = {
  Query: {
    ...accessLogRules("statistics"),
    indicators: readsIndicators,
    indicatorSeries: readsIndicators,
  },
  Indicators: allow,
  IndicatorValue: allow,
  IndicatorCell: allow,
  IndicatorRate: allow,
  AccessRecord: allow,
  AccessRecordProof: allow,
};
