import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { indicatorFactsField, INDICATOR_READERS } from "../indicators/names";
import { applyMiddleware } from "graphql-middleware";
import { allow, and, deny, rule as shieldRule, shield, type IRules } from "graphql-shield";
import type { Caller } from "../context";
import { ErrorCode } from "../errors";
import type { CaseTeam } from "./case-team";
import { accessLogField } from "../audit/access-log.resolver";
import { isDataProtectionOfficer } from "../policy/roles";
import { OUTAGE_CODES } from "../unavailable";


/** What a shield rule checks: (parent, args, context, info) → true, false or an error. */
type RuleCheck = Parameters<ReturnType<typeof shieldRule>>[0];

/** Another agency that did not answer, or not in time (shared/unavailable.ts): not a refusal. */
const isOutage = (error: unknown): error is GraphQLError => error instanceof GraphQLError && OUTAGE_CODES.has(error.extensions?.code);

/**
 * graphql-shield's `rule`, except for one thing: a rule that could not ask another agency (its
 * case-team look-up found coordination down) reports that outage, by name, instead of refusing.
 * Shield turns any error a rule throws into "no", which told a caseworker "not allowed" while the
 * truth was "coordination is not answering" (issue 12, red team). Same signature as shield's.
 */
export const rule = ((...options: Parameters<typeof shieldRule>) =>
  (check: RuleCheck) =>
    shieldRule(...options)(async (parent, args, context, info) => {
      try {
        return await check(parent, args, context, info);
      } catch (error) {
        if (isOutage(error)) return error;
        throw error;
      }
    })) as typeof shieldRule;
/**
 * The building blocks every subgraph's `permissions.ts` is made of, and the one wrapper around
 * graphql-shield (barely maintained: keep it replaceable). Rules read like ACCESS.md.
 */
interface RuleContext {
  caller: Caller;
  /** The hub service that calls on the caller's behalf; absent for a request from the gateway. */
  actor?: string | null;
}

const forbiddenMessage = (what: string) => `Not allowed: ${what} is outside what your agency and unit may see or change (ACCESS.md)`;

export const forbidden = (what: string) => new GraphQLError(forbiddenMessage(what), { extensions: { code: ErrorCode.FORBIDDEN } });

/**
 * The refusal of one field where it occurs, already located (path and position), and without a
 * stack trace: a refusal is the policy working, not a bug to trace. graphql-js would otherwise wrap
 * it in a located copy whose stack V8 formats (through the source maps) for every refused field —
 * a page of 50 people without consent refuses some fields 50 times.
 */
