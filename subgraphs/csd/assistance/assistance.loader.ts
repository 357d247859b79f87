import type { DataSource } from "typeorm";
import { groupLoader } from "../../../shared/loaders";
import { AssistanceDecisionEntity } from "./assistance-decision.entity";

/** A person's DSP decisions, newest first. */
export const assistanceDecisionsLoader = (db: DataSource) =>
  groupLoader(
    (ids) =>
      db
        .getRepository(AssistanceDecisionEntity)
        .createQueryBuilder("decision")
        .where("decision.participantId = ANY(:ids)", { ids })
        .orderBy("decision.validFrom", "DESC")
        .addOrderBy("decision.number", "ASC")
        .getMany(),
    (decision) => decision.participantId,
  );
