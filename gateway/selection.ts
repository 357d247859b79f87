import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

/**
 * What the client selected, as opposed to what the query plan fetches for its own needs. A field
 * like `eligibility` makes the gateway fetch the facts it requires (`@requires`) first; those facts
 * are not the client's question, so a refusal of one is neither reported to the client nor logged
 * as the client's refused read (ACCESS.md, "Only what the caller asked for").
 */

/** Every field name selected anywhere in a document (fragments included). Shape: document → set of names. */
const namesByDocument = new WeakMap<DocumentNode, Set<string>>();

function selectedNames(document: DocumentNode): Set<string> {
  const known = namesByDocument.get(document);
  if (known) return known;
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      if (selection.kind !== Kind.FRAGMENT_SPREAD) visit(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition.selectionSet);
  }
  namesByDocument.set(document, names);
  return names;
}

/** The plan's fetch texts repeat for every request of an operation: parsed once each (bounded). */
const fetchNames = new Map<string, Set<string>>();
const FETCH_CACHE_LIMIT = 2000;

function namesInFetch(query: string): Set<string> {
  let names = fetchNames.get(query);
  if (!names) {
    names = selectedNames(parse(query));
    if (fetchNames.size >= FETCH_CACHE_LIMIT) fetchNames.clear();
    fetchNames.set(query, names);
  }
  return names;
}

const PLAN_MACHINERY = new Set(["_entities", "__typename", "id"]);

/**
 * The fields a subgraph fetch asks for that the client selected nowhere in its operation: the
 * plan's own inputs. Shape: (fetch query text, client document) → field names, sorted.
 */
export function fieldsNotSelected(fetchQuery: string, clientDocument: DocumentNode): string[] {
  const client = selectedNames(clientDocument);
  return [...namesInFetch(fetchQuery)].filter((name) => !PLAN_MACHINERY.has(name) && !client.has(name)).sort();
}

/** Whether a response path (keys and list indexes) names a field the client's operation selects. */
export function isSelectedPath(document: DocumentNode, path: readonly (string | number)[]): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  let sets: SelectionSetNode[] = document.definitions.flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? [definition.selectionSet] : []));
  for (const segment of path) {
    if (typeof segment === "number") continue;
    const next: SelectionSetNode[] = [];
    let found = false;
    const search = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if ((selection.alias?.value ?? selection.name.value) === segment) {
            found = true;
            if (selection.selectionSet) next.push(selection.selectionSet);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) search(selection.selectionSet);
        else {
          const fragment = fragments.get(selection.name.value);
          if (fragment) search(fragment.selectionSet);
        }
      }
    };
    sets.forEach(search);
    if (!found) return false;
    sets = next;
  }
  return true;
}

/** The errors a client may see: those without a path, and those at a path it selected. */
export function onlySelectedErrors<E extends { path?: readonly (string | number)[] }>(errors: readonly E[], document: DocumentNode): E[] {
  return errors.filter((error) => !error.path || isSelectedPath(document, error.path));
}
