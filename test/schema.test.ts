import fs from "node:fs";
import { Supergraph } from "@apollo/federation-internals";
import { Kind, validate } from "graphql";
import { SUPERGRAPH_PATH } from "../gateway";
import { composedFiles, composeSupergraph } from "../scripts/compose";
import { contractDocument, contractOperations } from "./support/contract";

/** Every operation of the contract. */
const SERVED = [
  "Directory", "ParticipantView", "Caseload", "RunRoster", "OpenRuns", "AccessLog",
  "RegisterCandidate", "RecordConsent", "RegisterJobseeker", "RecordAssistanceDecision", "AssessSocialCase",
  "ScheduleRun", "ReferToProgramme", "Enrol", "RecordAttendance", "RecordExit", "RecordTeamMeeting",
];

const apiSchema = () => Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, "utf8")).apiSchema().toGraphQLJSSchema();

describe("the committed schema", () => {
  it("is what npm run compose produces from the subgraphs today (not stale)", async () => {
    const files = composedFiles(await composeSupergraph());
    for (const [file, content] of files) {
      expect({ file, content: fs.readFileSync(file, "utf8") }).toEqual({ file, content });
    }
  });

  it("serves the operations of the front-end contract as written", () => {
    const reads = contractDocument().definitions.filter(
      (definition) => definition.kind === "OperationDefinition" && SERVED.includes(definition.name?.value ?? ""),
    );
    expect(reads).toHaveLength(SERVED.length);
    const errors = validate(apiSchema(), { kind: Kind.DOCUMENT, definitions: reads });
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it("has a description on every type and field it exposes", () => {
    const schema = apiSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["Query", "Mutation", "String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ("getFields" in type) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("finds every contract operation by name", () => {
    expect([...contractOperations().keys()]).toEqual(
      expect.arrayContaining(["Directory", "ParticipantView", "Caseload", "RunRoster", "OpenRuns", "AccessLog"]),
    );
  });
});
