import type { HubClient } from "../../../shared/hub-client";
import { indicatorFactsField, type IndicatorFactTable } from "../../../shared/indicators/facts";
import { freshSalt } from "../../../shared/indicators/linkage";
import type { Facts } from "./cube";

/**
 * Asks each agency for its pseudonymous facts, under one fresh salt, and joins them by label
 * (shared/indicators/linkage.ts). The rows live in this request's memory only; nothing of them is
 * stored, logged or answered.
 */
const AGENCIES = ["coordination", "employment", "csd", "providers"] as const;

export async function gatherFacts(hub: HubClient): Promise<Facts> {
  const salt = freshSalt();
  const [people, register, social, enrolments] = await Promise.all(
    AGENCIES.map(async (agency) => {
      const field = indicatorFactsField(agency);
      const answer = await hub.request<Record<string, IndicatorFactTable>>(agency, `query IndicatorFacts($salt: String!) { ${field}(salt: $salt) { columns rows } }`, { salt });
      return answer[field].rows;
    }),
  );
  const facts: Facts = { people: new Map(), register: new Map(), social: new Map(), enrolments: [] };
  for (const [label, gender, birthMonth, region, roma] of people) facts.people.set(label, { gender, birthMonth, region, romaCommunity: roma === "true" });
  for (const [label, status, registeredOn] of register) facts.register.set(label, { status, registeredOn });
  for (const [label, kind, from, to] of social) {
    const entry = facts.social.get(label) ?? { assistance: [], complexSocialProblems: false };
    if (kind === "DSP") entry.assistance.push({ from, to });
    else if (kind === "COMPLEX") entry.complexSocialProblems = from === "true";
    facts.social.set(label, entry);
  }
  for (const [label, programmeType, enrolledOn, exitedOn, status, exitOutcome, attended, recorded] of enrolments) {
    facts.enrolments.push({ person: label, programmeType, enrolledOn, exitedOn: exitedOn || null, status, exitOutcome: exitOutcome || null, attendedDays: Number(attended), recordedDays: Number(recorded) });
  }
  return facts;
}
