import fs from "node:fs";
import { Supergraph } from "@apollo/federation-internals";
import { buildSchema, getNamedType, isObjectType, Kind, parse, type FieldNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { SUPERGRAPH_PATH } from "..";
import { knownOperationNames, PARTICIPANT_REPORT_OPERATION } from "../../shared/operation-names";
import { SUBGRAPHS } from "../../subgraphs";
import { renderParticipantReport, REPORT_CSP, REPORT_STYLE, REPORT_STYLE_HASH, type AccessRecordView } from "./participant-report.html";
import { REPORT_SECTIONS } from "./participant-report.labels";
import { PARTICIPANT_REPORT_QUERY, participantReportOperation, proofSelection, REPORT_LEAVES_OUT } from "./participant-report.operation";

/**
 * The participant's report without a hub: its operation asks everything the supergraph offers of a
 * participant and nothing of anyone else, its sections follow the subgraphs that own each field,
 * the proofs are asked and rendered once AccessRecord has them, and every value is escaped.
 * test/participant-report.e2e.test.ts runs it through a whole hub.
 */
const supergraphSdl = fs.readFileSync(SUPERGRAPH_PATH, "utf8");
const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

const participantSelection = (query: string): SelectionSetNode => {
  const operation = parse(query).definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error("not an operation");
  const participant = operation.selectionSet.selections.find((selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.name.value === "participant")!;
  return participant.selectionSet!;
};
const fieldNames = (selectionSet: SelectionSetNode) => selectionSet.selections.filter((selection): selection is FieldNode => selection.kind === Kind.FIELD).map((field) => field.name.value);

describe("the ParticipantReport operation", () => {
  it("is one of the names the hub keeps in its logs", () => {
    expect(knownOperationNames().has(PARTICIPANT_REPORT_OPERATION)).toBe(true);
    expect(PARTICIPANT_REPORT_QUERY).toContain(`query ${PARTICIPANT_REPORT_OPERATION}(`);
  });

  it("asks every field the supergraph offers of Participant, and of the objects under them every field but those left out on purpose", () => {
    const missing: string[] = [];
    const visit = (typeName: string, selectionSet: SelectionSetNode, schema: GraphQLSchema) => {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) return;
      const asked = new Map(selectionSet.selections.filter((selection): selection is FieldNode => selection.kind === Kind.FIELD).map((field) => [field.name.value, field]));
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${typeName}.${field.name}`;
        const node = asked.get(field.name);
        // Runs, programmes, providers, offers and units are the directory's: the report asks what names them.
        const directory = ["ProgrammeRun", "Programme", "Provider", "CommunityOffer", "EmploymentOffice", "SocialWorkCentre", "Coordinator"].includes(typeName);
        if (!node) {
          if (!directory && !(coordinate in REPORT_LEAVES_OUT)) missing.push(coordinate);
          continue;
        }
        const named = getNamedType(field.type);
        if (node.selectionSet && isObjectType(named)) visit(named.name, node.selectionSet, schema);
      }
    };
    visit("Participant", participantSelection(PARTICIPANT_REPORT_QUERY), apiSchema);
    expect(missing).toEqual([]);
  });

  it("sets each Participant field in the section of the agency whose subgraph owns it, each once", () => {
    const ownerOfGraph = new Map(SUBGRAPHS.map((definition) => [definition.name.toUpperCase().replace(/-/g, "_"), definition.owner]));
    const block = /type Participant\b[^{]*\{([\s\S]*?)\n\}/.exec(supergraphSdl)![1];
    const owners = new Map<string, string>();
    for (const [, field, directives] of block.matchAll(/^\s{2}(\w+)(?:\([^)]*\))?:[^\n@]*((?:@join__field\([^)]*\)\s*)*)$/gm)) {
      const owning = [...directives.matchAll(/@join__field\(graph: (\w+)(, [^)]*)?\)/g)].find(([, , options]) => !options?.includes("external: true"));
      if (owning) owners.set(field, ownerOfGraph.get(owning[1])!);
    }
    const sectioned = REPORT_SECTIONS.flatMap((section) => Object.keys(section.fields).map((field) => [field, section.agency]));
    expect(new Set(sectioned.map(([field]) => field)).size).toBe(sectioned.length);
    expect(Object.fromEntries(sectioned)).toEqual(Object.fromEntries([...owners].filter(([field]) => field !== "id")));
    expect(fieldNames(participantSelection(PARTICIPANT_REPORT_QUERY)).sort()).toEqual(["id", ...sectioned.map(([field]) => field)].sort());
  });

  it("asks for no proofs while AccessRecord has none, and for every leaf of them once it has", () => {
    const recordType = apiSchema.getType("AccessRecord");
    expect(participantReportOperation(supergraphSdl).withProofs).toBe(isObjectType(recordType) && "proof" in recordType.getFields());
    expect(proofSelection(buildSchema(`type Query { accessLog(participantId: ID!, first: Int): [AccessRecord!] } type AccessRecord { at: String! }`))).toBeNull();
    const withProofs = buildSchema(`
      type Query { accessLog(participantId: ID!, first: Int): [AccessRecord!] }
      type AccessRecord { at: String! proof: InclusionProof }
      type InclusionProof { log: String! leafIndex: Int! treeSize: Int! leafData: String! auditPath: [String!]! checkpoint: Checkpoint! }
      type Checkpoint { origin: String! treeSize: Int! rootHash: String! signature: String! }
    `);
    expect(proofSelection(withProofs)).toBe("proof { log leafIndex treeSize leafData auditPath checkpoint { origin treeSize rootHash signature } }");
  });
});

const record = (overrides: Partial<AccessRecordView> = {}): AccessRecordView => ({
  at: "2026-11-30T10:00:00.000Z",
  subject: "demo-officer",
  agency: "EMPLOYMENT",
  unit: "3491b48e-89c0-5d4d-92fc-8bddcf4ded88",
  operationName: "ParticipantView",
  dataOwner: "CSD",
  action: "READ",
  fields: ["receivesSocialAssistance"],
  outcome: "SERVED",
  refusedBy: null,
  ...overrides,
});
const producedBy = { sub: "demo-coordinator", agency: "COORDINATION", unit: "8a4555ef-18ba-52fe-be51-53097517d680", roles: ["COORDINATOR"] };

describe("the report's document", () => {
  it("escapes every value: a name, a log's subject, a withheld field's message", () => {
    const html = renderParticipantReport({
      participantId: "43a70792-16fa-549d-bc07-bef027b8ff51",
      data: { participant: { firstName: `<script>alert("first")</script>`, lastName: `O'Hara"><img src=x onerror=alert(1)>`, socialCase: null }, accessLog: [record({ subject: "<b>sub</b>", fields: ["<i>x</i>"] })] },
      errors: [{ message: "Not allowed: <u>socialCase</u>", path: ["participant", "socialCase"], extensions: { code: "FORBIDDEN" } }],
      producedBy: { ...producedBy, sub: "<em>me</em>" },
      producedAt: new Date("2026-11-30T12:00:00Z"),
      withProofs: false,
    });
    expect(html).not.toMatch(/<(script|img|b|i|u|em)\b/);
    expect(html).toContain("&#60;script&#62;alert(&#34;first&#34;)&#60;/script&#62;");
    expect(html).toContain("O&#39;Hara&#34;&#62;&#60;img src=x onerror=alert(1)&#62;");
    expect(html).toContain("&#60;b&#62;sub&#60;/b&#62;");
    expect(html).toContain("Not allowed: &#60;u&#62;socialCase&#60;/u&#62;");
    // One style, the one the CSP's hash allows; nothing loads from anywhere.
    expect([...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, style]) => style)).toEqual([REPORT_STYLE]);
    expect(REPORT_CSP).toContain(`style-src ${REPORT_STYLE_HASH}`);
    expect(html).not.toMatch(/\b(?:src|href)="(?!data:)/);
  });

  it("lists each record's proof compactly and bundles every proof as JSON, once the log has proofs", () => {
    const proof = { log: "csd", leafIndex: 41, treeSize: 97, leafData: "a".repeat(64), auditPath: ["b".repeat(64), "c".repeat(64)], checkpoint: { origin: "hub/csd", treeSize: 97, rootHash: "d".repeat(64), signature: "<sig>" }, note: "social-activation-hub/csd\n97\n" + "e".repeat(44) + "\n\n— hub x\n" };
    const html = renderParticipantReport({
      participantId: "43a70792-16fa-549d-bc07-bef027b8ff51",
      data: { participant: null, accessLog: [record({ proof }), record({ proof: null })] },
      errors: [],
      producedBy,
      producedAt: new Date("2026-11-30T12:00:00Z"),
      withProofs: true,
    });
    expect(html).toContain("Dokazila");
    expect(html).toContain("leafIndex: 41 · treeSize: 97 · leafData: aaaaaaaaaaaa…aaaaaaaaaaaa · auditPath: [2:");
    expect(html).toContain("checkpoint.signature: &#60;sig&#62;");
    expect(html).toContain("note: social-activation-hub/csd | 97 | eeeeeeeeeeee…eeeeeeeeeeee | — hub x");
    const href = /<a class="bundle" download="dokazila-2026-11-30\.json" href="data:application\/json;base64,([^"]+)"/.exec(html)![1];
    const bundle = JSON.parse(Buffer.from(href, "base64").toString("utf8"));
    expect(bundle.records).toEqual([
      { record: { ...record(), proof: undefined }, proof },
      { record: record(), proof: null },
    ].map(({ record: { proof: _proof, ...rest }, proof: p }) => ({ record: rest, proof: p })));
  });

  it("has no proof appendix while the schema has no proofs", () => {
    const html = renderParticipantReport({ participantId: "43a70792-16fa-549d-bc07-bef027b8ff51", data: { participant: null, accessLog: [record()] }, errors: [], producedBy, producedAt: new Date(), withProofs: false });
    expect(html).not.toContain("Dokazila");
    expect(html).toContain("Urad za delo");
  });
});
