import type { DataSource, SelectQueryBuilder } from "typeorm";
import { badInput } from "../../../shared/errors";
import { isUuid } from "../../../shared/loaders";
import type { ParticipantConnection, ParticipantFilter } from "./participant-connection.type";
import { ParticipantEntity } from "./participant.entity";
import { cursorOf, decodeCursor } from "./participant-cursor";

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;

function applyFilter(query: SelectQueryBuilder<ParticipantEntity>, filter: ParticipantFilter | null | undefined) {
  if (!filter) return query;
  if (filter.stage) query.andWhere("participant.stage = :stage", { stage: filter.stage });
  if (filter.coordinatorId) {
    if (!isUuid(filter.coordinatorId)) throw badInput("filter.coordinatorId", "is not a coordinator id");
    query.andWhere("participant.coordinatorId = :coordinatorId", { coordinatorId: filter.coordinatorId });
  }
  if (filter.region) query.andWhere("participant.region = :region", { region: filter.region });
  if (filter.search) {
    query.andWhere("(lower(participant.lastName) LIKE :prefix OR lower(participant.firstName) LIKE :prefix)", {
      prefix: likePrefix(filter.search.trim()),
    });
  }
  return query;
}

/**
 * One page of participants in (last name, first name, id) order, found by keyset: the cursor is the
 * sort key of the last row seen, so page 1000 costs what page 1 costs. Two statements whatever the
 * page size: the count and the page. Only the people the caller may see are listed and counted.
 */
export async function participantPage(
  db: DataSource,
  args: { first: number; after?: string | null; filter?: ParticipantFilter | null },
  visible: { where: string; params: Record<string, unknown> } | null,
): Promise<ParticipantConnection> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw badInput("first", `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const after = args.after ? decodeCursor(args.after) : null;
  const base = applyFilter(db.getRepository(ParticipantEntity).createQueryBuilder("participant"), args.filter);
  if (!visible) return { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };
  base.andWhere(visible.where, visible.params);
  const totalCount = await base.clone().getCount();
  const page = base.clone();
  if (after) {
    page.andWhere("(participant.lastName, participant.firstName, participant.id) > (:lastName, :firstName, :id)", {
      lastName: after[0],
      firstName: after[1],
      id: after[2],
    });
  }
  const rows = await page
    .orderBy("participant.lastName", "ASC")
    .addOrderBy("participant.firstName", "ASC")
    .addOrderBy("participant.id", "ASC")
    .limit(args.first + 1)
    .getMany();
  const shown = rows.slice(0, args.first);
  const edges = shown.map((participant) => ({ cursor: cursorOf([participant.lastName, participant.firstName, participant.id]), node: participant }));
  return {
    totalCount,
    pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    edges,
  };
}
