import { Entity } from "typeorm";
import { DirectoryEntryEntity } from "../../../shared/directory";

@Entity("providers")
export class ProviderEntity extends DirectoryEntryEntity {}
