import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { EmploymentContext } from "../context";
import { EmploymentOffice } from "../office/office.type";
import { JobseekerRecord } from "./jobseeker.type";

@Resolver(() => JobseekerRecord)
export class JobseekerRecordResolver {
  @FieldResolver(() => EmploymentOffice, { nullable: true })
  office(@Root() record: JobseekerRecord, @Ctx() { loaders }: EmploymentContext) {
    return loaders.office.load(record.officeId);
  }
}
