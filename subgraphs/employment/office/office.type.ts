import { Directive, ObjectType } from "type-graphql";
import { DirectoryEntry } from "../../../shared/directory";

@Directive('@key(fields: "id")')
@ObjectType("EmploymentOffice", { description: "A local office (Urad za delo) of the Employment Service of Slovenia." })
export class EmploymentOffice extends DirectoryEntry {}
