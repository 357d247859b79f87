import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { todayInLjubljana, type IsoDate } from "../../../shared/calendar";
import { badInput, ErrorCode, refused } from "../../../shared/errors";
import { ACCEPTED_DAYS, DAY_BOUNDS, requireDayWithin } from "../../../shared/plausibility";
import { LIST_BOUND, requireId, requireListSize } from "../../../shared/validation";
import { ProgrammeEntity } from "../programme/programme.entity";
import { ScheduleRunInput } from "./run.input";
import { ProgrammePhase, ProgrammeType } from "../../../shared/enums";
import { DateScalar } from "../../../shared/scalars";
import { visibleJourneyRecords } from "../access";
import type { ProvidersContext } from "../context";
import { Enrolment } from "../enrolment/enrolment.type";
import { Programme } from "../programme/programme.type";
import { ProgrammeRunEntity } from "./run.entity";
import { phaseOn, runEndDate, runSchedule } from "./run-schedule";
import { ProgrammeRun, SchedulePhase } from "./run.type";

const MIN_CAPACITY = 1;
const MAX_CAPACITY = 50;

@Resolver(() => ProgrammeRun)
export class ProgrammeRunResolver {
  @Mutation(() => ProgrammeRun, { description: "Schedules a new 8-month run of a programme; its phases follow from the start date." })
  async scheduleProgrammeRun(
    @Arg("input", () => ScheduleRunInput) input: ScheduleRunInput,
    @Ctx() { db }: ProvidersContext,
  ): Promise<ProgrammeRunEntity> {
    requireId("input.programmeId", input.programmeId);
    requireDayWithin("input.startDate", input.startDate, DAY_BOUNDS.runStart);
    if (!Number.isInteger(input.capacity) || input.capacity < MIN_CAPACITY || input.capacity > MAX_CAPACITY) {
      throw badInput("input.capacity", `must be between ${MIN_CAPACITY} and ${MAX_CAPACITY} places`);
    }
    return db.transaction(async (manager) => {
      if (!(await manager.getRepository(ProgrammeEntity).existsBy({ id: input.programmeId }))) {
        throw refused(ErrorCode.NOT_FOUND, `No programme has id ${input.programmeId}`, { field: "input.programmeId" });
      }
      const run: ProgrammeRunEntity = {
        id: randomUUID(),
        programmeId: input.programmeId,
        startDate: input.startDate,
        endDate: runEndDate(input.startDate),
        capacity: input.capacity,
      };
      await manager.getRepository(ProgrammeRunEntity).insert(run);
      return run;
    });
  }

  @Query(() => ProgrammeRun, { nullable: true, description: "One programme run by id; null when there is none." })
  programmeRun(@Arg("id", () => ID) id: string, @Ctx() { loaders }: ProvidersContext) {
    return loaders.run.load(id);
  }

  @Query(() => [ProgrammeRun], {
    description: "Runs still open for referral (not yet in FOLLOW_UP today), soonest start first.",
  })
  programmeRuns(
    @Arg("type", () => ProgrammeType, { nullable: true, description: "Only programmes of this type." }) type: ProgrammeType | null,
    @Arg("region", () => String, { nullable: true, description: "Only programmes in this region." }) region: string | null,
    @Arg("startsAfter", () => DateScalar, { nullable: true, description: `Only runs starting after this day (${ACCEPTED_DAYS.first} to ${ACCEPTED_DAYS.last}, like every Date).` }) startsAfter: IsoDate | null,
    @Arg("first", () => Int, { defaultValue: LIST_BOUND.default, description: `At most this many runs (1–${LIST_BOUND.max}).` }) first: number,
    @Ctx() { db }: ProvidersContext,
  ): Promise<ProgrammeRunEntity[]> {
    const limit = requireListSize(first);
    // PostgreSQL's month arithmetic clamps to the month's end exactly as the run schedule does.
    const query = db
      .getRepository(ProgrammeRunEntity)
      .createQueryBuilder("run")
      .innerJoin("programmes", "programme", "programme.id = run.programme_id")
      .where("(run.start_date + interval '7 months')::date > :today", { today: todayInLjubljana() });
    if (type) query.andWhere("programme.type = :type", { type });
    if (region) query.andWhere("programme.region = :region", { region });
    if (startsAfter) query.andWhere("run.start_date > :startsAfter", { startsAfter });
    return query.orderBy("run.start_date").addOrderBy("run.id").limit(limit).getMany();
  }

  @FieldResolver(() => ProgrammePhase, { description: "The run's phase on a day (default: today in Europe/Ljubljana)." })
  phase(
    @Root() run: ProgrammeRun,
    @Arg("on", () => DateScalar, { nullable: true, description: `The day (${ACCEPTED_DAYS.first} to ${ACCEPTED_DAYS.last}, like every Date); today when omitted.` }) on: IsoDate | null,
  ): ProgrammePhase {
    return phaseOn(run.startDate, on ?? todayInLjubljana());
  }

  @FieldResolver(() => [SchedulePhase], { description: "The three phases with their first and last days." })
  schedule(@Root() run: ProgrammeRun): SchedulePhase[] {
    return runSchedule(run.startDate);
  }

  @FieldResolver(() => Int, { description: "Places not yet taken (capacity minus enrolments that did not end early)." })
  async freePlaces(@Root() run: ProgrammeRun, @Ctx() { loaders }: ProvidersContext) {
    const taken = (await loaders.occupancy.load(run.id))?.taken ?? 0;
    return Math.max(run.capacity - taken, 0);
  }

  @FieldResolver(() => Programme, { nullable: true, description: "The programme this is a run of." })
  programme(@Root() run: ProgrammeRun, @Ctx() { loaders }: ProvidersContext) {
    return loaders.programme.load(run.programmeId);
  }

  @FieldResolver(() => [Enrolment], { nullable: true, description: "The run's roster." })
  async enrolments(@Root() run: ProgrammeRun, @Ctx() context: ProvidersContext) {
    return visibleJourneyRecords(context, await context.loaders.enrolmentsByRun.load(run.id));
  }
}
