import { Directive, ObjectType } from "type-graphql";
import { DirectoryEntry } from "../../../shared/directory";

@Directive('@key(fields: "id")')
@ObjectType("Provider", { description: "An organisation that runs social activation programmes (izvajalec programa)." })
export class Provider extends DirectoryEntry {}
