import fs from "node:fs";
import { Supergraph } from "@apollo/federation-internals";
import { buildSchema as buildSdl, Kind, validate } from "graphql";
import { classificationProblems } from "../shared/classification";
import { buildFederatedSchema } from "../shared/subgraph";
import { SUBGRAPHS } from "../subgraphs";
import { breakingChanges, uncommittedBreakingChanges, unrecorded } from "../scripts/schema-changes";
import { SUPERGRAPH_PATH } from "../gateway";
import { composedFiles, composeSupergraph, composeWithGuild } from "../scripts/compose";
import { README_PATH, withGeneratedParts } from "../scripts/readme";
import { envName } from "../shared/config";
import { contractDocument, contractOperations, FIXTURE_PATH, fixtureFor, sharedContract, SHARED_CONTRACT_DIR, documentCopyFor, SHARED_DOCUMENTS } from "./support/contract";
import { classifiedFields, personalFields } from "./support/classified-fields";
import { ACCESS_POLICY } from "../shared/policy/access-policy";

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

  it("is described in README.md as subgraphs/index.ts lists it: every subgraph, its port, its database", () => {
    const readme = fs.readFileSync(README_PATH, "utf8");
    expect(readme).toEqual(withGeneratedParts(readme, SUBGRAPHS));
    for (const { name, defaultPort } of SUBGRAPHS) {
      expect(readme).toContain(`| \`${name}\` |`);
      expect(readme).toContain(`${name} :${defaultPort}]`);
      expect(readme).toContain(`${envName(name, "DATABASE_URL")}=`);
    }
    expect(readme).toContain(`${SUBGRAPHS.length} subgraphs;`);
  });

  it("serves the operations of the project's copy of the front-end contract (contract/operations.graphql) as written", () => {
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

/**
 * The contract itself lives beside the project (`../shared/contract/`), and a clone on its own has
 * none: there the fixture stands in for it and these checks are skipped, saying so.
 */
const contract = sharedContract();
if (contract === undefined) console.log(`Skipping the checks against the front-end contract: ${SHARED_CONTRACT_DIR} does not exist (the tests send the project's copy contract/operations.graphql)`);
const describeWithContract = contract === undefined ? describe.skip : describe;

describeWithContract(`the front-end contract beside the project (${contract === undefined ? `skipped: no ${SHARED_CONTRACT_DIR}` : SHARED_CONTRACT_DIR})`, () => {
  it("is served by the supergraph, every operation as written", () => {
    const document = contractDocument(contract);
    expect([...contractOperations(document).keys()].sort()).toEqual([...SERVED].sort());
    expect(validate(apiSchema(), document).map((error) => error.message)).toEqual([]);
  });

  it("equals the fixture the tests send, below its header (run npm run contract:sync when not)", () => {
    expect({ file: FIXTURE_PATH, text: fs.readFileSync(FIXTURE_PATH, "utf8") }).toEqual({ file: FIXTURE_PATH, text: fixtureFor(contract!) });
  });

  it("has its access policy and domain copied into docs/ for clones without ../shared (run npm run contract:sync when not)", () => {
    for (const document of SHARED_DOCUMENTS) {
      expect({ file: document.copy, text: fs.existsSync(document.copy) ? fs.readFileSync(document.copy, "utf8") : null }).toEqual({ file: document.copy, text: documentCopyFor(document.name, fs.readFileSync(document.shared, "utf8")) });
    }
  });
});

describe("composition by an independent implementation", () => {
  it("composes with The Guild's federation-composition too, and its API serves the contract", async () => {
    const guildApi = buildSdl(composeWithGuild(await composeSupergraph()));
    expect(validate(guildApi, contractDocument()).map((error) => error.message)).toEqual([]);
    expect(validate(apiSchema(), contractDocument()).map((error) => error.message)).toEqual([]);
  });
});

describe("data classification", () => {
  it("classifies every field of every subgraph, and every PERSONAL or SENSITIVE field has a rule", async () => {
    for (const definition of SUBGRAPHS) {
      const { schema } = await buildFederatedSchema(definition);
      expect(classificationProblems(definition.name, schema, definition.classification, definition.permissions)).toEqual([]);
    }
  });

  it("shows each field's classification in the schema documentation", () => {
    const csd = fs.readFileSync(SUPERGRAPH_PATH, "utf8");
    expect(csd).toMatch(/Financial social assistance \(DSP\) decisions\.\s+Data classification: SENSITIVE personal data \(GDPR Art\. 9\)\./);
  });

  const csd = SUBGRAPHS.find((definition) => definition.name === "csd")!;

  it("fails for an unclassified field, naming it and where to classify it", async () => {
    const { schema } = await buildFederatedSchema(csd);
    const { SocialCase: _removed, ...withoutSocialCase } = csd.classification;
    expect(classificationProblems("csd", schema, withoutSocialCase, csd.permissions)).toEqual([
      "csd: SocialCase.centre is not classified (add it to subgraphs/csd/classification.ts)",
      "csd: SocialCase.caseWorker is not classified (add it to subgraphs/csd/classification.ts)",
      "csd: SocialCase.complexSocialProblemsNote is not classified (add it to subgraphs/csd/classification.ts)",
    ]);
  });

  it("fails for a SENSITIVE field that no permission rule names", async () => {
    const { schema } = await buildFederatedSchema(csd);
    const { socialCase: _removed, ...participantRules } = csd.permissions.Participant as Record<string, unknown>;
    expect(classificationProblems("csd", schema, csd.classification, { ...csd.permissions, Participant: participantRules as never })).toEqual([
      "csd: Participant.socialCase is SENSITIVE but no rule in subgraphs/csd/permissions.ts names it",
    ]);
  });
});

describe("the access policy (shared/policy/access-policy.ts) covers the schema", () => {
  const groupsOf = (field: string) => Object.entries(ACCESS_POLICY).filter(([, group]) => group.fields.includes(field)).map(([name]) => name);

  it("puts every PERSONAL or SENSITIVE field of the supergraph in exactly one group", () => {
    const fields = personalFields();
    expect(fields.length).toBeGreaterThan(100);
    const uncovered = fields.filter((field) => groupsOf(field).length === 0);
    const twice = fields.filter((field) => groupsOf(field).length > 1).map((field) => `${field}: ${groupsOf(field).join(", ")}`);
    expect({ uncovered, twice }).toEqual({ uncovered: [], twice: [] });
  });

  it("names only fields that exist in the supergraph and are classified PERSONAL or SENSITIVE", () => {
    const classified = classifiedFields();
    const named = Object.values(ACCESS_POLICY).flatMap((group) => group.fields);
    expect(named.filter((field) => !classified.has(field))).toEqual([]);
    expect(named.filter((field) => classified.get(field) === "PUBLIC")).toEqual([]);
  });

  it("names each field once within its group, and gives derived values and filtered lists only for its own fields", () => {
    for (const [name, group] of Object.entries(ACCESS_POLICY)) {
      expect({ name, repeated: group.fields.filter((field, index) => group.fields.indexOf(field) !== index) }).toEqual({ name, repeated: [] });
      expect({ name, lists: (group.filteredLists ?? []).filter((field) => !group.fields.includes(field)) }).toEqual({ name, lists: [] });
      if (group.derived) expect(classifiedFields().has(group.derived.field)).toBe(true);
    }
  });

  it("keeps the groups for the hub's services only out of the public graph (@inaccessible)", () => {
    const api = apiSchema();
    const publicFields = Object.values(api.getTypeMap()).flatMap((type) => ("getFields" in type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : []));
    const machinery = Object.values(ACCESS_POLICY).filter((group) => group.servicesOnly).flatMap((group) => group.fields);
    expect(machinery.filter((field) => publicFields.includes(field))).toEqual([]);
  });

  it("fails for a personal field that no group names", () => {
    const sdl = `type Participant { """Data classification: SENSITIVE personal data (GDPR Art. 9).""" healthNote: String }`;
    expect(personalFields(sdl).filter((field) => !Object.values(ACCESS_POLICY).some((group) => group.fields.includes(field)))).toEqual(["Participant.healthNote"]);
  });
});

describe("breaking changes", () => {
  const before = `type Query { participant(id: ID!): Participant } type Participant { id: ID! region: String name: String }`;
  const after = `type Query { participant(id: ID!): Participant } type Participant { id: ID! name: String nickname: String }`;

  it("fails for a removed field unless schema/CHANGELOG.md records it", async () => {
    const changes = await breakingChanges("schema/example.graphql", before, after);
    expect(unrecorded(changes, "")).toEqual([
      "schema/example.graphql: Field 'region' was removed from object type 'Participant' — a breaking change; record `Participant.region` in schema/CHANGELOG.md with the reason and who was told",
    ]);
    expect(unrecorded(changes, "- `Participant.region` removed: replaced by the address service; front-ends told on 2026-11-27")).toEqual([]);
    // A longer path that begins with it records something else (`Query.providersAccessLog` is not `Query.providers`).
    expect(unrecorded(changes, "- `Participant.regionCode` removed; `Participant.region.code` too")).toHaveLength(1);
  });

  it("has no unrecorded breaking change against the last commit", async () => {
    expect(await uncommittedBreakingChanges(composedFiles(await composeSupergraph()))).toEqual([]);
  });
});
