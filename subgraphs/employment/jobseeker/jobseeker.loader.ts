import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { JobseekerRecordEntity } from "./jobseeker.entity";

export const jobseekerLoader = (db: DataSource) =>
  rowLoader(
    (ids) =>
      db.getRepository(JobseekerRecordEntity).createQueryBuilder("record").where("record.participantId = ANY(:ids)", { ids }).getMany(),
    (record) => record.participantId,
  );
