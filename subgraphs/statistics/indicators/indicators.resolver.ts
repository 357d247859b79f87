import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { forbidden } from "../../../shared/auth/rules";
import { todayInLjubljana } from "../../../shared/calendar";
import { ProgrammeType } from "../../../shared/enums";
import { badInput } from "../../../shared/errors";
import { NATIONAL, parsePeriod, parseRegion, partsOf } from "../../../shared/indicators/grid";
import type { Suppression } from "../../../shared/indicators/disclosure";
import type { StatisticsContext } from "../context";
import { AGE_GROUPS, ALL, GENDERS, GROUNDS, key, OUTCOMES, PROGRAMME_TYPES, STATUSES, yearCube, type YearCube } from "./cube";
import { gatherFacts } from "./facts";
import { IndicatorCell, IndicatorRate, Indicators, IndicatorSuppression, IndicatorValue } from "./indicators.type";
import { LABELS } from "./labels";
import { scopeOf, type IndicatorScope } from "./scope";

const SUPPRESSION: Record<Exclude<Suppression, null>, IndicatorSuppression> = {
  PRIMARY: IndicatorSuppression.FEWER_THAN_FIVE,
  SECONDARY: IndicatorSuppression.PROTECTS_ANOTHER_CELL,
};
const SHOWN: Record<IndicatorSuppression, string> = {
  FEWER_THAN_FIVE: "manj kot 5 / fewer than 5",
  PROTECTS_ANOTHER_CELL: "prikrito / withheld",
};

function value(cube: YearCube, cell: string): IndicatorValue {
  const { count, suppressed } = cube.table.get(cell);
  const reason = suppressed ? SUPPRESSION[suppressed] : null;
  return { count, suppressed: reason, shown: reason ? SHOWN[reason] : String(count) };
}

function rate(cube: YearCube, numerator: string, denominator: string, sum?: number): IndicatorRate {
  const shown = cube.table.shown(denominator) && (sum !== undefined || cube.table.shown(numerator));
  if (!shown) {
    const reason = cube.table.get(denominator).suppressed ?? cube.table.get(numerator).suppressed;
    return { value: null, suppressed: reason ? SUPPRESSION[reason] : IndicatorSuppression.PROTECTS_ANOTHER_CELL };
  }
  const total = cube.table.get(denominator).count!;
  return { value: total ? (sum ?? cube.table.get(numerator).count!) / total : 0, suppressed: null };
}

/** One period, place and programme type, read from the year's suppressed table. */
function indicatorsOf(cube: YearCube, period: string, region: string, programmeType: ProgrammeType | null, ownRunsOnly: boolean): Indicators {
  const type = programmeType ?? ALL;
  const at = (measure: string, category: string) => key(period, region, type, measure, category);
  const cells = (measure: string, categories: string[]) => categories.map((category) => ({ category, label: LABELS[category] ?? category, value: value(cube, at(measure, category)) }) satisfies IndicatorCell);
  return {
    period,
    region,
    programmeType,
    ownRunsOnly,
    participantsEntering: value(cube, at("ENTERED", ALL)),
    enteringByGender: cells("GENDER", GENDERS),
    enteringByAgeGroup: cells("AGE", AGE_GROUPS),
    enteringByLabourMarketStatus: [...cells("STATUS", ["UNEMPLOYED"]), ...cells("UNEMPLOYED", ["LONG_TERM_UNEMPLOYED"]), ...cells("STATUS", STATUSES.slice(1))],
    enteringByEligibilityGround: cells("GROUND", GROUNDS),
    enteringByProgrammeType: PROGRAMME_TYPES.map((each) => ({ category: each, label: LABELS[each] ?? each, value: value(cube, key(period, region, each, "ENTERED", ALL)) })),
    enteringFromMarginalisedCommunities: value(cube, at("ROMA", "YES")),
    participantsLeaving: value(cube, at("LEFT", ALL)),
    leavingByOutcome: cells("OUTCOME", OUTCOMES),
    completed: value(cube, at("COMPLETION", "COMPLETED")),
    leftEarly: value(cube, at("COMPLETION", "LEFT_EARLY")),
    completionRate: rate(cube, at("COMPLETION", "COMPLETED"), at("LEFT", ALL)),
    earlyLeavingRate: rate(cube, at("COMPLETION", "LEFT_EARLY"), at("LEFT", ALL)),
    averageAttendance: rate(cube, at("LEFT", ALL), at("LEFT", ALL), cube.attendance.get(`${period}|${region}|${type}`) ?? 0),
    inEmploymentSixMonthsAfterLeaving: value(cube, at("EMPLOYED_6M", "YES")),
  };
}

/**
 * One computation of a year's table serves every request of the next CUBE_SECONDS (red team: 30
 * aliases of `indicators` rebuilt it 30 times and slowed everyone's to 14 s). Keyed by the
 * population: everyone, or one provider's own runs. Only counts are kept, never the facts.
 */
const CUBE_SECONDS = 30;
const cubes = new Map<string, { until: number; cube: Promise<YearCube> }>();

