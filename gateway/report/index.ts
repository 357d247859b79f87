import type http from "node:http";
import { Agency } from "../../shared/agency";
import type { Caller } from "../../shared/context";
import { ErrorCode } from "../../shared/errors";
import { HttpRefusal, type EngineAnswer, type OperationRoute } from "../../shared/graphql-http";
import { isUuid, notAnId } from "../../shared/identifiers";
import { PARTICIPANT_REPORT_OPERATION } from "../../shared/operation-names";
import { isDataProtectionOfficer } from "../../shared/policy/roles";
import type { GatewayAdmission } from "../front";
import { REPORT_CSP, renderParticipantReport, type AnswerError, type ParticipantReportData } from "./participant-report.html";
import { participantReportOperation } from "./participant-report.operation";

/**
 * The participant's report (issue 16; GDPR Art. 15): `GET /report/<participantId>` with the same
 * bearer token as /graphql answers a self-contained HTML document (participant-report.html.ts) of
 * everything every agency holds about the person, as each agency's policy lets the caller see it,
 * and the merged access log with its proofs.
 *
 * The gateway produces it by running one operation, ParticipantReport (participant-report.operation.ts),
 * through its own engine as the caller: every subgraph applies its own rules (ACCESS.md) and records
 * its reads under that name, so producing a report is itself in the person's access log.
 *
 * Who may have it: the participant's assigned coordinator and a data protection officer — those who
 * may read the person's access log (ACCESS.md, reading table: "the participant's access log").
 * Anyone else gets one refusal, 403 with the same words, whether the person exists or not (ACCESS.md,
 * "Existence is personal data"): users of other roles before anything is asked, a coordinator once
 * `accessLog` is refused (the coordination subgraph refuses an unknown person and another
 * coordinator's alike). Errors: 401 without a token, 400 for an id that is not a UUID, 405 for a
 * method other than GET, 403 as above, 503 when the access log could not be read (an agency
 * down): a report without the log would not say who received the data. Refusals are GraphQL JSON
 * (`{"errors":[{"message","extensions":{"code"}}]}`) like every refusal of the hub, never a stack trace.
 */
export const REPORT_PATH = "/report/";

/** The one refusal for everyone who may not have a person's report, the same for a person who does not exist. */
export const reportRefusal = (participantId: string) =>
  new HttpRefusal(
    403,
    ErrorCode.FORBIDDEN,
    `No participant with id ${participantId} is among the people whose report you may produce: the participant's report is for the person's assigned coordinator and a data protection officer (ACCESS.md, the participant's access log)`,
  );

/** Roles that may ask at all: the coordinator (the subgraph then decides whether assigned) and the DPO. */
const mayAskForReports = (caller: Caller) => (caller.agency === Agency.COORDINATION && caller.roles.includes("COORDINATOR")) || isDataProtectionOfficer(caller);

/** The id in `/report/<id>`; 400 BAD_USER_INPUT for anything that is not one of the hub's ids. */
function participantIdOf(path: string): string {
  let id: string;
  try {
    id = decodeURIComponent(path.slice(REPORT_PATH.length));
  } catch {
    id = path.slice(REPORT_PATH.length);
  }
  if (!isUuid(id)) throw new HttpRefusal(400, ErrorCode.BAD_USER_INPUT, notAnId("participantId", id).message);
  return id.toLowerCase();
}

async function answerJson(answer: EngineAnswer): Promise<{ data?: ParticipantReportData | null; errors?: AnswerError[] }> {
  let text = "";
  if (typeof answer.body === "string") text = answer.body;
  else for await (const chunk of answer.body) text += chunk;
  return JSON.parse(text) as { data?: ParticipantReportData | null; errors?: AnswerError[] };
}

/** The headers of the report's page: no cache (set by the front), no sniffing, no frame, its own CSP. */
const REPORT_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": REPORT_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-resource-policy": "same-origin",
  "content-disposition": `inline; filename="participant-report.html"`,
};

/** Participant's reports one gateway process produces at once, for all callers together. */
export const REPORTS_AT_ONCE = 2;

/**
 * The gateway's operation routes (shared/graphql-http.ts `operationRoutes`): the participant's
 * report under /report/. Shape: the supergraph (whether its access records carry proofs) → path → route.
 */
export function participantReportRoutes(supergraphSdl: string, admitReport: (caller: Caller) => Promise<void> = async () => {}): (path: string) => OperationRoute<GatewayAdmission> | undefined {
  const operation = participantReportOperation(supergraphSdl);
  let producing = 0;
  const route: OperationRoute<GatewayAdmission> = {
    logAs: `${REPORT_PATH}*`,
    async answer(request: http.IncomingMessage, response: http.ServerResponse, admission, execute) {
      const method = (request.method ?? "GET").toUpperCase();
      // Not HEAD either: producing a report reads every agency's data and is recorded.
      if (method !== "GET") throw new HttpRefusal(405, ErrorCode.BAD_REQUEST, "The participant's report is read with GET", { allow: "GET" });
      const caller = admission.caller;
      if (!caller) throw new HttpRefusal(401, ErrorCode.UNAUTHENTICATED, "Not signed in: send Authorization: Bearer <token>");
      const participantId = participantIdOf((request.url ?? "/").split("?")[0]);
      if (!mayAskForReports(caller)) throw reportRefusal(participantId);
      // Red team (issue 18): a report reads every agency's data and the person's whole access log;
      // four coordinators asking for one a second, within their own limit, held a caseworker's
      // ParticipantView up for seconds at coordination. So a few at once for everyone, the rest 503.
      if (producing >= REPORTS_AT_ONCE) {
        throw new HttpRefusal(503, ErrorCode.OVERLOADED, `Other participants' reports are being produced (at most ${REPORTS_AT_ONCE} at once); try again in 5 s`, { "retry-after": "5" });
      }
      // A limit of its own (RATE_LIMIT_REPORTS_PER_MINUTE): a report is the costliest read there is.
      await admitReport(caller);
      producing += 1;
      try {
        await produce(response, participantId, caller, execute);
      } finally {
        producing -= 1;
      }
    },
  };
  async function produce(response: http.ServerResponse, participantId: string, caller: Caller, execute: Parameters<OperationRoute<GatewayAdmission>["answer"]>[3]): Promise<void> {
    const producedAt = new Date();
    const answer = await answerJson(await execute({ query: operation.query, operationName: PARTICIPANT_REPORT_OPERATION, variables: { id: participantId } }));
    const errors = answer.errors ?? [];
    const logError = errors.find((error) => error.path?.[0] === "accessLog");
    if (logError?.extensions?.code === ErrorCode.FORBIDDEN) throw reportRefusal(participantId);
    if (!answer.data?.accessLog) {
      const cause = logError ?? errors[0];
      const code = String(cause?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
      // The engine's own refusals (a limit, the time budget) keep their code; the rest say which part failed.
      throw new HttpRefusal(503, code, `The participant's report could not be produced: the access log is not available (${code})`, { "retry-after": "30" });
    }
    const html = Buffer.from(renderParticipantReport({ participantId, data: answer.data, errors, producedBy: caller, producedAt, withProofs: operation.withProofs }));
    response.writeHead(200, { ...REPORT_HEADERS, "content-length": html.length });
    response.end(html);
  }
  return (path) => (path.startsWith(REPORT_PATH) ? route : undefined);
}
