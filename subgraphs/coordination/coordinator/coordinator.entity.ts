import { Entity } from "typeorm";
import { DirectoryEntryEntity } from "../../../shared/directory";

@Entity("coordinators")
export class CoordinatorEntity extends DirectoryEntryEntity {}
