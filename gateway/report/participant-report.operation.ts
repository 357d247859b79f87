import { Supergraph } from "@apollo/federation-internals";
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { PARTICIPANT_REPORT_OPERATION } from "../../shared/operation-names";

/**
 * The one operation behind a participant's report (GDPR Art. 15, issue 16): everything every
 * agency's subgraph offers about the person, the merged access log, and the directory's names for
 * the units that read it. The gateway runs it for the caller with the caller's own rights, so every
 * subgraph applies its own policy (ACCESS.md) and records its reads under `ParticipantReport`.
 *
 * Of Participant it asks every field the supergraph offers; of the objects under them, everything
 * about this person and nothing about anyone else: not `teamMeetings.participants` (the other people
 * discussed), not a run's roster. `REPORT_LEAVES_OUT` names what is left out and why, and
 * test/participant-report.e2e.test.ts fails when a Participant field is neither asked nor named there.
 */
export const PARTICIPANT_REPORT_QUERY = `query ${PARTICIPANT_REPORT_OPERATION}($id: ID!) {
  participant(id: $id) {
    id
    firstName
    lastName
    gender
    birthDate
    birthYear
    emso
    residenceStatus
    region
    languageBarrier
    romaCommunity
    stage
    coordinator { id name region }
    consent { granted grantedAt withdrawnAt }
    eligibility { eligible grounds programmeTypes }
    caseNotes { id text coordinatorId writtenAt }
    teamMeetings { id kind heldOn agencies units agreements run { id startDate programme { name provider { name } } } }
    registeredUnemployed
    temporarilyUnemployable
    employed
    jobseeker { status registeredOn office { id name } employmentPlan }
    receivesSocialAssistance
    hasComplexSocialProblems
    socialAssistance { decisions { number validFrom validTo monthlyAmount } }
    socialCase { centre { id name } caseWorker complexSocialProblemsNote }
    referrals { id status createdAt run { id startDate programme { name type provider { name } } } }
    enrolments {
      id
      status
      enrolledOn
      exitedOn
      exitOutcome
      attendanceRate
      run { id startDate endDate phase programme { name type provider { name } } }
    }
    communityReferrals { id referredOn note offer { id name } }
  }
  accessLog(participantId: $id, first: 500) {
    at
    subject
    agency
    unit
    operationName
    dataOwner
    action
    fields
    outcome
    refusedBy__PROOF__
  }
  employmentOffices { id name }
  socialWorkCentres { id name }
  coordinators { id name }
  providers { id name }
}
`;

/** Fields of what the report asks that it leaves out on purpose, with the reason. */
export const REPORT_LEAVES_OUT: Readonly<Record<string, string>> = {
  "TeamMeeting.participants": "the other people discussed at a meeting are not this person's data",
  "Referral.participant": "the person the report is about",
  "Enrolment.participant": "the person the report is about",
};

/** How deep the proof's selection goes: a proof is a few levels of objects at most (checkpoint, audit path). */
const PROOF_DEPTH = 3;

/** Every leaf of an object type as a selection, objects within it to `depth` levels; fields with required arguments are skipped. */
function everyLeaf(type: GraphQLObjectType, depth: number): string {
  const selections: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((argument) => argument.type.toString().endsWith("!") && argument.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) selections.push(field.name);
    else if (isObjectType(named) && depth > 1) selections.push(`${field.name} { ${everyLeaf(named, depth - 1)} }`);
  }
  return selections.join(" ");
}

/**
 * The selection of `AccessRecord.proof` (an RFC 6962 inclusion proof against a signed checkpoint,
 * issue 16) when the schema has it, every leaf of it; null when the schema has no such field yet.
 */
export function proofSelection(schema: GraphQLSchema): string | null {
  const record = schema.getType("AccessRecord");
  const proof = isObjectType(record) ? record.getFields().proof : undefined;
  if (!proof) return null;
  const named = getNamedType(proof.type);
  return isLeafType(named) ? "proof" : isObjectType(named) ? `proof { ${everyLeaf(named, PROOF_DEPTH)} }` : null;
}

/** The operation for a supergraph: PARTICIPANT_REPORT_QUERY, with the proofs when its API schema has them. Shape: SDL → { query, withProofs }. */
export function participantReportOperation(supergraphSdl: string): { query: string; withProofs: boolean } {
  const proof = proofSelection(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
  return { query: PARTICIPANT_REPORT_QUERY.replace("__PROOF__", proof ? `\n    ${proof}` : ""), withProofs: proof !== null };
}
