import { createHash } from "node:crypto";
import type { Caller } from "../../shared/context";
import { PARTICIPANT_REPORT_OPERATION } from "../../shared/operation-names";
import { ENUM_KEYS, ENUM_LABELS, REPORT_SECTIONS, VALUE_LABELS, WHOLE_PERSON_RULE, type Bilingual, type ReportField } from "./participant-report.labels";

/**
 * A participant's report as a self-contained HTML document (GDPR Art. 15, issue 16): what each
 * agency holds about the person as far as the producer may see it, each withheld field with the
 * rule that withheld it, the merged access log (Art. 15(1)(c): the recipients), and, where the hub
 * signs its logs, the inclusion proofs of its records. Headings in Slovenian and English; no
 * script, no external resource, one inline style (allowed by its hash: REPORT_STYLE_HASH), a print
 * stylesheet. Every value from the answer is escaped: names may hold anything (`<script>` too).
 */

/** One error of the operation's answer, as GraphQL over HTTP sends it. */
export interface AnswerError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One record of `accessLog` (the AccessRecord type); `proof` only where the schema has it. */
export interface AccessRecordView {
  at: string;
  subject: string;
  agency: string;
  unit: string;
  operationName: string;
  dataOwner: string;
  action: string;
  fields: string[];
  outcome: string;
  refusedBy: string | null;
  proof?: unknown;
}

interface Named {
  id: string;
  name: string;
}

/** The data of the ParticipantReport operation (gateway/report/participant-report.operation.ts). */
export interface ParticipantReportData {
  participant?: Record<string, unknown> | null;
  accessLog?: AccessRecordView[] | null;
  employmentOffices?: Named[] | null;
  socialWorkCentres?: Named[] | null;
  coordinators?: Named[] | null;
  providers?: Named[] | null;
}

export interface ParticipantReportInput {
  participantId: string;
  data: ParticipantReportData;
  errors: readonly AnswerError[];
  /** Who asked for the report. */
  producedBy: Caller;
  producedAt: Date;
  /** Whether the operation asked for `AccessRecord.proof` (the schema has it). */
  withProofs: boolean;
}

/** Text for HTML, in an element or a quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const both = (label: Bilingual, tag = "span") => `${escapeHtml(label.sl)} <${tag} lang="en" class="en">/ ${escapeHtml(label.en)}</${tag}>`;

const LJUBLJANA_DATE = new Intl.DateTimeFormat("sl-SI", { timeZone: "Europe/Ljubljana", day: "numeric", month: "numeric", year: "numeric" });
const LJUBLJANA_TIME = new Intl.DateTimeFormat("sl-SI", { timeZone: "Europe/Ljubljana", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const EUROS = new Intl.NumberFormat("sl-SI", { style: "currency", currency: "EUR" });

/** A DateTime as Ljubljana's wall clock, "30. 11. 2026 23:44:14". */
export const dateTime = (value: Date) => `${LJUBLJANA_DATE.format(value)} ${LJUBLJANA_TIME.format(value)}`;
/** A calendar date "2026-11-27" as "27. 11. 2026" (no time zone: it is a day). */
const calendarDate = (value: string) => `${Number(value.slice(8, 10))}. ${Number(value.slice(5, 7))}. ${value.slice(0, 4)}`;

const IS_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const NONE = `<span class="none">—</span>`;
const NO_RECORD = `<span class="none">ni podatka <span lang="en">/ none</span></span>`;

/** Renders one leaf value, by the field it is of; `unitName` turns a unit's id into its name. */
function leaf(key: string, value: unknown, unitName: (id: string) => string): string {
  if (value === null || value === undefined) return NONE;
  if (typeof value === "boolean") return value ? `da <span lang="en" class="en">/ yes</span>` : `ne <span lang="en" class="en">/ no</span>`;
  if (typeof value === "number") {
    if (key === "attendanceRate") return escapeHtml(`${Math.round(value * 100)} %`);
    if (key === "monthlyAmount") return escapeHtml(EUROS.format(value));
    return escapeHtml(String(value));
  }
  const text = String(value);
  if (ENUM_KEYS.has(key)) {
    const label = ENUM_LABELS[`${key}.${text}`] ?? ENUM_LABELS[text];
    return label ? both(label) : escapeHtml(text);
  }
  if (key === "units" || key === "coordinatorId" || key === "unit") return escapeHtml(unitName(text));
  if (IS_DATE.test(text)) return escapeHtml(calendarDate(text));
  if (IS_DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))) return escapeHtml(dateTime(new Date(text)));
  return escapeHtml(text);
}

