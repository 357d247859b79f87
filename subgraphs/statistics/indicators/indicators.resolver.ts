import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { forbidden } from "../../../shared/auth/rules";
import { todayInLjubljana } from "../../../shared/calendar";
import { ProgrammeType } from "../../../shared/enums";
import { badInput, ErrorCode, refused } from "../../../shared/errors";
import { NATIONAL, parsePeriod, parseRegion, partsOf } from "../../../shared/indicators/grid";
import type { Suppression } from "../../../shared/indicators/disclosure";
import type { StatisticsContext } from "../context";
import { AGE_GROUPS, ALL, GENDERS, GROUNDS, key, OUTCOMES, PROGRAMME_TYPES, STATUSES, type ReleasedCell } from "./cube";
import { gatherFacts } from "./facts";
import { IndicatorCell, IndicatorRate, Indicators, IndicatorSuppression, IndicatorValue } from "./indicators.type";
import { LABELS } from "./labels";
import { lastReleasedQuarter, quarterReleasing, RECORDING_DAYS, releaseDay } from "../../../shared/indicators/release-calendar";
import { ReleaseStore } from "./releases";
import { scopeOf, type IndicatorScope } from "./scope";

const SUPPRESSION: Record<Exclude<Suppression, null>, IndicatorSuppression> = {
  PRIMARY: IndicatorSuppression.FEWER_THAN_FIVE,
  SECONDARY: IndicatorSuppression.PROTECTS_ANOTHER_CELL,
};
const SHOWN: Record<IndicatorSuppression, string> = {
  FEWER_THAN_FIVE: "manj kot 5 / fewer than 5",
  PROTECTS_ANOTHER_CELL: "prikrito / withheld",
};

/** What answers read: the cells of a year's releases so far. */
interface Released {
  cells: Map<string, ReleasedCell>;
  attendance: Map<string, number>;
}

function cellOf(view: Released, cell: string): ReleasedCell {
  const found = view.cells.get(cell);
  if (!found || !found.published) throw new Error(`no released cell ${cell}`);
  return found;
}

function value(view: Released, cell: string): IndicatorValue {
  const { value: count, suppressed } = cellOf(view, cell);
  const reason = suppressed ? SUPPRESSION[suppressed] : null;
  return { count: reason ? null : count, suppressed: reason, shown: reason ? SHOWN[reason] : String(count) };
}

function rate(view: Released, numerator: string, denominator: string, sum?: number): IndicatorRate {
  const total = cellOf(view, denominator);
  const part = cellOf(view, numerator);
  if (total.suppressed || (sum === undefined && part.suppressed)) {
    const reason = total.suppressed ?? part.suppressed;
    return { value: null, suppressed: reason ? SUPPRESSION[reason] : IndicatorSuppression.PROTECTS_ANOTHER_CELL };
  }
  return { value: total.value ? (sum ?? part.value) / total.value : 0, suppressed: null };
}

/** Average attendance is published to the nearest ATTENDANCE_STEP (10 percentage points). */
export const ATTENDANCE_STEP = 0.1;

/**
 * Average attendance, rounded to ATTENDANCE_STEP (third red team: all types' average over 6
 * leavers less the general type's over 5 gave one woman's attendance exactly, 0.725; the counts
 * were shown, so no suppression withheld it). Rounded, such a difference is 6·r₁ − 5·r₂ ± 0.55:
 * nothing about one person, while a rate over many leavers keeps its meaning.
 */
function roundedAttendance(rate: IndicatorRate): IndicatorRate {
  return rate.value === null ? rate : { ...rate, value: Math.round(rate.value / ATTENDANCE_STEP) * ATTENDANCE_STEP };
}

