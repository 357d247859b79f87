/**
 * The words of a participant's report (gateway/report/): Slovenian beside English, for a document
 * handed to the person (GDPR Art. 12(1): "concise, transparent, intelligible"). Each field of
 * Participant sits in the section of the agency whose subgraph owns it (schema/supergraph.graphql,
 * `@join__field`), with the row of ACCESS.md's reading table that decides who may see it, which a
 * withheld field's line quotes.
 */

/** A Slovenian label and its English counterpart. */
export interface Bilingual {
  sl: string;
  en: string;
}

export interface ReportField extends Bilingual {
  /** The row of ACCESS.md's reading table that decides who sees it (in English, as ACCESS.md is written). */
  rule?: string;
}

export interface ReportSection {
  /** The agency that owns the fields (the access log's `dataOwner`). */
  agency: string;
  title: Bilingual;
  fields: Readonly<Record<string, ReportField>>;
}

const CASE_TEAM_IDENTITY = "name, gender, journey stage, coordinator: the case team; the ministry (OVERSIGHT) no";
const ELIGIBILITY_FACTS = "eligibility facts: Urad za delo, CSD and coordinator of the case team, with consent";
const JOURNEY = "referrals, enrolments, run phase, exit outcome: Urad za delo, CSD, coordinator; a provider its own runs only";

/** The report's sections, in the order a person meets the agencies: coordination first. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  {
    agency: "COORDINATION",
    title: { sl: "Koordinator socialne aktivacije", en: "Social activation coordination" },
    fields: {
      firstName: { sl: "Ime", en: "First name", rule: CASE_TEAM_IDENTITY },
      lastName: { sl: "Priimek", en: "Last name", rule: CASE_TEAM_IDENTITY },
      gender: { sl: "Spol", en: "Gender", rule: CASE_TEAM_IDENTITY },
      birthDate: { sl: "Datum rojstva", en: "Date of birth", rule: "EMŠO, full birth date: Urad za delo, CSD, coordinator; providers the birth year only" },
      birthYear: { sl: "Leto rojstva", en: "Year of birth", rule: CASE_TEAM_IDENTITY },
      emso: { sl: "EMŠO", en: "Personal identification number (EMŠO)", rule: "EMŠO, full birth date: Urad za delo, CSD, coordinator; providers no" },
      residenceStatus: { sl: "Status prebivanja", en: "Residence status", rule: "residence status: Urad za delo, CSD, coordinator" },
      region: { sl: "Statistična regija", en: "Statistical region", rule: CASE_TEAM_IDENTITY },
      languageBarrier: { sl: "Jezikovna ovira (ciljna skupina)", en: "Language barrier (target group)", rule: "target-group attributes: the coordinator only" },
      romaCommunity: { sl: "Romska skupnost (ciljna skupina)", en: "Roma community (target group)", rule: "target-group attributes: the coordinator only" },
      stage: { sl: "Faza vključevanja", en: "Journey stage", rule: CASE_TEAM_IDENTITY },
      coordinator: { sl: "Koordinator", en: "Coordinator", rule: CASE_TEAM_IDENTITY },
      consent: { sl: "Privolitev v izmenjavo podatkov", en: "Consent to share data", rule: "consent status and its dates: the case team" },
      eligibility: { sl: "Upravičenost", en: "Eligibility", rule: "eligibility result and its grounds: Urad za delo, CSD, coordinator" },
      caseNotes: { sl: "Zapiski koordinatorja", en: "Coordinator's case notes", rule: "coordinator's case notes: the assigned coordinator only" },
      teamMeetings: { sl: "Timski sestanki", en: "Team meetings", rule: "team meetings: those the reader's unit attended" },
    },
  },
  {
    agency: "EMPLOYMENT",
    title: { sl: "Zavod RS za zaposlovanje, Urad za delo", en: "Employment Service of Slovenia, local office" },
    fields: {
      registeredUnemployed: { sl: "V evidenci brezposelnih oseb", en: "Registered unemployed", rule: ELIGIBILITY_FACTS },
      temporarilyUnemployable: { sl: "Začasno nezaposljiv (ZUTD)", en: "Temporarily unemployable (ZUTD)", rule: ELIGIBILITY_FACTS },
      employed: { sl: "Zaposlen", en: "Employed", rule: ELIGIBILITY_FACTS },
      jobseeker: { sl: "Evidenca iskalcev zaposlitve", en: "Jobseeker record", rule: "jobseeker record: Urad za delo, CSD, coordinator; the employment plan Urad za delo and coordinator" },
    },
  },
  {
    agency: "CSD",
    title: { sl: "Center za socialno delo (CSD)", en: "Centre for Social Work" },
    fields: {
      receivesSocialAssistance: { sl: "Prejemnik denarne socialne pomoči", en: "Receives financial social assistance (DSP)", rule: ELIGIBILITY_FACTS },
      hasComplexSocialProblems: { sl: "Kompleksna socialna problematika", en: "Complex social problems", rule: ELIGIBILITY_FACTS },
      socialAssistance: { sl: "Odločbe o denarni socialni pomoči", en: "Financial social assistance (DSP) decisions", rule: "DSP decisions (number, period, amount): the CSD only" },
      socialCase: { sl: "Socialna obravnava", en: "Social case", rule: "social case (case worker, note on complex social problems): the CSD only" },
    },
  },
  {
    agency: "PROVIDER",
    title: { sl: "Izvajalci programov socialne aktivacije", en: "Programme providers" },
    fields: {
      referrals: { sl: "Napotitve v programe", en: "Referrals to programmes", rule: JOURNEY },
      enrolments: { sl: "Vključitve v programe", en: "Enrolments in programmes", rule: JOURNEY },
    },
  },
  {
    agency: "COMMUNITY",
    title: { sl: "Ponudbe v skupnosti (partnerji)", en: "Community offers (partners)" },
    fields: {
      communityReferrals: { sl: "Napotitve k ponudbam v skupnosti", en: "Referrals to community offers", rule: "referrals: coordinator, and with consent Urad za delo and CSD, of the case team; providers no" },
    },
  },
];

/** The rule for the person as a whole (a refusal at `participant`): ACCESS.md, "The case team" and the reading table's OVERSIGHT column. */
export const WHOLE_PERSON_RULE =
  "a user outside the case team sees nothing personal about the participant; the ministry (OVERSIGHT), the data protection officer included, sees no personal data, only the access log";

