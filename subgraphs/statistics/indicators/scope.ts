import type { Caller } from "../../../shared/context";
import { Agency } from "../../../shared/enums";
import type { HubClient } from "../../../shared/hub-client";
import { NATIONAL, STATISTICAL_REGIONS } from "../../../shared/indicators/grid";

/**
 * Which indicators a caller may read (ACCESS.md, "aggregate indicators (no personal data)"):
 * national for OVERSIGHT; their own unit's region for EMPLOYMENT, CSD and COORDINATION; their own
 * runs, anywhere, for a PROVIDER. The unit's region comes from the directory of its agency.
 */
export interface IndicatorScope {
  regions: string[];
  ownRunsOnly: boolean;
}

const DIRECTORY: Partial<Record<string, { service: string; field: string }>> = {
  [Agency.EMPLOYMENT]: { service: "employment", field: "employmentOffices" },
  [Agency.CSD]: { service: "csd", field: "socialWorkCentres" },
  [Agency.COORDINATION]: { service: "coordination", field: "coordinators" },
};

/** @returns null when the caller's agency may read no indicators, or its unit is in no directory. */
export async function scopeOf(caller: Caller, hub: HubClient): Promise<IndicatorScope | null> {
  if (caller.agency === Agency.OVERSIGHT) return { regions: [NATIONAL, ...STATISTICAL_REGIONS], ownRunsOnly: false };
  if (caller.agency === Agency.PROVIDER) return { regions: [NATIONAL, ...STATISTICAL_REGIONS], ownRunsOnly: true };
  const directory = DIRECTORY[caller.agency];
  if (!directory) return null;
  const answer = await hub.request<Record<string, { id: string; region: string }[] | null>>(directory.service, `query UnitRegions { ${directory.field} { id region } }`);
  const unit = answer[directory.field]?.find((entry) => entry.id === caller.unit);
  return unit ? { regions: [unit.region], ownRunsOnly: false } : null;
}
