import type { DataSource } from "typeorm";
import { rowLoader } from "../../../shared/loaders";
import { CommunityOfferEntity } from "./offer.entity";

export const communityOfferLoader = (db: DataSource) =>
  rowLoader(
    (ids) => db.getRepository(CommunityOfferEntity).createQueryBuilder("offer").where("offer.id = ANY(:ids)", { ids }).getMany(),
    (offer) => offer.id,
  );
