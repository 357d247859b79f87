import { defaultFieldResolver, isInputObjectType, isListType, isNonNullType, isObjectType, type GraphQLFieldResolver, type GraphQLInputType, type GraphQLSchema } from "graphql";
import { canonicalId } from "./identifiers";
import { checkText } from "./text";

/**
 * The input rules every subgraph applies to every argument, before graphql-shield's permission
 * rules, the access log or a resolver sees it (shared/subgraph.ts wraps the finished schema):
 * - every `ID`, at any depth of any argument or input object, is a UUID and becomes its canonical
 *   lower-case spelling (shared/identifiers.ts; the contract's "Identifiers");
 * - every `String` follows the contract's text rule (shared/text.ts `checkText`) and becomes its
 *   Unicode NFC form, so a search, a filter or a unique number typed with combining accents (as
 *   macOS and pasted text often are) means what its precomposed twin means (red team).
 * A value that breaks a rule is BAD_USER_INPUT naming its path (`input.participantIds[2]`,
 * `filter.search`), and the field does not run. Because the rules hang on GraphQL types, not on
 * resolvers, a new argument in any subgraph or in a partner's copy of the template is covered the
 * moment it is declared; field-specific rules (NFC names, one-line numbers, lengths) are added by
 * the resolver with shared/text.ts.
 */

/** Checks one input value of a known GraphQL type and returns it canonical; `path` names it in errors. */
type InputRule = (value: unknown, path: string) => unknown;

const ruleCache = new Map<GraphQLInputType, InputRule | null>();

/** The rule for values of `type`, or null when nothing inside it is an ID or a String. */
function ruleFor(type: GraphQLInputType): InputRule | null {
  if (ruleCache.has(type)) return ruleCache.get(type)!;
  // A recursive input type sees itself as "no rule" while its own rule is being built, then the real one.
  ruleCache.set(type, null);
  const rule = buildRule(type);
  ruleCache.set(type, rule);
  return rule;
}

function buildRule(type: GraphQLInputType): InputRule | null {
  if (isNonNullType(type)) return ruleFor(type.ofType);
  if (isListType(type)) {
    const item = ruleFor(type.ofType);
    if (!item) return null;
    return (value, path) => (Array.isArray(value) ? value.map((entry, index) => (entry == null ? entry : item(entry, `${path}[${index}]`))) : item(value, path));
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).flatMap((field) => {
      const rule = ruleFor(field.type);
      return rule ? [[field.name, rule] as const] : [];
    });
    if (!fields.length) return null;
    return (value, path) => {
      const checked: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [name, rule] of fields) if (checked[name] != null) checked[name] = rule(checked[name], `${path}.${name}`);
      return checked;
    };
  }
  if (type.name === "ID") return (value, path) => canonicalId(path, String(value));
  if (type.name === "String") return (value, path) => checkText(path, String(value)).normalize("NFC");
  return null;
}

/**
 * Wraps, in place, every field of `schema` that takes an ID or a String somewhere in its arguments
 * so that its arguments pass the input rules first. Returns the same schema.
 */
export function applyInputRules(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const rules = field.args.flatMap((argument) => {
        const rule = ruleFor(argument.type);
        return rule ? [[argument.name, rule] as const] : [];
      });
      if (!rules.length) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        const checked = { ...args };
        for (const [name, rule] of rules) if (checked[name] != null) checked[name] = rule(checked[name], name);
        return resolve(source, checked, context, info);
      };
    }
  }
  return schema;
}
