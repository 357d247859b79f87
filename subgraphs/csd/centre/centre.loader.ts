import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { SocialWorkCentreEntity } from "./centre.entity";

export const socialWorkCentreLoader = (db: DataSource) =>
  rowLoader(
    (ids) => db.getRepository(SocialWorkCentreEntity).createQueryBuilder("centre").where("centre.id = ANY(:ids)", { ids }).getMany(),
    (centre) => centre.id,
  );
