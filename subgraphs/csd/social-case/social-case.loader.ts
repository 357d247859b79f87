import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { SocialCaseEntity } from "./social-case.entity";

export const socialCaseLoader = (db: DataSource) =>
  rowLoader(
    (ids) => db.getRepository(SocialCaseEntity).createQueryBuilder("socialCase").where("socialCase.participantId = ANY(:ids)", { ids }).getMany(),
    (socialCase) => socialCase.participantId,
  );