/** Labels of the fields inside a Participant field's value, by name. */
export const VALUE_LABELS: Readonly<Record<string, Bilingual>> = {
  name: { sl: "naziv", en: "name" },
  region: { sl: "regija", en: "region" },
  granted: { sl: "privolitev velja", en: "consent in force" },
  grantedAt: { sl: "dana", en: "given" },
  withdrawnAt: { sl: "preklicana", en: "withdrawn" },
  eligible: { sl: "upravičen", en: "eligible" },
  grounds: { sl: "razlogi", en: "grounds" },
  programmeTypes: { sl: "vrste programov", en: "programme types" },
  text: { sl: "zapis", en: "note" },
  coordinatorId: { sl: "koordinator", en: "coordinator" },
  writtenAt: { sl: "zapisano", en: "written" },
  kind: { sl: "vrsta", en: "kind" },
  heldOn: { sl: "datum", en: "held on" },
  agencies: { sl: "ustanove", en: "agencies" },
  units: { sl: "prisotne enote", en: "units present" },
  agreements: { sl: "dogovori", en: "agreements" },
  run: { sl: "izvedba", en: "run" },
  startDate: { sl: "začetek", en: "start" },
  endDate: { sl: "konec", en: "end" },
  programme: { sl: "program", en: "programme" },
  provider: { sl: "izvajalec", en: "provider" },
  status: { sl: "stanje", en: "status" },
  registeredOn: { sl: "vpis v evidenco", en: "registered on" },
  office: { sl: "urad za delo", en: "office" },
  employmentPlan: { sl: "zaposlitveni načrt", en: "employment plan" },
  decisions: { sl: "odločbe", en: "decisions" },
  number: { sl: "številka", en: "number" },
  validFrom: { sl: "od", en: "from" },
  validTo: { sl: "do", en: "to" },
  monthlyAmount: { sl: "mesečni znesek", en: "monthly amount" },
  centre: { sl: "CSD", en: "centre" },
  caseWorker: { sl: "strokovni delavec", en: "case worker" },
  complexSocialProblemsNote: { sl: "zapis o kompleksni socialni problematiki", en: "note on complex social problems" },
  createdAt: { sl: "napoteno", en: "referred at" },
  enrolledOn: { sl: "vključen", en: "enrolled on" },
  exitedOn: { sl: "izstop", en: "left on" },
  exitOutcome: { sl: "izhod", en: "exit outcome" },
  attendanceRate: { sl: "prisotnost", en: "attendance" },
  phase: { sl: "faza", en: "phase" },
  type: { sl: "vrsta", en: "type" },
  referredOn: { sl: "napoteno", en: "referred on" },
  note: { sl: "opomba", en: "note" },
  offer: { sl: "ponudba", en: "offer" },
};

