import { Entity } from "typeorm";
import { DirectoryEntryEntity } from "../../../shared/directory";

@Entity("social_work_centres")
export class SocialWorkCentreEntity extends DirectoryEntryEntity {}
