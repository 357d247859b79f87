import { Entity } from "typeorm";
import { DirectoryEntryEntity } from "../../../shared/directory";

@Entity("services")
export class __Pascal__ServiceEntity extends DirectoryEntryEntity {}
