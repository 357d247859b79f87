import { Directive, ObjectType } from "type-graphql";
import { DirectoryEntry } from "../../../shared/directory";

@Directive('@key(fields: "id")')
@ObjectType("__Pascal__Service", { description: "A service __Pascal__ offers to participants." })
export class __Pascal__Service extends DirectoryEntry {}
