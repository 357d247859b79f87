import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  Lexer,
  Source,
  TokenKind,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { ErrorCode } from "./errors";

/**
 * What one operation may ask of the hub, checked before anything resolves: at the gateway on the
 * client's operation, and again in every subgraph on what reaches it (zero trust: a subgraph does
 * not rely on the gateway's checks). Depth, aliases, tokens and directives are GraphQL Armor's
 * rules; the cost is graphql-query-complexity's walk with our estimator, which multiplies list
 * sizes (a page of 100 people with 10 enrolments each costs 1 000 enrolments).
 *
 * The values are well above every operation of the contract (`npm run limits` prints each
 * operation's figures against them; test/operation-limits.e2e.test.ts keeps them inside).
 */
export interface OperationLimits {
  /** Nesting of fields, the operation's root fields being 1 (Armor's count; introspection's `__schema` not counted). */
  maxDepth: number;
  /** Aliased fields in the whole operation. */
  maxAliases: number;
  /** Lexical tokens of the document (graphql-js stops parsing there, so a huge document costs little). */
  maxTokens: number;
  /** Directives in the whole operation. */
  maxDirectives: number;
  /** Estimated fields resolved, list sizes multiplied (see `estimateCost`). */
  maxCost: number;
}

/** The gateway's limits: what a front-end, a partner or the explorer may send. */
export const GATEWAY_LIMITS: OperationLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 2_000, maxDirectives: 20, maxCost: 100_000 };

/**
 * A subgraph's limits: the gateway's fetches add key fields, `__typename` and `_entities` (one
 * level), and repeat a client's aliases; the batch of entities multiplies the cost by its size.
 */
export const SUBGRAPH_LIMITS: OperationLimits = { maxDepth: 13, maxAliases: 30, maxTokens: 6_000, maxDirectives: 20, maxCost: 400_000 };

/**
 * The size assumed for a list whose size no argument bounds (a participant's enrolments, a
 * provider's programmes): the demo and the national data set stay under it for one parent.
 */
export const ASSUMED_LIST_SIZE = 10;

/**
 * Fields (after fragments are expanded) the cost estimate walks at most: an operation that expands
 * to more — a few fragments each spreading the last ten times — is refused, not left unestimated.
 */
export const MAX_ESTIMATED_FIELDS = 10_000;

/**
 * Introspection root fields one operation may select: `__schema` once (what GraphiQL, Apollo
 * Sandbox and code generators send), `__type` up to 10 times. Thirty aliased copies of `__schema`
 * answered 15 MB and held the gateway for seconds, for anyone without a token (issue 12).
 */
export const INTROSPECTION_LIMITS = { __schema: 1, __type: 10 } as const;

/** Arguments that bound a list: a page size, or the entities a federation fetch asks for. */
const listSizeOf = (args: Record<string, unknown>): number | undefined => {
  for (const name of ["first", "last"]) if (typeof args[name] === "number") return Math.max(1, args[name] as number);
  if (Array.isArray(args.representations)) return Math.max(1, args.representations.length);
  return undefined;
};

/**
 * Cost of one field: 1, plus its selection times the list size. A field with a page size (`first`)
 * multiplies by it, the lists inside a connection (`nodes`, `edges`) then count once; any other
 * list multiplies by ASSUMED_LIST_SIZE. Shape: graphql-query-complexity's estimator contract.
 */
export const estimateCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const bounded = listSizeOf(args);
  if (bounded !== undefined) return 1 + childComplexity * bounded;
  const insideConnection = type.name.endsWith("Connection");
  const list = isListType(getNullableType(field.type)) && !insideConnection && !getNamedType(field.type).name.startsWith("__");
  return 1 + childComplexity * (list ? ASSUMED_LIST_SIZE : 1);
};

export const limitExceeded = (limit: keyof OperationLimits, maximum: number, message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.OPERATION_LIMIT_EXCEEDED, limit, maximum, http: { status: 400 } } });

/** Armor's refusal, renamed: the client sees which limit, its value and what was found. */
const refuseWith =
  (limit: keyof OperationLimits, maximum: number): GraphQLArmorRejectCallback =>
  (context, error) => {
    const refusal = limitExceeded(limit, maximum, error.message.replace(/^Syntax Error: /, "Operation refused: "));
    if (context) context.reportError(refusal);
    else throw refusal;
  };

/** A validation rule: each introspection root field at most INTROSPECTION_LIMITS times in the operation and its fragments. */
export const introspectionLimitRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const counts: Record<string, number> = { __schema: 0, __type: 0 };
  return {
    Field(node) {
      const name = node.name.value as keyof typeof INTROSPECTION_LIMITS;
      if (!(name in INTROSPECTION_LIMITS)) return;
      counts[name] += 1;
      if (counts[name] === INTROSPECTION_LIMITS[name] + 1) {
        context.reportError(
          new GraphQLError(`Operation refused: ${name} may be selected at most ${INTROSPECTION_LIMITS[name]} time(s) in one operation.`, {
            nodes: [node],
            extensions: { code: ErrorCode.OPERATION_LIMIT_EXCEEDED, limit: "introspection", maximum: INTROSPECTION_LIMITS[name] },
          }),
        );
      }
    },
  };
};

