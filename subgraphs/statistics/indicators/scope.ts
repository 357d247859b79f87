import type { Caller } from "../../../shared/context";
import { Agency } from "../../../shared/enums";
import type { HubClient } from "../../../shared/hub-client";
import { NATIONAL, STATISTICAL_REGIONS } from "../../../shared/indicators/grid";

/**
 * Which indicators a caller may read (ACCESS.md, "aggregate indicators (no personal data)"):
 * national for OVERSIGHT; their own unit's region for EMPLOYMENT, CSD and COORDINATION; their own
 * runs, anywhere, for a PROVIDER. The unit must be in its agency's directory (red team: a provider
 * token naming no provider got an empty table instead of a refusal); its region comes from there.
 */
export interface IndicatorScope {
  regions: string[];
  ownRunsOnly: boolean;
}

const DIRECTORY: Partial<Record<string, { service: string; field: string }>> = {
  [Agency.EMPLOYMENT]: { service: "employment", field: "employmentOffices" },
  [Agency.CSD]: { service: "csd", field: "socialWorkCentres" },
  [Agency.COORDINATION]: { service: "coordination", field: "coordinators" },
  [Agency.PROVIDER]: { service: "providers", field: "providers" },
};

/** @returns null when the caller's agency may read no indicators, or its unit is in no directory. */
export async function scopeOf(caller: Caller, hub: HubClient): Promise<IndicatorScope | null> {
  if (caller.agency === Agency.OVERSIGHT) return { regions: [NATIONAL, ...STATISTICAL_REGIONS], ownRunsOnly: false };
  const directory = DIRECTORY[caller.agency];
  if (!directory) return null;
  const answer = await hub.request<Record<string, { id: string; region: string }[] | null>>(directory.service, `query UnitRegions { ${directory.field} { id region } }`);
  const unit = answer[directory.field]?.find((entry) => entry.id === caller.unit);
  if (!unit) return null;
  // A provider's own runs, wherever they are; a unit of another agency, its own region.
  return caller.agency === Agency.PROVIDER ? { regions: [NATIONAL, ...STATISTICAL_REGIONS], ownRunsOnly: true } : { regions: [unit.region], ownRunsOnly: false };
}
