import fs from "node:fs";
import { GraphQLError, parse } from "graphql";
import { SUPERGRAPH_PATH } from "./index";
import { onlySelectedErrors } from "./selection";
import { isUnavailable, subgraphUnavailable } from "../shared/unavailable";
import { outageModel, placeOutageErrors } from "./unavailable";

const model = outageModel(fs.readFileSync(SUPERGRAPH_PATH, "utf8"));
const outage = () => {
  const { message, extensions } = subgraphUnavailable("csd", "CSD");
  return { message, extensions: { ...extensions } };
};

describe("isUnavailable", () => {
  it("takes refused, reset and timed-out connections, and a 5xx without GraphQL errors, as a service not answering", () => {
    expect(isUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4002"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("The operation was aborted"), { name: "AbortError" }))).toBe(true);
    expect(isUnavailable(new GraphQLError("502: Bad Gateway", { extensions: { response: { status: 502, body: "" } } }))).toBe(true);
  });

  it("leaves a subgraph's own answer alone: a 4xx, or a 5xx that carries GraphQL errors", () => {
    expect(isUnavailable(new GraphQLError("400: Bad Request", { extensions: { response: { status: 400, body: { errors: [{ message: "x" }] } } } }))).toBe(false);
    expect(isUnavailable(new GraphQLError("500", { extensions: { response: { status: 500, body: { errors: [{ message: "x" }] } } } }))).toBe(false);
    expect(isUnavailable(new Error("Expected JSON response body"))).toBe(false);
  });
});

describe("placeOutageErrors", () => {
  const document = parse(`
    query Page {
      page: participants(first: 2) { edges { node { ...Facts } } }
      socialWorkCentres { id }
      coordinators { id }
    }
    fragment Facts on Participant { who: firstName receivesSocialAssistance socialCase { caseWorker } }
  `);

  it("puts the error at every aliased, fragment-selected, listed field the subgraph left empty, and nowhere else", () => {
    const data = {
      page: { edges: [{ node: { who: "Ana", receivesSocialAssistance: null, socialCase: null } }, { node: { who: "Bor", receivesSocialAssistance: true, socialCase: { caseWorker: "X" } } }] },
      socialWorkCentres: null,
      coordinators: [{ id: "c1" }],
    };
    const placed = placeOutageErrors(model, [outage(), outage()], document, "Page", data);
    expect(placed.map((error) => error.path)).toEqual([
      ["page", "edges", 0, "node", "receivesSocialAssistance"],
      ["page", "edges", 0, "node", "socialCase"],
      ["socialWorkCentres"],
    ]);
    expect(placed[2]).toMatchObject({ locations: [{ line: 4, column: 7 }], extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "csd", agency: "CSD" } });
    expect(onlySelectedErrors(placed, document)).toEqual(placed);
  });

  it("keeps one error without a path when nothing in the answer is missing, and leaves other errors as they are", () => {
    const forbidden = { message: "no", path: ["coordinators"], extensions: { code: "FORBIDDEN" } };
    const placed = placeOutageErrors(model, [outage(), forbidden, outage()], document, "Page", { page: null, socialWorkCentres: [], coordinators: null });
    expect(placed).toEqual([forbidden, outage()]);
  });
});