function forbiddenField(info: GraphQLResolveInfo): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(forbiddenMessage(`${info.parentType.name}.${info.fieldName}`), {
      nodes: info.fieldNodes,
      path: responsePathAsArray(info.path),
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export const isSignedIn = rule({ cache: "contextual" })((_parent, _args, { caller }: RuleContext) => Boolean(caller));

// graphql-shield wants one rule object per name: the same rule asked for twice is the same object.
const named = new Map<string, ReturnType<ReturnType<typeof rule>>>();
const once = (name: string, make: () => ReturnType<ReturnType<typeof rule>>) => {
  if (!named.has(name)) named.set(name, make());
  return named.get(name)!;
};

/** The caller works for one of these agencies. */
export const isAgency = (...agencies: string[]) =>
  once(`isAgency:${agencies.join(",")}`, () =>
    rule(`isAgency:${agencies.join(",")}`, { cache: "contextual" })((_parent, _args, { caller }: RuleContext) => agencies.includes(caller.agency)),
  );

/** The caller holds one of these roles. */
export const hasRole = (...roles: string[]) =>
  once(`hasRole:${roles.join(",")}`, () =>
    rule(`hasRole:${roles.join(",")}`, { cache: "contextual" })((_parent, _args, { caller }: RuleContext) =>
      caller.roles.some((role) => roles.includes(role)),
    ),
  );

/**
 * Case-team rules for a subgraph, given how it finds the team of the participant a field belongs
 * to. `inCaseTeam`: the caller is in the participant's case team. `hasConsent`: the participant
 * consents to sharing among the team (ACCESS.md: without it each agency sees only its own data).
 */
export function caseTeamRules<Context extends RuleContext>(teamOf: (parent: unknown, args: Record<string, unknown>, context: Context) => Promise<CaseTeam | null>) {
  return {
    inCaseTeam: rule({ cache: "no_cache" })(async (parent, args, context: Context) => (await teamOf(parent, args, context)) !== null),
    hasConsent: rule({ cache: "no_cache" })(async (parent, args, context: Context) => (await teamOf(parent, args, context))?.consent === true),
  };
}

/**
 * The participant's access log (ACCESS.md): their assigned coordinator, and the data protection
 * officer. Every subgraph's loaders include `caseTeam`, which says who the assigned coordinator is.
 */
export const canReadAccessLog = rule({ cache: "strict" })(
  async (_parent, args: { participantId: string }, { caller, loaders }: RuleContext & { loaders: { caseTeam: { load(id: string): Promise<CaseTeam | null> } } }) =>
    isDataProtectionOfficer(caller) || (caller.agency === "COORDINATION" && (await loaders.caseTeam.load(args.participantId))?.assigned === true),
);

/**
 * The hub's machinery (ACCESS.md, "The hub's own machinery is not an API"): answered only to another
 * hub service calling on the caller's behalf, never to the gateway. Which service may call which
 * field is SERVICE_CALLS (shared/auth/service-calls.ts), checked before the operation runs.
 */
export const isServiceCall = rule({ cache: "contextual" })((_parent, _args, { actor }: RuleContext) => typeof actor === "string" && actor.length > 0);

/** The rule for a subgraph's own access-log part, which coordination merges: one line in each permissions.ts. */
export const accessLogRules = (subgraph: string) => ({ [accessLogField(subgraph)]: and(isServiceCall, canReadAccessLog) });

/**
 * The rule for an agency's pseudonymous facts for indicators (shared/indicators/facts.ts): a hub
 * service (statistics alone, by SERVICE_CALLS) asking for a user whose agency may read aggregate
 * indicators (ACCESS.md). One line in each contributing agency's permissions.ts.
 */
export const indicatorFactsRules = (subgraph: string) => ({ [indicatorFactsField(subgraph)]: and(isServiceCall, isAgency(...INDICATOR_READERS)) });

/** What federation itself needs: the gateway's `_service` and `_entities` (every request is gateway-signed). */
const FEDERATION = { _service: allow, _entities: allow };


/** What shield hands a rule besides the resolver's arguments (its cache's hash function, debug). */
type ShieldOptions = unknown;
/** A rule or logic rule of graphql-shield, as far as deciding goes. */
interface Decidable {
  resolve(parent: unknown, args: Record<string, unknown>, context: object, info: GraphQLResolveInfo, options: ShieldOptions): Promise<unknown>;
}
/** graphql-shield's base class of `and`, `or`, `not`, `allow`, `deny` (not exported by name): a subclass is a rule shield accepts. */
const LogicRule = Object.getPrototypeOf(Object.getPrototypeOf(and())).constructor as new (rules: unknown[]) => Decidable;

/** Where a request's decisions live, by entity and rule (forgetDecisions empties it with shield's own cache). */
const DECISIONS = Symbol("decisions by entity");
type DecisionsContext = { [DECISIONS]?: WeakMap<object, Map<string, Promise<unknown>>> };

/**
 * A rule tree's identity by what it decides: its rules by name (shield names every rule, a unique
 * name when none is given) joined by their logic. `or(ownTeam, sharedWith(CSD))` written out for
 * two fields is two objects and one key, so the two fields share one decision.
 */
function ruleKey(rule: unknown): string {
  const named = rule as { name?: unknown; getRules?: () => unknown[] };
  if (rule instanceof LogicRule && typeof named.getRules === "function") return `${rule.constructor.name}(${named.getRules().map(ruleKey).join(",")})`;
  if (typeof named.name === "string") return `rule:${named.name}`;
  throw new Error("a permissions.ts entry is not a graphql-shield rule");
}

/**
 * A field's rule, decided once per entity per request (issue 18: "decide access once per entity
 * per request and resolve fields from that decision instead of a rule per field"). The fields of
 * one entity that share a rule (ruleKey) — a person's register facts, identity fields, a record's
 * fields — share its decision: the first field's evaluation is the answer for the rest (same
 * parent object, same rule, no arguments). A rule's answer depends only on the caller, the entity
 * and the arguments (the one rule that reads `info`, shared/existence.ts, has arguments), so sharing it
 * changes no decision; it removes the rule evaluations and their allocations that the profile
 * showed as the largest share of the subgraphs' garbage (bench/results/2026-12-01.md). Fields with
 * arguments, and root fields, are decided each on their own.
 */
class DecidedOncePerEntity extends LogicRule {
  private readonly key: string;

  constructor(private readonly inner: Decidable) {
    super([inner]);
    this.key = ruleKey(inner);
  }

  override resolve(parent: unknown, args: Record<string, unknown>, context: object, info: GraphQLResolveInfo, options: ShieldOptions): Promise<unknown> {
    if (parent === null || typeof parent !== "object" || Object.keys(args).length > 0) return this.inner.resolve(parent, args, context, info, options);
    const decisions = ((context as DecisionsContext)[DECISIONS] ??= new WeakMap());
    let byRule = decisions.get(parent);
    if (!byRule) decisions.set(parent, (byRule = new Map()));
    let decision = byRule.get(this.key);
    if (!decision) byRule.set(this.key, (decision = this.inner.resolve(parent, args, context, info, options)));
    return decision;
  }
}

/** Every field rule of a rule tree wrapped in DecidedOncePerEntity, but `allow` and `deny`, which decide nothing. */
function decidedOncePerEntity(tree: Record<string, IRules>): Record<string, IRules> {
  const wrap = (rule: IRules): IRules => (rule === allow || rule === deny ? rule : (new DecidedOncePerEntity(rule as unknown as Decidable) as unknown as IRules));
  return Object.fromEntries(
    Object.entries(tree).map(([type, rules]) => {
      if (rules instanceof Object && !(rules instanceof LogicRule) && !("func" in rules)) {
        return [type, Object.fromEntries(Object.entries(rules as Record<string, IRules>).map(([field, rule]) => [field, type === "Query" || type === "Mutation" ? rule : wrap(rule)])) as IRules];
      }
      return [type, wrap(rules)];
    }),
  );
}

/**
 * Applies a subgraph's rules with deny as the fallback: a field no rule names is refused. A refused
 * field resolves to null with FORBIDDEN, and the rest of the answer still arrives. Each field's rule
 * is decided once per entity per request (DecidedOncePerEntity).
 */
export function applyPermissions(schema: GraphQLSchema, rules: Record<string, IRules> & { Query: Record<string, IRules> }): GraphQLSchema {
  // `_entities` exists only where the subgraph has entities (statistics has none).
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  const federation = Object.fromEntries(Object.entries(FEDERATION).filter(([field]) => field in queryFields));
  const tree = decidedOncePerEntity({ ...rules, Query: { ...federation, ...rules.Query } as IRules, _Service: allow }) as IRules;
  return applyMiddleware(
    schema,
    shield(tree, {
      fallbackRule: deny,
      allowExternalErrors: true,
      fallbackError: async (_error: unknown, _parent: object, _args: object, _context: unknown, info: GraphQLResolveInfo) => forbiddenField(info),
    }),
  );
}

export { allow, and, deny, or, not } from "graphql-shield";

/**
 * Forgets the decisions graphql-shield cached for this request (rules with `cache: "strict"` or
 * "contextual" keep theirs in `context._shield.cache`) and those made once per entity
 * (DecidedOncePerEntity), so that a decision made before a write is not reused after it
 * (shared/loaders.ts `freshAfterEachWrite`).
 */
export function forgetDecisions(context: unknown): void {
  const shieldState = (context as { _shield?: { cache?: Record<string, unknown> } } | null)?._shield;
  if (shieldState) shieldState.cache = {};
  if (context) delete (context as DecisionsContext)[DECISIONS];
}
