import type { HubClient } from "../../../shared/hub-client";

/** The journey events coordination understands (its `JourneyEvent` enum). */
export type JourneyEvent = "REFERRED" | "ENROLLED" | "EXITED";

/**
 * Tells coordination what just happened, inside the providers' transaction, as the providers service (SERVICE_CALLS): if coordination cannot
 * record the new stage, the provider's write is rolled back too, so the stage never lags behind.
 */
export async function reportJourneyEvent(hub: HubClient, participantId: string, event: JourneyEvent): Promise<void> {
  await hub.request(
    "coordination",
    `mutation JourneyEvent($participantId: ID!, $event: JourneyEvent!) {
      recordJourneyEvent(participantId: $participantId, event: $event) { id }
    }`,
    { participantId, event },
  );
}
