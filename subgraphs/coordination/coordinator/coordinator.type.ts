import { Directive, ObjectType } from "type-graphql";
import { DirectoryEntry } from "../../../shared/directory";

@Directive('@key(fields: "id")')
@ObjectType("Coordinator", { description: "A social activation coordinator (koordinator socialne aktivacije) and the region they serve." })
export class Coordinator extends DirectoryEntry {}
