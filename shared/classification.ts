import { Kind, parse, print, visit, type GraphQLSchema, isObjectType } from "graphql";

/**
 * Data classification: every field of every subgraph is PUBLIC, PERSONAL, or SENSITIVE (GDPR
 * Art. 9: social assistance, health, ethnicity). Each subgraph's `classification.ts` says which;
 * the check below refuses an unclassified field, and a PERSONAL or SENSITIVE one that no rule of the
 * subgraph's `permissions.ts` names, so no one can expose data without a policy. The level is
 * printed into the field's description, which the schema documentation shows.
 */
export type Classification = "PUBLIC" | "PERSONAL" | "SENSITIVE";

/** A level for a whole type, or per field with `"*"` as the type's default. */
export type ClassificationMap = Record<string, Classification | Record<string, Classification>>;

const LEGEND: Record<Classification, string> = {
  PUBLIC: "PUBLIC",
  PERSONAL: "PERSONAL data",
  SENSITIVE: "SENSITIVE personal data (GDPR Art. 9)",
};

/** Types of federation and of the log machinery that every subgraph has, classified once here. */
const COMMON: ClassificationMap = {
  AccessRecord: "PERSONAL",
  AccessRecordProof: "PERSONAL",
  IndicatorFactTable: "PERSONAL",
};

const FEDERATION_FIELDS = new Set(["_service", "_entities"]);

export function classificationOf(map: ClassificationMap, type: string, field: string): Classification | undefined {
  const entry = map[type] ?? COMMON[type];
  if (!entry) return undefined;
  return typeof entry === "string" ? entry : (entry[field] ?? entry["*"]);
}

/** Whether permissions.ts has a rule for the field: on the field itself, its type's `*`, or the whole type. */
function isNamedByRule(permissions: Record<string, unknown>, type: string, field: string): boolean {
  const rules = permissions[type];
  if (!rules) return false;
  if (typeof rules !== "object" || rules === null || !("constructor" in rules) || (rules as object).constructor !== Object) return true;
  return field in (rules as object) || "*" in (rules as object);
}

/** Problems of one subgraph's classification, each naming the field and saying what is missing. */
export function classificationProblems(
  subgraph: string,
  schema: GraphQLSchema,
  map: ClassificationMap,
  permissions: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("_")) continue;
    for (const field of Object.keys(type.getFields())) {
      if (FEDERATION_FIELDS.has(field)) continue;
      const level = classificationOf(map, type.name, field);
      if (!level) {
        problems.push(`${subgraph}: ${type.name}.${field} is not classified (add it to subgraphs/${subgraph}/classification.ts)`);
      } else if (level !== "PUBLIC" && !isNamedByRule(permissions, type.name, field)) {
        problems.push(`${subgraph}: ${type.name}.${field} is ${level} but no rule in subgraphs/${subgraph}/permissions.ts names it`);
      }
    }
  }
  return problems;
}

/** The SDL with each classified field's level appended to its description. */
export function annotateClassification(sdl: string, map: ClassificationMap): string {
  let typeName = "";
  const document = visit(parse(sdl), {
    ObjectTypeDefinition: { enter: (node) => void (typeName = node.name.value) },
    FieldDefinition(node) {
      const level = classificationOf(map, typeName, node.name.value);
      if (!level || FEDERATION_FIELDS.has(node.name.value)) return undefined;
      const text = node.description?.value ? `${node.description.value}\n\nData classification: ${LEGEND[level]}.` : `Data classification: ${LEGEND[level]}.`;
      return { ...node, description: { kind: Kind.STRING, value: text, block: true } };
    },
  });
  return print(document);
}
