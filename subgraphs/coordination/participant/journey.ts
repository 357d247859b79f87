import { JourneyStage } from "../../../shared/enums";

/**
 * What happened at a provider that moves the journey on. Providers report these as part of the
 * write that makes them true, so the stage is never re-entered by hand and never lags.
 */
export enum JourneyEvent {
  REFERRED = "REFERRED",
  ENROLLED = "ENROLLED",
  EXITED = "EXITED",
}

/** The stage after an event: a referral does not undo an enrolment in progress. */
export function stageAfter(current: JourneyStage, event: JourneyEvent): JourneyStage {
  switch (event) {
    case JourneyEvent.REFERRED:
      return current === JourneyStage.ENROLLED ? current : JourneyStage.REFERRED;
    case JourneyEvent.ENROLLED:
      return JourneyStage.ENROLLED;
    case JourneyEvent.EXITED:
      return JourneyStage.FOLLOW_UP;
  }
}
