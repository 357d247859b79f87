import type { Caller } from "../context";
import { Agency } from "../enums";
import { DEFAULT_ROLES } from "./dev-token";

/**
 * The README's demo users ("Signing in (development)"), by the name the explorer's sign-in buttons
 * send to POST /dev/token. The development issuer signs tokens for these and for no one else over
 * HTTP; `npm run token` remains the way to sign in as anyone else.
 */
export interface DemoUser {
  /** Who this is, as the explorer shows it. */
  label: string;
  caller: Caller;
}

const demo = (name: string, agency: Agency, unit: string, label: string, roles = DEFAULT_ROLES[agency]): [string, DemoUser] => [
  name,
  { label, caller: { sub: `demo-${name}`, agency, unit, roles } },
];

export const DEMO_USERS: ReadonlyMap<string, DemoUser> = new Map([
  demo("coordinator", Agency.COORDINATION, "8a4555ef-18ba-52fe-be51-53097517d680", "Tomaž Gjerek, coordinator in Pomurska"),
  demo("social-worker", Agency.CSD, "ea0a3466-17ad-5cf9-b36d-a899c5e38b02", "Social worker, CSD Pomurje"),
  demo("officer", Agency.EMPLOYMENT, "3491b48e-89c0-5d4d-92fc-8bddcf4ded88", "Officer, Urad za delo Lendava"),
  demo("provider-staff", Agency.PROVIDER, "01f4b7d1-6b34-55c1-bf74-113db59b5223", "Staff, Ljudska univerza Murska Sobota"),
  demo("analyst", Agency.OVERSIGHT, "ministry", "Analyst, the ministry"),
  demo("dpo", Agency.OVERSIGHT, "ministry", "Data protection officer, the ministry", ["DPO"]),
]);

/** Jože Kastelic, who consents to sharing and whom all four case-team demo users work with. */
export const DEMO_PARTICIPANT_ID = "43a70792-16fa-549d-bc07-bef027b8ff51";
/** The programme run Jože Kastelic is enrolled in, run by the demo provider's staff. */
export const DEMO_RUN_ID = "ec589b29-a9ab-513d-8b9c-bb70ad616127";