/** One period, place and programme type, read from the year's releases. */
function indicatorsOf(view: Released, period: string, region: string, programmeType: ProgrammeType | null, ownRunsOnly: boolean): Indicators {
  const type = programmeType ?? ALL;
  const at = (measure: string, category: string) => key(period, region, type, measure, category);
  const cells = (measure: string, categories: string[]) => categories.map((category) => ({ category, label: LABELS[category] ?? category, value: value(view, at(measure, category)) }) satisfies IndicatorCell);
  return {
    period,
    region,
    programmeType,
    ownRunsOnly,
    participantsEntering: value(view, at("ENTERED", ALL)),
    enteringByGender: cells("GENDER", GENDERS),
    enteringByAgeGroup: cells("AGE", AGE_GROUPS),
    enteringByLabourMarketStatus: [...cells("STATUS", ["UNEMPLOYED"]), ...cells("UNEMPLOYED", ["LONG_TERM_UNEMPLOYED"]), ...cells("STATUS", STATUSES.slice(1))],
    enteringByEligibilityGround: cells("GROUND", GROUNDS),
    enteringByProgrammeType: PROGRAMME_TYPES.map((each) => ({ category: each, label: LABELS[each] ?? each, value: value(view, key(period, region, each, "ENTERED", ALL)) })),
    enteringFromMarginalisedCommunities: value(view, at("ROMA", "YES")),
    participantsLeaving: value(view, at("LEFT", ALL)),
    leavingByOutcome: cells("OUTCOME", OUTCOMES),
    completed: value(view, at("COMPLETION", "COMPLETED")),
    leftEarly: value(view, at("COMPLETION", "LEFT_EARLY")),
    completionRate: rate(view, at("COMPLETION", "COMPLETED"), at("LEFT", ALL)),
    earlyLeavingRate: rate(view, at("COMPLETION", "LEFT_EARLY"), at("LEFT", ALL)),
    averageAttendance: roundedAttendance(rate(view, at("LEFT", ALL), at("LEFT", ALL), view.attendance.get(`${period}|${region}|${type}`) ?? 0)),
    inEmploymentSixMonthsAfterLeaving: value(view, at("EMPLOYED_6M", "YES")),
  };
}

/** The first year with indicators: the programme's data begin later (shared/indicators/grid.ts allows 2000–2100 for its grid). */
export const FIRST_INDICATOR_YEAR = 2020;

const stores = new WeakMap<object, ReleaseStore>();
/** Releases being computed, so that requests arriving together (30 aliases) wait for one computation (red team: 30 slowed everyone to 14 s). */
const computing = new Map<string, Promise<Released>>();

/**
 * Every release of `year` so far for the caller's population (everyone, or one provider's runs):
 * the quarters that have ended, computed at most once each, and once for requests arriving together.
 */
function releasedFor(context: StatisticsContext, year: number, scope: IndicatorScope): Promise<Released> {
  const population = scope.ownRunsOnly ? `provider ${context.caller.unit}` : "all";
  const quarter = lastReleasedQuarter(year, todayInLjubljana());
  const pendingKey = `${year}|${quarter}|${population}`;
  const pending = computing.get(pendingKey);
  if (pending) return pending;
  let store = stores.get(context.db);
  if (!store) stores.set(context.db, (store = new ReleaseStore(context.db)));
  const view = store.releasesUpTo(year, quarter, population, () => gatherFacts(context.hub), todayInLjubljana()).then((releases) => ({
    cells: new Map(releases.flatMap((release) => [...release.cells])),
    attendance: new Map(releases.flatMap((release) => [...release.attendance])),
  }));
  computing.set(pendingKey, view);
  void view.finally(() => computing.delete(pendingKey)).catch(() => {});
  return view;
}

/** How long a client is asked to wait before asking again for a release being prepared, in seconds. */
export const RETRY_PREPARATION_SECONDS = 15;
/** What is kept of a request's budget to send the answer in, in ms (a busy machine took more than one second). */
const ANSWER_MARGIN_MS = 3000;

/**
 * A release, waited for while the request's time budget lasts (less ANSWER_MARGIN_MS to answer in). A
 * release takes seconds to minutes to compute the first time (the exact audit, in a worker thread);
 * past the budget the answer says it is being prepared and when to ask again, and the computation
 * goes on and is stored for everyone.
 * @throws INDICATORS_IN_PREPARATION with `retryAfterSeconds` when the budget runs out first.
 */
