import type { ClassificationMap } from "../../shared/classification";

/** What the providers' fields hold: the directory, programmes and runs are public; the journey is personal. */
export const providersClassification: ClassificationMap = {
  Provider: "PUBLIC",
  Programme: "PUBLIC",
  ProgrammeRun: { "*": "PUBLIC", enrolments: "PERSONAL" },
  SchedulePhase: "PUBLIC",
  Participant: { "*": "PERSONAL" },
  Referral: "PERSONAL",
  Enrolment: "PERSONAL",
  Query: { providers: "PUBLIC", programmeRun: "PUBLIC", programmeRuns: "PUBLIC", participantsInMyRuns: "PERSONAL", providersAccessLog: "PERSONAL", providersIndicatorFacts: "PERSONAL" },
  Mutation: { "*": "PERSONAL", scheduleProgrammeRun: "PUBLIC" },
};
