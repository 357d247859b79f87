import type { DataSource, SelectQueryBuilder } from "typeorm";
import { primaryKey, startsWithSearch } from "../../../shared/collation";
import { badInput } from "../../../shared/errors";
import { isUuid } from "../../../shared/identifiers";
import type { VisibleParticipants } from "./case-team";
import type { ParticipantConnection, ParticipantFilter } from "./participant-connection.type";
import { ParticipantEntity } from "./participant.entity";
import { cursorOf, cursorRefused, cursorRowListed, decodeCursor, keysetAfter, participantSortKey } from "./participant-cursor";

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;


/**
 * The filter's conditions. Every filter field (stage, coordinator, region, name) belongs to the
 * identity group, so a filter matches only rows whose identity the caller may read: filtering on a
 * field reads it (ACCESS.md, "What counts as reading"), and a hidden name must not answer "1 or 0".
 */
function applyFilter(query: SelectQueryBuilder<ParticipantEntity>, filter: ParticipantFilter | null | undefined, visible: VisibleParticipants) {
  if (!filter) return query;
  const conditions: [string, Record<string, unknown>][] = [];
  if (filter.stage) conditions.push(["participant.stage = :stage", { stage: filter.stage }]);
  if (filter.coordinatorId) {
    if (!isUuid(filter.coordinatorId)) throw badInput("filter.coordinatorId", "is not a coordinator id");
    conditions.push(["participant.coordinator_id = :coordinatorId", { coordinatorId: filter.coordinatorId }]);
  }
  if (filter.region) conditions.push(["participant.region = :region_filter", { region_filter: filter.region }]);
  if (filter.search) {
    // Case-blind in the same way on PGlite and PostgreSQL (shared/collation.ts).
    const matches = (column: string) => startsWithSearch(column, ":search_prefix");
    conditions.push([`(${matches("participant.last_name")} OR ${matches("participant.first_name")})`, { search_prefix: primaryKey(filter.search.trim()) }]);
  }
  for (const [condition, params] of conditions) query.andWhere(condition, params);
  if (conditions.length && visible.identityReadable) query.andWhere(visible.identityReadable("participant"));
  return query;
}

/**
 * One page of the participants the caller may see, found by keyset, with their total count. Order:
 * the rows whose names the caller may read by (last name, first name, id), then the others by id
 * (participant-cursor.ts). `after` is a cursor of a row the caller may list, else BAD_USER_INPUT
 * naming `after`, the same for a row that does not exist. Two statements whatever the page size:
 * the count (which also checks the cursor's row) and the page.
 */
export async function participantPage(
  db: DataSource,
  args: { first: number; after?: string | null; filter?: ParticipantFilter | null },
  visible: VisibleParticipants | null,
): Promise<ParticipantConnection> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw badInput("first", `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const after = args.after ? decodeCursor(args.after) : null;
  if (!visible) {
    if (after) throw cursorRefused();
    return { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };
  }
  const base = db.getRepository(ParticipantEntity).createQueryBuilder("participant").where(visible.listed("participant"), visible.params);
  applyFilter(base, args.filter, visible);

  const counted = base.clone().select("COUNT(*)", "total");
  if (after) counted.addSelect(cursorRowListed(visible.listed, ":after"), "cursorListed").setParameter("after", after);
  const { total, cursorListed } = (await counted.getRawOne<{ total: string; cursorListed?: boolean }>())!;
  if (after && !cursorListed) throw cursorRefused();

  const page = base.clone();
  if (after) page.andWhere(keysetAfter("participant", visible.identityReadable, ":after"), { after });
  const [first, ...rest] = participantSortKey("participant", visible.identityReadable);
  page.orderBy(first, "ASC");
  for (const key of rest) page.addOrderBy(key, "ASC");
  const rows = await page.limit(args.first + 1).getMany();
  const shown = rows.slice(0, args.first);
  const edges = shown.map((participant) => ({ cursor: cursorOf(participant.id), node: participant }));
  return {
    totalCount: Number(total),
    pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    edges,
  };
}