async function whenPrepared<T>(view: Promise<T>, context: StatisticsContext, year: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          refused(
            ErrorCode.INDICATORS_IN_PREPARATION,
            `The indicators of ${year} are being prepared: a quarter's figures are computed once, the first time they are asked for after the quarter ends, and that takes up to a few minutes. Ask again in ${RETRY_PREPARATION_SECONDS} seconds.`,
            { retryAfterSeconds: RETRY_PREPARATION_SECONDS },
          ),
        ),
      Math.max(0, context.deadline.remainingMs() - ANSWER_MARGIN_MS),
    );
  });
  try {
    return await Promise.race([view, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Indicator fields (indicators, indicatorSeries) one request may ask for: each answers up to 221 rows of a year's grid. */
export const MAX_INDICATOR_FIELDS = 4;
const asked = new WeakMap<object, number>();

/**
 * Counts an indicator field against its request (third red team: 26 aliases of indicatorSeries
 * passed the gateway's cost limit, built a 17 MB answer and, twice at once, ran the statistics
 * service out of memory).
 * @throws OPERATION_LIMIT_EXCEEDED past MAX_INDICATOR_FIELDS in one request.
 */
function countField(context: StatisticsContext): void {
  const count = (asked.get(context) ?? 0) + 1;
  asked.set(context, count);
  if (count > MAX_INDICATOR_FIELDS) {
    throw refused(ErrorCode.OPERATION_LIMIT_EXCEEDED, `At most ${MAX_INDICATOR_FIELDS} indicator fields (indicators, indicatorSeries) per request; ask for the others in another request`, { limit: "indicatorFields", value: MAX_INDICATOR_FIELDS });
  }
}

/** @throws BAD_USER_INPUT naming `field` for a year outside FIRST_INDICATOR_YEAR – this year. */
function checkYear(year: number, field: string): void {
  const current = Number(todayInLjubljana().slice(0, 4));
  if (year < FIRST_INDICATOR_YEAR || year > current) throw badInput(field, `indicators are kept from ${FIRST_INDICATOR_YEAR} to this year (${current})`);
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
      "ESF+ indicators of one period and place of the fixed grid (ACCESS.md, aggregate indicators: national for OVERSIGHT, own region for EMPLOYMENT, CSD and COORDINATION, own runs for a provider). Released a quarter at a time once it has ended, and kept as released. No figure below 5 people is shown, nor one that would give such a figure back.",
  })
  async indicators(
    @Arg("period", () => String, { description: "A year (2025), a quarter (2026-Q3) or a month (2026-07), released: its quarter (for a year, its fourth) has ended." }) period: string,
    @Arg("region", () => String, { nullable: true, description: "A statistical region; null for Slovenija (OVERSIGHT, providers) or your own region." }) region: string | null,
    @Arg("programmeType", () => ProgrammeType, { nullable: true, description: "One programme type; null for all." }) programmeType: ProgrammeType | null,
    @Ctx() context: StatisticsContext,
  ): Promise<Indicators> {
    countField(context);
    const asked = parsePeriod(period);
    checkYear(asked.year, "period");
    const describe = (place: string, ownRuns = false) => `indicators ${asked.key} ${place} ${programmeType ?? ALL}${ownRuns ? " own runs" : ""}`;
    const scope = await allowedScope(context, describe(region ?? NATIONAL));
    const place = placeIn(context, scope, region, describe);
    const quarter = quarterReleasing(asked);
    if (releaseDay(asked.year, quarter) > todayInLjubljana()) {
      throw badInput("period", `${asked.key} is not released yet: a quarter's figures are released ${RECORDING_DAYS} days after it ends (its last entries and exits are recorded by then), a year's with its fourth quarter (${asked.key}: from ${releaseDay(asked.year, quarter)})`);
    }
    context.audit.readAggregate(describe(place, scope.ownRunsOnly));
    return indicatorsOf(await whenPrepared(releasedFor(context, asked.year, scope), context, asked.year), asked.key, place, programmeType, scope.ownRunsOnly);
  }

  @Query(() => [Indicators], {
    nullable: true,
    description:
      "A year's released figures: the quarters that have ended (or, with `months: true`, their months), and the year once its fourth quarter has, for every place the caller may see (Slovenija and each region for OVERSIGHT): what the indicators page charts and exports.",
  })
  async indicatorSeries(
    @Arg("year", () => Int, { description: "The calendar year, 2020 to this year." }) year: number,
    @Arg("months", () => Boolean, { nullable: true, description: "The year's months instead of its quarters." }) months: boolean | null,
    @Arg("programmeType", () => ProgrammeType, { nullable: true, description: "One programme type; null for all." }) programmeType: ProgrammeType | null,
    @Ctx() context: StatisticsContext,
  ): Promise<Indicators[]> {
    countField(context);
    checkYear(year, "year");
    const describe = (place: string, ownRuns = false) => `indicatorSeries ${year}${months ? " months" : ""} ${place} ${programmeType ?? ALL}${ownRuns ? " own runs" : ""}`;
    const scope = await allowedScope(context, describe(NATIONAL));
    context.audit.readAggregate(describe(scope.regions.length > 1 ? NATIONAL : scope.regions[0], scope.ownRunsOnly));
    // Only what is released: the quarters that have ended, and the year once its fourth has.
    const quarter = lastReleasedQuarter(year, todayInLjubljana());
    if (quarter === 0) return [];
    const view = await whenPrepared(releasedFor(context, year, scope), context, year);
    const whole = parsePeriod(String(year));
    const quarters = partsOf(whole).slice(0, quarter);
    const periods = [...(quarter === 4 ? [whole] : []), ...(months ? quarters.flatMap(partsOf) : quarters)];
    return scope.regions.flatMap((place) => periods.map((period) => indicatorsOf(view, period.key, place, programmeType, scope.ownRunsOnly)));
  }
}