/**
 * What of the variables the estimate can depend on: numbers (page sizes), booleans (`@include`) and
 * list lengths (`representations`). Strings, ids and enums become "", so that every ParticipantView
 * shares one estimate whatever the id.
 */
function costShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, costShape(inner)]));
  return typeof value === "number" || typeof value === "boolean" ? value : "";
}

/** The operation's estimated cost; an operation that expands beyond MAX_ESTIMATED_FIELDS is refused (fail closed: what cannot be estimated is not run). */
export function estimateOrRefuse(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, maxCost: number): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [estimateCost], maxQueryNodes: MAX_ESTIMATED_FIELDS });
  } catch {
    throw limitExceeded("maxCost", maxCost, `Operation refused: it expands to more than ${MAX_ESTIMATED_FIELDS} fields, too many to estimate its cost (limit ${maxCost}).`);
  }
}

/** The cost check runs once variables are known (a page size may be a variable), before execution. */
function costLimit<Context extends BaseContext>(maxCost: number): ApolloServerPlugin<Context> {
  // Apollo Server hands the same DocumentNode for the same text: one estimate per document and variable shape.
  const estimates = new WeakMap<object, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation, operationName }) {
          if (!operation) return;
          // Variables that do not fit their types: execution refuses them (BAD_USER_INPUT, naming
          // the variable) before any field resolves, so there is no cost to limit.
          if (getVariableValues(schema as GraphQLSchema, operation.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          const byShape = estimates.get(document) ?? new Map<string, number>();
          estimates.set(document, byShape);
          const shape = `${operationName ?? ""}|${JSON.stringify(costShape(request.variables ?? {}))}`;
          let cost = byShape.get(shape);
          if (cost === undefined) {
            cost = estimateOrRefuse(schema as GraphQLSchema, document, request.variables ?? {}, operationName ?? undefined, maxCost);
            // A handful of shapes per document in practice; a client cycling through page sizes does not grow it without end.
            if (byShape.size < 100) byShape.set(shape, cost);
          }
          if (cost > maxCost) throw limitExceeded("maxCost", maxCost, `Operation refused: Query cost limit of ${maxCost} exceeded, found ${cost}.`);
        },
      };
    },
  };
}

/**
 * The Apollo Server plugins and validation rules that enforce `limits` (all but `maxTokens`: pass
 * `parseOptions: { maxTokens }` to Apollo Server, so that graphql-js stops parsing at the limit).
 * Schema hints ("Did you mean …") are Apollo Server's `hideSchemaDetailsFromClientErrors`.
 */
export function operationLimits<Context extends BaseContext>(limits: OperationLimits): { plugins: ApolloServerPlugin<Context>[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    blockFieldSuggestion: { enabled: false },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    maxDepth: { n: limits.maxDepth, onReject: [refuseWith("maxDepth", limits.maxDepth)], propagateOnRejection: false },
    maxAliases: { n: limits.maxAliases, onReject: [refuseWith("maxAliases", limits.maxAliases)], propagateOnRejection: false },
    maxDirectives: { n: limits.maxDirectives, onReject: [refuseWith("maxDirectives", limits.maxDirectives)], propagateOnRejection: false },
  }).protect();
  return {
    plugins: [...(armor.plugins as ApolloServerPlugin<Context>[]), costLimit<Context>(limits.maxCost)],
    validationRules: [...armor.validationRules, introspectionLimitRule],
  };
}

/**
 * The tokens of a GraphQL text, counted without building a document; counting stops past `stopAfter`
 * (an engine that parses with no token limit of its own checks the limit first: gateway/hive.ts).
 * A syntax error ends the count where it is: the parser reports it.
 */
export function countTokens(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  try {
    while (tokens <= stopAfter && lexer.advance().kind !== TokenKind.EOF) tokens += 1;
  } catch {
    // A syntax error: the parser reports it.
  }
  return tokens;
}

/**
 * One operation's figures against the limits, as the gateway counts them: `npm run limits` prints
 * them for the contract, and a test keeps the contract well inside. `variables` as the client sends them.
 */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): OperationLimits {
  const found = { maxDepth: 0, maxAliases: 0, maxDirectives: 0 };
  const counting = (limit: keyof typeof found) => ({ n: Number.MAX_SAFE_INTEGER, propagateOnRejection: false, onAccept: [(_: unknown, details: { n: number }) => void (found[limit] = Math.max(found[limit], details.n))] });
  validate(schema, document, [maxDepthRule(counting("maxDepth")), maxAliasesRule(counting("maxAliases")), maxDirectivesRule(counting("maxDirectives"))]);
  return { ...found, maxTokens: countTokens(document.loc?.source.body ?? ""), maxCost: getComplexity({ schema, query: document, variables, operationName, estimators: [estimateCost] }) };
}
