import { Directive, ObjectType } from "type-graphql";
import { DirectoryEntry } from "../../../shared/directory";

@Directive('@key(fields: "id")')
@ObjectType("SocialWorkCentre", { description: "A Centre for Social Work (center za socialno delo, CSD)." })
export class SocialWorkCentre extends DirectoryEntry {}
