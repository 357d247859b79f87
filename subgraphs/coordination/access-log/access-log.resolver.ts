import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { AccessRecord, accessLogField, checkFirst, readAccessLog } from "../../../shared/audit/access-log.resolver";
import type { CoordinationContext } from "../context";

const RECORD_FIELDS = "at subject agency unit operationName dataOwner action fields outcome refusedBy";

@Resolver()
export class AccessLogResolver {
  @Query(() => [AccessRecord], {
    nullable: true,
    description:
      "Who read or changed this participant's data, newest first, merged from every agency's log. For the participant's assigned coordinator and the data protection officer (role DPO); reading it is recorded too.",
  })
  async accessLog(
    @Arg("participantId", () => ID) participantId: string,
    @Arg("first", () => Int, { nullable: true, description: "How many records, newest first (default 100, at most 500)." }) first: number | null,
    @Ctx() { db, hub, peers, audit }: CoordinationContext,
  ): Promise<AccessRecord[]> {
    const count = checkFirst(first);
    audit.read(participantId, "accessLog");
    const others = peers.filter((peer) => peer !== "coordination");
    const [own, theirs] = await Promise.all([
      readAccessLog(db, participantId, count),
      others.length
        ? hub.request<Record<string, AccessRecord[]>>(
            `query AccessLogOfAgencies($id: ID!, $first: Int) { ${others.map((peer) => `${accessLogField(peer)}(participantId: $id, first: $first) { ${RECORD_FIELDS} }`).join(" ")} }`,
            { id: participantId, first: count },
          )
        : Promise.resolve({}),
    ]);
    const merged = [...own, ...Object.values(theirs as Record<string, AccessRecord[]>).flat()].map((record) => ({ ...record, at: new Date(record.at) }));
    return merged.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, count);
  }
}
