import type { SubgraphDefinition } from "../../shared/subgraph";
import { CoordinationIndicatorFactsResolver } from "./indicators/indicator-facts.resolver";
import { createCoordinationLoaders } from "./context";
import { coordinationClassification } from "./classification";
import { coordinationPermissions } from "./permissions";
import { CoordinatorEntity } from "./coordinator/coordinator.entity";
import { coordinatorReference } from "./coordinator/coordinator.reference";
import { CoordinatorResolver } from "./coordinator/coordinator.resolver";
import { loadCoordinationDemoData } from "./demo-data";
import { Initial1764230400000 } from "./migrations/1764230400000-initial";
import { ParticipantEntity } from "./participant/participant.entity";
import { participantReference } from "./participant/participant.reference";
import { ParticipantResolver } from "./participant/participant.resolver";
import { ParticipantWriteResolver } from "./participant/participant-write.resolver";
import { TeamMeetings1764316800000 } from "./migrations/1764316800000-team-meetings";
import { CaseNotes1764403200000 } from "./migrations/1764403200000-case-notes";
import { TeamMeetingUnits1795996800000 } from "./migrations/1795996800000-team-meeting-units";
import { SlovenianOrder1796083200000 } from "./migrations/1796083200000-slovenian-order";
import { CaseNoteEntity } from "./case-note/case-note.entity";
import { CaseNoteResolver } from "./case-note/case-note.resolver";
import { AccessLogResolver } from "./access-log/access-log.resolver";
import { TeamMeetingEntity, TeamMeetingParticipantEntity } from "./team-meeting/team-meeting.entity";
import { ParticipantMeetingsResolver, ProgrammeRunMeetingsResolver, TeamMeetingResolver } from "./team-meeting/team-meeting.resolver";
import { ProgrammeRunMeetings } from "./team-meeting/team-meeting.type";

/** The social activation coordinators: participants' identity, consent and journey. */
export const coordination: SubgraphDefinition<ReturnType<typeof createCoordinationLoaders>> = {
  name: "coordination",
  owner: "COORDINATION",
  actor: "social activation coordinators",
  owns: "coordinators; participants' identity, consent, journey stage; eligibility (computed)",
  defaultPort: 4003,
  entities: [CoordinatorEntity, ParticipantEntity, TeamMeetingEntity, TeamMeetingParticipantEntity, CaseNoteEntity],
  migrations: [Initial1764230400000, TeamMeetings1764316800000, CaseNotes1764403200000, TeamMeetingUnits1795996800000, SlovenianOrder1796083200000],
  resolvers: [CoordinationIndicatorFactsResolver, 
    CoordinatorResolver,
    ParticipantResolver,
    ParticipantWriteResolver,
    TeamMeetingResolver,
    ProgrammeRunMeetingsResolver,
    ParticipantMeetingsResolver,
    CaseNoteResolver,
    AccessLogResolver,
  ],
  orphanedTypes: [ProgrammeRunMeetings],
  references: {
    Coordinator: coordinatorReference,
    Participant: participantReference,
    ProgrammeRun: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
  },
  createLoaders: createCoordinationLoaders,
  permissions: coordinationPermissions,
  classification: coordinationClassification,
  loadDemoData: loadCoordinationDemoData,
};
