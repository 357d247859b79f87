import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { ParticipantEntity } from "./participant.entity";

export const participantLoader = (db: DataSource) =>
  rowLoader(
    (ids) => db.getRepository(ParticipantEntity).createQueryBuilder("participant").where("participant.id = ANY(:ids)", { ids }).getMany(),
    (participant) => participant.id,
  );
