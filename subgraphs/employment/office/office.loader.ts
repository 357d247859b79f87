import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { EmploymentOfficeEntity } from "./office.entity";

export const employmentOfficeLoader = (db: DataSource) =>
  rowLoader(
    (ids) => db.getRepository(EmploymentOfficeEntity).createQueryBuilder("office").where("office.id = ANY(:ids)", { ids }).getMany(),
    (office) => office.id,
  );