/** An object's leaves as dotted paths, ids and type names left out (they mean nothing to the person). */
function flatten(value: Record<string, unknown>, prefix = ""): [string, unknown][] {
  const leaves: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === "id" || key === "__typename") continue;
    if (inner && typeof inner === "object" && !Array.isArray(inner)) leaves.push(...flatten(inner as Record<string, unknown>, `${prefix}${key}.`));
    else leaves.push([`${prefix}${key}`, inner]);
  }
  return leaves;
}

/** The label of a dotted path: its last part, or for a `name` the thing it names ("run.programme.provider.name": the provider). */
function pathLabel(path: string): Bilingual {
  const parts = path.split(".");
  const last = parts.at(-1)!;
  const named = last === "name" && parts.length > 1 ? parts.at(-2)! : last;
  return VALUE_LABELS[named] ?? { sl: named, en: named };
}

/** A Participant field's value: a leaf, a list of leaves, an object (a list of its leaves), or a list of objects (a table). */
function fieldValue(key: string, value: unknown, unitName: (id: string) => string): string {
  if (value === null || value === undefined) return NO_RECORD;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<span class="none">ni zapisov <span lang="en">/ none</span></span>`;
    if (value.every((item) => item === null || typeof item !== "object")) return value.map((item) => leaf(key, item, unitName)).join(", ");
    const rows = value.map((item) => flatten(item as Record<string, unknown>));
    const columns = [...new Set(rows.flatMap((row) => row.map(([path]) => path)))];
    const cell = (row: [string, unknown][], column: string) => {
      const found = row.find(([path]) => path === column)?.[1];
      return Array.isArray(found) ? (found.length ? found.map((item) => leaf(column.split(".").at(-1)!, item, unitName)).join(", ") : NONE) : leaf(column.split(".").at(-1)!, found, unitName);
    };
    return `<table class="inner"><thead><tr>${columns.map((column) => `<th>${both(pathLabel(column))}</th>`).join("")}</tr></thead><tbody>${rows
      .map((row) => `<tr>${columns.map((column) => `<td>${cell(row, column)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  }
  if (typeof value === "object") {
    const leaves = flatten(value as Record<string, unknown>);
    if (leaves.length === 0) return NONE;
    return `<dl class="inner">${leaves
      .map(([path, inner]) => `<dt>${both(pathLabel(path))}</dt><dd>${Array.isArray(inner) || (inner && typeof inner === "object") ? fieldValue(path.split(".").at(-1)!, inner, unitName) : leaf(path.split(".").at(-1)!, inner, unitName)}</dd>`)
      .join("")}</dl>`;
  }
  return leaf(key, value, unitName);
}

/** The line of a withheld field, or one not available: what, and why, with the ACCESS.md row. */
function withheldLine(error: AnswerError, rule: string | undefined, subPath: string): string {
  const forbidden = error.extensions?.code === "FORBIDDEN";
  const what = forbidden ? `Zadržano <span lang="en" class="en">/ Withheld</span>` : `Ni na voljo <span lang="en" class="en">/ Not available</span>`;
  const where = subPath ? ` <span class="subpath">(${escapeHtml(subPath)})</span>` : "";
  const why = `<span lang="en">${escapeHtml(error.message)}</span>`;
  const row = forbidden && rule ? `<br><span class="rule">Pravilo <span lang="en" class="en">/ Rule</span> (ACCESS.md): <span lang="en">${escapeHtml(rule)}</span></span>` : "";
  return `<span class="withheld-mark">${what}</span>${where}: ${why}${row}`;
}

/** Errors at or under `participant.<field>`, with the rest of their path ("0.run"), by field. */
function errorsByField(errors: readonly AnswerError[]): { whole: AnswerError | undefined; byField: Map<string, { error: AnswerError; subPath: string }[]> } {
  const byField = new Map<string, { error: AnswerError; subPath: string }[]>();
  let whole: AnswerError | undefined;
  for (const error of errors) {
    const path = error.path ?? [];
    if (path[0] !== "participant") continue;
    if (path.length === 1) {
      whole ??= error;
      continue;
    }
    const field = String(path[1]);
    byField.set(field, [...(byField.get(field) ?? []), { error, subPath: path.slice(2).join(".") }]);
  }
  return { whole, byField };
}

function agencySection(section: (typeof REPORT_SECTIONS)[number], participant: Record<string, unknown> | null | undefined, found: ReturnType<typeof errorsByField>, unitName: (id: string) => string): string {
  const heading = `<h3>${both(section.title)}</h3>`;
  const id = `agency-${escapeHtml(section.agency.toLowerCase())}`;
  // The whole person withheld (the reason is said once, above the sections): the section lists what it holds.
  if (found.whole) {
    const what = found.whole.extensions?.code === "FORBIDDEN" ? `Zadržano <span lang="en" class="en">/ Withheld</span>` : `Ni na voljo <span lang="en" class="en">/ Not available</span>`;
    const labels = Object.values(section.fields).map((label) => both(label)).join("; ");
    return `<section class="agency" id="${id}">
${heading}
<p class="withheld-all"><span class="withheld-mark">${what}</span>: ${labels}</p>
</section>`;
  }
  const rows: string[] = [];
  for (const [field, label] of Object.entries(section.fields) as [string, ReportField][]) {
    const errors = found.byField.get(field) ?? [];
    const head = `<th scope="row">${both(label)}</th>`;
    const value = participant?.[field];
    const shown = errors.length && (value === null || value === undefined) ? "" : fieldValue(field, value, unitName);
    const lines = errors.map(({ error, subPath }) => `<div class="withheld-line">${withheldLine(error, label.rule, subPath)}</div>`).join("");
    rows.push(`<tr${errors.length ? ` class="withheld"` : ""}>${head}<td>${shown}${lines}</td></tr>`);
  }
  return `<section class="agency" id="${id}">
${heading}
<table class="fields"><tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}

/** The access log's recipients (Art. 15(1)(c)): each agency and unit that read, with how many reads and when last. */
function recipients(records: readonly AccessRecordView[], unitName: (id: string) => string): string {
  const byUnit = new Map<string, { agency: string; unit: string; count: number; last: string }>();
  for (const record of records) {
    const key = `${record.agency}\u0000${record.unit}`;
    const seen = byUnit.get(key);
    if (seen) seen.count += 1;
    else byUnit.set(key, { agency: record.agency, unit: record.unit, count: 1, last: record.at });
  }
  if (byUnit.size === 0) return "";
  return `<ul class="recipients">${[...byUnit.values()]
    .map((entry) => `<li>${leaf("agency", entry.agency, unitName)}: <strong>${escapeHtml(unitName(entry.unit))}</strong> — ${entry.count}× <span class="none">(zadnjič <span lang="en" class="en">/ last</span> ${leaf("at", entry.last, unitName)})</span></li>`)
    .join("")}</ul>`;
}

function accessLogTable(records: readonly AccessRecordView[], unitName: (id: string) => string): string {
  if (records.length === 0) return `<p class="none">V dnevniku ni zapisov. <span lang="en" class="en">/ The log holds no records.</span></p>`;
  const head = [
    { sl: "Kdaj", en: "When" },
    { sl: "Kdo", en: "Who" },
    { sl: "Ustanova", en: "Agency" },
    { sl: "Enota", en: "Unit" },
    { sl: "Operacija", en: "Operation" },
    { sl: "Čigavi podatki", en: "Whose data" },
    { sl: "Podatki", en: "Fields" },
    { sl: "Izid", en: "Outcome" },
  ];
  const rows = records.map(
    (record, index) => `<tr class="${record.outcome === "REFUSED" ? "refused" : "served"}"><td class="n">${index + 1}</td><td class="when">${leaf("at", record.at, unitName)}</td><td>${escapeHtml(record.subject)}</td><td>${leaf("agency", record.agency, unitName)}</td><td>${escapeHtml(unitName(record.unit))}</td><td>${escapeHtml(record.operationName)}</td><td>${leaf(
      "dataOwner",
      record.dataOwner,
      unitName,
    )}</td><td class="fields-read">${leaf("action", record.action, unitName)}: ${escapeHtml(record.fields.join(", "))}</td><td class="outcome">${leaf("outcome", record.outcome, unitName)}${record.refusedBy ? `<br><span class="rule" lang="en">${escapeHtml(record.refusedBy)}</span>` : ""}</td></tr>`,
  );
  return `<table class="log"><thead><tr><th>#</th>${head.map((label) => `<th>${both(label)}</th>`).join("")}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`;
}

/** A long string shown by its ends ("a1b2c3…x9y8"), the whole of it in the JSON bundle. */
const shortened = (text: string, keep = 12) => (text.length > keep * 2 + 1 ? `${text.slice(0, keep)}…${text.slice(-keep)}` : text);

/** A text as one line: a signed note's lines (a checkpoint) each by its ends, joined by " | "; separators and other controls as "¦". */
const oneLine = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => shortened(line.replace(/[\u0000-\u001f\u007f]/g, "¦")))
    .join(" | ");

/** One proof, compactly: each leaf as `name: value`, long values by their ends, lists by their length and ends. */
function compactProof(proof: unknown, prefix = ""): string[] {
  if (proof === null || proof === undefined) return [];
  if (typeof proof !== "object") return [`${prefix || "proof"}: ${oneLine(String(proof))}`];
  if (Array.isArray(proof)) return [`${prefix}: [${proof.length}${proof.length ? `: ${proof.map((item) => shortened(typeof item === "object" ? JSON.stringify(item) : String(item), 6)).join(", ")}` : ""}]`];
  return Object.entries(proof as Record<string, unknown>).flatMap(([key, value]) => compactProof(value, prefix ? `${prefix}.${key}` : key));
}

/** The data: URL of the proofs' JSON bundle: every record with its proof, to check without the hub. */
function proofBundle(input: ParticipantReportInput, records: readonly AccessRecordView[]): string {
  const bundle = {
    kind: "social-activation-hub/participant-report-proofs",
    participantId: input.participantId,
    producedAt: input.producedAt.toISOString(),
    note: "Each record's proof is an RFC 6962 inclusion proof of the record's leaf in its agency's log, against that log's signed checkpoint.",
    records: records.map(({ proof, ...record }) => ({ record, proof: proof ?? null })),
  };
  return `data:application/json;base64,${Buffer.from(JSON.stringify(bundle, null, 2), "utf8").toString("base64")}`;
}

function proofAppendix(input: ParticipantReportInput, records: readonly AccessRecordView[]): string {
  const items = records.map((record, index) => {
    const lines = compactProof(record.proof);
    return `<li value="${index + 1}">${lines.length ? `<code>${lines.map(escapeHtml).join(" · ")}</code>` : `<span class="none">še ni v podpisani kontrolni točki <span lang="en">/ not yet covered by a signed checkpoint</span></span>`}</li>`;
  });
  const file = `dokazila-${input.producedAt.toISOString().slice(0, 10)}.json`;
  return `<section class="proofs" id="proofs">
<h2>Dokazila <span lang="en" class="en">/ Proof material</span></h2>
<p>Vsak zapis dnevnika je list Merklovega drevesa dnevnika agencije, ki ga je zapisala. Dokazilo vključitve (RFC 6962) pokaže, da je zapis v dnevniku, ki ga potrjuje podpisana kontrolna točka; preveri ga lahko kdorkoli, ki ima kontrolno točko, brez programske opreme vozlišča.
<span lang="en" class="en">Each log record is a leaf of the Merkle tree of the agency's log that wrote it. Its inclusion proof (RFC 6962) shows that the record is in the log a signed checkpoint vouches for; anyone holding the checkpoint can check it without the hub's software.</span></p>
<p><a class="bundle" download="${escapeHtml(file)}" href="${proofBundle(input, records)}">Prenesi vsa dokazila (JSON) <span lang="en" class="en">/ Download every proof (JSON)</span></a></p>
<ol class="proof-list">
${items.join("\n")}
</ol>
</section>`;
}

/** The document's one style: inline, so the file stands alone; allowed by its hash, so no other inline style is. */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6571; --line: #d0d4da; --band: #eef2f7; --accent: #1d3a5f; --warn: #8a1c1c; --warn-bg: #fbeeee; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
header.report { border-bottom: 3px solid var(--accent); padding-bottom: 0.75rem; margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; color: var(--accent); }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; color: var(--accent); border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
.en { color: var(--muted); font-weight: normal; }
.subtitle { margin: 0; color: var(--muted); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.75rem 0 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.rights { background: var(--band); border-left: 4px solid var(--accent); padding: 0.6rem 1rem; margin: 1rem 0; display: grid; grid-template-columns: 1fr 1fr; gap: 0.2rem 1.5rem; font-size: 0.92em; }
.rights p { margin: 0.3rem 0; }
.incomplete { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: 0.6rem 1rem; }
table { border-collapse: collapse; width: 100%; }
table.fields > tbody > tr > th { width: 19rem; text-align: left; vertical-align: top; font-weight: 600; padding: 0.35rem 0.75rem 0.35rem 0; border-bottom: 1px solid var(--line); }
table.fields > tbody > tr > td { vertical-align: top; padding: 0.35rem 0; border-bottom: 1px solid var(--line); }
tr.withheld > td, p.withheld-all { color: var(--warn); }
.withheld-mark { font-weight: 600; }
.withheld-line + .withheld-line { margin-top: 0.3rem; }
.rule, .subpath { color: var(--muted); font-size: 0.9em; }
.none { color: var(--muted); }
table.inner { font-size: 0.95em; margin: 0.1rem 0; }
table.inner th, table.inner td { text-align: left; vertical-align: top; padding: 0.2rem 0.5rem 0.2rem 0; border-bottom: 1px dotted var(--line); }
table.inner th { font-weight: 600; }
dl.inner { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0; }
dl.inner dt { color: var(--muted); }
dl.inner dd { margin: 0; }
ul.recipients { margin: 0.3rem 0 0.8rem; padding-left: 1.2rem; }
table.log { font-size: 0.85em; }
table.log th, table.log td { text-align: left; vertical-align: top; padding: 0.25rem 0.4rem; border-bottom: 1px solid var(--line); }
table.log thead th { background: var(--band); }
table.log td.n { color: var(--muted); text-align: right; }
table.log td.when { white-space: nowrap; }
table.log td.fields-read { min-width: 10rem; overflow-wrap: break-word; }
table.log td.outcome { min-width: 6.5rem; max-width: 13rem; overflow-wrap: anywhere; }
table.log tr.refused td { background: var(--warn-bg); }
ol.proof-list { font-size: 0.8em; padding-left: 2.5rem; }
ol.proof-list code { overflow-wrap: anywhere; }
a.bundle { font-weight: 600; color: var(--accent); }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--line); padding-top: 0.5rem; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  @page { size: A4; margin: 15mm 12mm; }
  section.agency, .rights { break-inside: avoid; }
  .rights { grid-template-columns: 1fr; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a.bundle { color: var(--ink); text-decoration: none; }
}
`;

/** The CSP hash source of REPORT_STYLE, for the report's own CSP and the explorer's (which opens the report from a blob: URL, under its own policy). */
export const REPORT_STYLE_HASH = `'sha256-${createHash("sha256").update(REPORT_STYLE).digest("base64")}'`;

/** The report's Content-Security-Policy: nothing loads, nothing runs, only its own style. */
export const REPORT_CSP = ["default-src 'none'", `style-src ${REPORT_STYLE_HASH}`, "img-src data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join("; ");

/**
 * The report as HTML. Shape: the operation's data and errors, who asked and when → a whole
 * document. Errors at `participant` (the whole person: the DPO) or under it (a field) become
 * withheld lines in every section concerned; any other code than FORBIDDEN marks the report
 * incomplete (an agency's service did not answer).
 */
export function renderParticipantReport(input: ParticipantReportInput): string {
  const { data, errors, producedBy, producedAt } = input;
  const units = new Map<string, string>();
  for (const list of [data.employmentOffices, data.socialWorkCentres, data.coordinators, data.providers]) for (const unit of list ?? []) units.set(unit.id, unit.name);
  const unitName = (id: string) => units.get(id) ?? id;
  const participant = data.participant;
  const records = data.accessLog ?? [];
  const found = errorsByField(errors);
  const incomplete = errors.some((error) => error.extensions?.code !== "FORBIDDEN");
  const name = participant && (participant.firstName || participant.lastName) ? [participant.firstName, participant.lastName].filter((part) => typeof part === "string").join(" ") : null;
  const producer = `${escapeHtml(producedBy.sub)} — ${both(ENUM_LABELS[producedBy.agency] ?? { sl: producedBy.agency, en: producedBy.agency })}, ${escapeHtml(unitName(producedBy.unit))}${producedBy.roles.length ? ` (${escapeHtml(producedBy.roles.join(", "))})` : ""}`;

  return `<!doctype html>
<html lang="sl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Poročilo o osebnih podatkih / Personal data report${name ? ` — ${escapeHtml(name)}` : ""}</title>
<link rel="icon" href="data:,">
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<header class="report">
<h1>Poročilo o osebnih podatkih <span lang="en" class="en">/ Personal data report</span></h1>
<p class="subtitle">Socialna aktivacija — pravica posameznika do dostopa (člen 15 GDPR) <span lang="en">/ Social activation — the data subject's right of access (GDPR Art. 15)</span></p>
<dl class="meta">
<dt>Udeleženec <span lang="en" class="en">/ Participant</span></dt><dd>${name ? `<strong>${escapeHtml(name)}</strong>, ` : ""}<code>${escapeHtml(input.participantId)}</code></dd>
<dt>Izdelano <span lang="en" class="en">/ Produced</span></dt><dd>${escapeHtml(dateTime(producedAt))} <span class="none">(Europe/Ljubljana)</span></dd>
<dt>Izdelal <span lang="en" class="en">/ Produced by</span></dt><dd>${producer}</dd>
</dl>
</header>

<section class="rights">
<p>Po členu 15 Splošne uredbe o varstvu podatkov (GDPR) imate pravico izvedeti, ali se vaši osebni podatki obdelujejo, dobiti njihovo kopijo in izvedeti namene obdelave, vrste podatkov, uporabnike, ki so jim bili razkriti, in kako dolgo se hranijo. Imate pravico zahtevati popravek ali izbris, omejitev obdelave ali ugovarjati obdelavi ter vložiti pritožbo pri Informacijskem pooblaščencu.</p>
<p lang="en" class="en">Under Article 15 of the General Data Protection Regulation (GDPR) you have the right to know whether your personal data are processed, to receive a copy of them, and to learn the purposes of processing, the categories of data, the recipients they were disclosed to and how long they are kept. You may ask for rectification or erasure, restriction of processing, or object to it, and you may lodge a complaint with the Information Commissioner (Informacijski pooblaščenec).</p>
<p>To poročilo zbira, kar o vas hranijo agencije programa socialne aktivacije, kolikor jih sme videti izdelovalec poročila; česar ne sme, je navedeno kot zadržano, z razlogom — te podatke vam na zahtevo da agencija, ki jih hrani. Izdelava poročila je zabeležena v dnevniku dostopov (operacija ${PARTICIPANT_REPORT_OPERATION}).</p>
<p lang="en" class="en">This report gathers what the agencies of the social activation programme hold about you, as far as its producer may see it; what the producer may not see is listed as withheld, with the reason — the agency that holds it gives it to you on request. Producing this report is recorded in the access log (operation ${PARTICIPANT_REPORT_OPERATION}).</p>
</section>
${incomplete ? `<p class="incomplete"><strong>Poročilo ni popolno</strong>: del podatkov ni bil na voljo (glej »Ni na voljo«). <span lang="en" class="en">/ This report is incomplete: some data was not available (see "Not available").</span></p>\n` : ""}
<h2>Osebni podatki <span lang="en" class="en">/ Personal data</span></h2>
${found.whole ? `<p class="withheld-all">${withheldLine(found.whole, found.whole.extensions?.code === "FORBIDDEN" ? WHOLE_PERSON_RULE : undefined, "")}</p>\n` : ""}${REPORT_SECTIONS.map((section) => agencySection(section, participant, found, unitName)).join("\n")}

<section class="access-log" id="access-log">
<h2>Kdo je dostopal do vaših podatkov <span lang="en" class="en">/ Who accessed your data</span></h2>
<p>Združeni dnevnik dostopov vseh agencij, najnovejši zapisi najprej${records.length >= 500 ? " (zadnjih 500)" : ""}: vsako branje ali zapis vaših podatkov, posredovano ali zavrnjeno. <span lang="en" class="en">The merged access log of every agency, newest first${records.length >= 500 ? " (the latest 500)" : ""}: every read or change of your data, served or refused.</span></p>
<h3>Prejemniki <span lang="en" class="en">/ Recipients</span></h3>
${recipients(records, unitName) || `<p class="none">—</p>`}
<h3>Zapisi <span lang="en" class="en">/ Records</span> (${records.length})</h3>
${accessLogTable(records, unitName)}
</section>
${input.withProofs ? proofAppendix(input, records) : ""}
<footer>
<p>Vozlišče socialne aktivacije <span lang="en" class="en">/ Social activation hub</span> · ${escapeHtml(dateTime(producedAt))} · ${escapeHtml(input.participantId)}</p>
</footer>
</main>
</body>
</html>
`;
}
