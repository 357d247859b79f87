import { Entity } from "typeorm";
import { DirectoryEntryEntity } from "../../../shared/directory";

@Entity("employment_offices")
export class EmploymentOfficeEntity extends DirectoryEntryEntity {}
