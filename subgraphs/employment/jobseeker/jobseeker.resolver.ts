import { auditedTransaction } from "../../../shared/audit/transaction";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { ErrorCode, refused } from "../../../shared/errors";
import { requireRegisteredParticipant } from "../../../shared/existence";
import { DAY_BOUNDS, requireDayWithin } from "../../../shared/plausibility";
import { requireId } from "../../../shared/validation";
import { optionalNote } from "../../../shared/text";
import type { EmploymentContext } from "../context";
import { EmploymentOfficeEntity } from "../office/office.entity";
import { EmploymentOffice } from "../office/office.type";
import { JobseekerRecordEntity } from "./jobseeker.entity";
import { RegisterJobseekerInput } from "./jobseeker.input";
import { JobseekerRecord } from "./jobseeker.type";

@Resolver(() => JobseekerRecord)
export class JobseekerRecordResolver {
  @Mutation(() => JobseekerRecord, { description: "Records the person's register entry at an office; a repeat replaces it." })
  async registerJobseeker(
    @Arg("input", () => RegisterJobseekerInput) input: RegisterJobseekerInput,
    @Ctx() { db, loaders, audit }: EmploymentContext,
  ): Promise<JobseekerRecordEntity> {
    const record: JobseekerRecordEntity = {
      participantId: requireId("input.participantId", input.participantId),
      officeId: requireId("input.officeId", input.officeId),
      status: input.status,
      registeredOn: requireDayWithin("input.registeredOn", input.registeredOn, DAY_BOUNDS.registerEntry),
      employmentPlan: optionalNote("input.employmentPlan", input.employmentPlan),
    };
    await requireRegisteredParticipant(loaders.caseTeam, record.participantId);
    return auditedTransaction({ db, audit }, async (manager) => {
      if (!(await manager.getRepository(EmploymentOfficeEntity).existsBy({ id: record.officeId }))) {
        throw refused(ErrorCode.NOT_FOUND, `No Urad za delo office has id ${record.officeId}`, { field: "input.officeId" });
      }
      await manager.getRepository(JobseekerRecordEntity).upsert(record, ["participantId"]);
      audit.wrote(record.participantId, ["jobseeker"]);
      return record;
    });
  }

  @FieldResolver(() => EmploymentOffice, { nullable: true })
  office(@Root() record: JobseekerRecord, @Ctx() { loaders }: EmploymentContext) {
    return loaders.office.load(record.officeId);
  }
}