function cubeFor(context: StatisticsContext, year: number, scope: IndicatorScope): Promise<YearCube> {
  const population = scope.ownRunsOnly ? `provider ${context.caller.unit}` : "all";
  const cacheKey = `${year}|${population}`;
  const now = Date.now();
  for (const [old, entry] of cubes) if (entry.until <= now) cubes.delete(old);
  const cached = cubes.get(cacheKey);
  if (cached) return cached.cube;
  const cube = gatherFacts(context.hub).then((facts) => yearCube(year, facts, todayInLjubljana()));
  cubes.set(cacheKey, { until: now + CUBE_SECONDS * 1000, cube });
  // A failed computation is not kept: the next request tries again.
  cube.catch(() => cubes.delete(cacheKey));
  return cube;
}

const SCOPE_RULE = "indicators/scope.ts (ACCESS.md: aggregate indicators)";

async function allowedScope(context: StatisticsContext, what: string): Promise<IndicatorScope> {
  const scope = await scopeOf(context.caller, context.hub);
  if (!scope) {
    context.audit.refusedAggregate(what, SCOPE_RULE);
    throw forbidden("indicators");
  }
  return scope;
}

/** The place asked for, within the caller's scope: a regional reader's null is their own region. A refusal is recorded. */
function placeIn(context: StatisticsContext, scope: IndicatorScope, region: string | null | undefined, what: (place: string) => string): string {
  const place = region === null || region === undefined ? scope.regions[0] : parseRegion(region);
  if (!scope.regions.includes(place)) {
    context.audit.refusedAggregate(what(place), SCOPE_RULE);
    throw forbidden(`indicators for ${place}`);
  }
  return place;
}

/**
 * The ESF+ indicators, computed on each request from live data of every agency (statistics holds
 * none): the agencies' pseudonymous facts joined (facts.ts), one year's grid counted and
 * suppressed (cube.ts), the cells asked for returned. Each reading is recorded in this subgraph's
 * access log, with no person in the record.
 */
@Resolver()
export class IndicatorsResolver {
  @Query(() => Indicators, {
    nullable: true,
    description:
      "ESF+ indicators of one period and place of the fixed grid (ACCESS.md, aggregate indicators: national for OVERSIGHT, own region for EMPLOYMENT, CSD and COORDINATION, own runs for a provider). No figure below 5 people is shown, nor one that would give such a figure back.",
  })
  async indicators(
    @Arg("period", () => String, { description: "A year (2026), a quarter (2026-Q3) or a month (2026-07)." }) period: string,
    @Arg("region", () => String, { nullable: true, description: "A statistical region; null for Slovenija (OVERSIGHT, providers) or your own region." }) region: string | null,
    @Arg("programmeType", () => ProgrammeType, { nullable: true, description: "One programme type; null for all." }) programmeType: ProgrammeType | null,
    @Ctx() context: StatisticsContext,
  ): Promise<Indicators> {
    const asked = parsePeriod(period);
    const describe = (place: string, ownRuns = false) => `indicators ${asked.key} ${place} ${programmeType ?? ALL}${ownRuns ? " own runs" : ""}`;
    const scope = await allowedScope(context, describe(region ?? NATIONAL));
    const place = placeIn(context, scope, region, describe);
    context.audit.readAggregate(describe(place, scope.ownRunsOnly));
    return indicatorsOf(await cubeFor(context, asked.year, scope), asked.key, place, programmeType, scope.ownRunsOnly);
  }

  @Query(() => [Indicators], {
    nullable: true,
    description:
      "A year and its four quarters (or, with `months: true`, its twelve months), for every place the caller may see (Slovenija and each region for OVERSIGHT): what the indicators page charts and exports.",
  })
  async indicatorSeries(
    @Arg("year", () => Int, { description: "The calendar year, 2000–2100." }) year: number,
    @Arg("months", () => Boolean, { nullable: true, description: "The year's months instead of its quarters." }) months: boolean | null,
    @Arg("programmeType", () => ProgrammeType, { nullable: true, description: "One programme type; null for all." }) programmeType: ProgrammeType | null,
    @Ctx() context: StatisticsContext,
  ): Promise<Indicators[]> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput("year", "must be a year 2000–2100");
    const describe = (place: string, ownRuns = false) => `indicatorSeries ${year}${months ? " months" : ""} ${place} ${programmeType ?? ALL}${ownRuns ? " own runs" : ""}`;
    const scope = await allowedScope(context, describe(NATIONAL));
    context.audit.readAggregate(describe(scope.regions.length > 1 ? NATIONAL : scope.regions[0], scope.ownRunsOnly));
    const cube = await cubeFor(context, year, scope);
    const whole = parsePeriod(String(year));
    const periods = [whole, ...(months ? partsOf(whole).flatMap(partsOf) : partsOf(whole))];
    return scope.regions.flatMap((place) => periods.map((period) => indicatorsOf(cube, period.key, place, programmeType, scope.ownRunsOnly)));
  }
}
