import type { ClassificationMap } from "../../shared/classification";

/** What coordination's fields hold: ethnicity and language background are Art. 9 data, as are case notes. */
export const coordinationClassification: ClassificationMap = {
  Coordinator: "PUBLIC",
  Participant: {
    "*": "PERSONAL",
    languageBarrier: "SENSITIVE",
    romaCommunity: "SENSITIVE",
    receivesSocialAssistance: "SENSITIVE",
    hasComplexSocialProblems: "SENSITIVE",
    eligibility: "SENSITIVE",
    caseNotes: "SENSITIVE",
  },
  Consent: "PERSONAL",
  Eligibility: "SENSITIVE",
  CaseNote: "SENSITIVE",
  CaseTeam: "PERSONAL",
  TeamMeeting: "PERSONAL",
  ProgrammeRun: { id: "PUBLIC", teamMeetings: "PERSONAL" },
  ParticipantConnection: "PERSONAL",
  ParticipantEdge: "PERSONAL",
  PageInfo: "PUBLIC",
  Query: { "*": "PERSONAL", coordinators: "PUBLIC", coordinationIndicatorFacts: "SENSITIVE" },
  Mutation: { "*": "PERSONAL", recordCaseNote: "SENSITIVE" },
};
