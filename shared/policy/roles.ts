import { Agency } from "../enums";

/**
 * Roles belong to agencies (ACCESS.md, "The caller"): a role asserted with another agency grants
 * nothing. A partner's agency declares its own roles in its subgraph definition.
 */
export const AGENCY_ROLES: Readonly<Record<string, readonly string[]>> = {
  [Agency.EMPLOYMENT]: ["OFFICER"],
  [Agency.CSD]: ["SOCIAL_WORKER"],
  [Agency.COORDINATION]: ["COORDINATOR"],
  [Agency.PROVIDER]: ["PROVIDER_STAFF"],
  [Agency.OVERSIGHT]: ["ANALYST", "DPO"],
};

/**
 * The roles of `asserted` that the agency may hold; the rest are dropped (they grant nothing).
 * Shape: (agency code, role names) → role names, in the order asserted, without duplicates.
 */
export function rolesHeldBy(agency: string, asserted: readonly string[]): string[] {
  const allowed = AGENCY_ROLES[agency] ?? [];
  return [...new Set(asserted.filter((role) => allowed.includes(role)))];
}

/** The caller is the data protection officer: role DPO, held by an OVERSIGHT user (ACCESS.md). */
export const isDataProtectionOfficer = (caller: { agency: string; roles: readonly string[] }): boolean =>
  caller.agency === Agency.OVERSIGHT && caller.roles.includes("DPO");
