import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { CoordinatorEntity } from "./coordinator.entity";

export const coordinatorLoader = (db: DataSource) =>
  rowLoader(
    (ids) => db.getRepository(CoordinatorEntity).createQueryBuilder("coordinator").where("coordinator.id = ANY(:ids)", { ids }).getMany(),
    (coordinator) => coordinator.id,
  );