/** The fields whose values are enum values, and what each value says: `<field>.<VALUE>` where one value means two things. */
export const ENUM_KEYS = new Set(["gender", "residenceStatus", "stage", "grounds", "programmeTypes", "type", "phase", "status", "exitOutcome", "kind", "agencies", "agency", "dataOwner", "outcome", "action"]);

export const ENUM_LABELS: Readonly<Record<string, Bilingual>> = {
  FEMALE: { sl: "ženski", en: "female" },
  MALE: { sl: "moški", en: "male" },
  CITIZEN: { sl: "državljan RS", en: "Slovenian citizen" },
  PERMANENT_RESIDENCE: { sl: "dovoljenje za stalno prebivanje", en: "permanent residence" },
  OTHER: { sl: "drugo", en: "other" },
  CANDIDATE: { sl: "kandidat", en: "candidate" },
  MOTIVATION_INTERVIEW: { sl: "motivacijski razgovor", en: "motivational interview" },
  REFERRED: { sl: "napoten", en: "referred" },
  ENROLLED: { sl: "vključen", en: "enrolled" },
  FOLLOW_UP: { sl: "spremljanje", en: "follow-up" },
  CLOSED: { sl: "zaključeno", en: "closed" },
  WITHDRAWN: { sl: "umik", en: "withdrawn" },
  FINANCIAL_SOCIAL_ASSISTANCE: { sl: "prejemnik DSP", en: "receives DSP" },
  REGISTERED_UNEMPLOYED: { sl: "prijavljen kot brezposeln", en: "registered unemployed" },
  TEMPORARILY_UNEMPLOYABLE: { sl: "začasno nezaposljiv (ZUTD)", en: "temporarily unemployable (ZUTD)" },
  INACTIVE_COMPLEX_SOCIAL_PROBLEMS: { sl: "neaktiven, s kompleksno socialno problematiko", en: "inactive, with complex social problems" },
  GENERAL: { sl: "splošni", en: "general" },
  WOMEN_LANGUAGE_BARRIERS: { sl: "ženske z jezikovnimi ovirami", en: "women with language barriers" },
  ROMA_WOMEN: { sl: "Rominje", en: "Roma women" },
  NOT_STARTED: { sl: "še ni začeta", en: "not started" },
  PREPARATION: { sl: "priprava", en: "preparation" },
  IMPLEMENTATION: { sl: "izvajanje", en: "implementation" },
  FINISHED: { sl: "končana", en: "finished" },
  UNEMPLOYED: { sl: "brezposeln", en: "unemployed" },
  EMPLOYED: { sl: "zaposlen", en: "employed" },
  DEREGISTERED: { sl: "odjavljen", en: "deregistered" },
  COMPLETED: { sl: "zaključil", en: "completed" },
  LEFT_EARLY: { sl: "predčasno izstopil", en: "left early" },
  EMPLOYMENT: { sl: "Urad za delo", en: "Employment Service" },
  "exitOutcome.EMPLOYMENT": { sl: "zaposlitev", en: "employment" },
  EDUCATION: { sl: "izobraževanje", en: "education" },
  OTHER_PROGRAMME: { sl: "drug program", en: "another programme" },
  COMMUNITY_SERVICE: { sl: "storitev v skupnosti", en: "community service" },
  NO_EXIT: { sl: "brez izhoda", en: "no exit" },
  RECRUITMENT: { sl: "nabor kandidatov", en: "recruitment" },
  OPENING: { sl: "uvodni", en: "opening" },
  INTERIM: { sl: "vmesni", en: "interim" },
  CLOSING: { sl: "zaključni", en: "closing" },
  PENDING: { sl: "v obravnavi", en: "pending" },
  DECLINED: { sl: "zavrnjena", en: "declined" },
  CSD: { sl: "CSD", en: "Centre for Social Work" },
  COORDINATION: { sl: "koordinator", en: "coordination" },
  PROVIDER: { sl: "izvajalec", en: "provider" },
  OVERSIGHT: { sl: "ministrstvo (nadzor)", en: "ministry (oversight)" },
  COMMUNITY: { sl: "partner v skupnosti", en: "community partner" },
  SERVED: { sl: "posredovano", en: "served" },
  REFUSED: { sl: "zavrnjeno", en: "refused" },
  READ: { sl: "branje", en: "read" },
  WRITE: { sl: "zapis", en: "write" },
};
