import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { AccessRecord, accessLogField, checkFirst, readAccessLog } from "../../../shared/audit/access-log.resolver";
import type { CoordinationContext } from "../context";

const RECORD_FIELDS = "at subject agency unit operationName dataOwner action fields outcome refusedBy proof { log leafIndex treeSize record auditPath checkpoint }";

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
    @Ctx() { db, hub, peers, audit, checkpoints }: CoordinationContext,
  ): Promise<AccessRecord[]> {
    const count = checkFirst(first);
    audit.read(participantId, "accessLog");
    const others = peers.filter((peer) => peer !== "coordination");
    const [own, theirs] = await Promise.all([
      readAccessLog(db, checkpoints, participantId, count),
      // Each agency's part, asked of its own service as coordination (SERVICE_CALLS), for this caller.
      Promise.all(
        others.map(async (peer) => {
          const field = accessLogField(peer);
          const part = await hub.request<Record<string, AccessRecord[]>>(
            peer,
            `query AccessLogPart($id: ID!, $first: Int) { ${field}(participantId: $id, first: $first) { ${RECORD_FIELDS} } }`,
            { id: participantId, first: count },
          );
          return part[field] ?? [];
        }),
      ),
    ]);
    const merged = [...own, ...theirs.flat()].map((record) => ({ ...record, at: new Date(record.at) }));
    return merged.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, count);
  }
}
