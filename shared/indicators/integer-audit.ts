import loadHighs, { type Highs } from "highs";

/**
 * Which unknowns of a system of integer linear relations a reader can pin to one value: the exact
 * audit of a suppressed table (issue 17, second red team: integer programming over the published
 * figures pinned a withheld cell that interval propagation had passed). Solved with HiGHS (MIT,
 * University of Edinburgh; the `highs` package, compiled to WebAssembly).
 *
 * An unknown is pinned when every integer solution of the system gives it the same value. Given one
 * solution (the true counts, or one the solver finds), an unknown is free as soon as another
 * solution differs from it there. So each target asks for a solution with that unknown one above,
 * then one below its value, and every solution found frees every target it moves. A target with
 * neither is pinned.
 *
 * Each connected component is solved on its own, whole: a changed count needs its whole chain of
 * totals to change with it (months, quarter, year; region and Slovenia; type and all types; every
 * breakdown of the same people), and searching near the target first (tried) found almost none.
 * Each solve is the linear relaxation (presolve off: it costs more than it saves here), and the
 * integer model only when the relaxation's vertex is fractional. A year's grid on the demo data
 * (14 000 unknowns, nearly all withheld) takes 1–2 s a solve in WebAssembly, so callers first
 * free what they can without the solver (shared/indicators/disclosure.ts: alternative tables).
 * One the solver cannot settle in SOLVE_SECONDS counts as pinned (more is withheld).
 */
export interface IntegerSystem {
  /** Bounds of each unknown (`Infinity` for none above); every unknown is an integer. */
  lower: number[];
  upper: number[];
  /** Rows `lower ≤ Σ coefficient·x[index] ≤ upper` (`±Infinity` for no bound). */
  rows: { terms: [index: number, coefficient: number][]; lower: number; upper: number }[];
}

/** Longest a single solve may run, in seconds; one that runs out proves nothing. */
const SOLVE_SECONDS = 30;
/** Components up to this many unknowns are solved whole; larger ones near each target first. */
const WHOLE_UNKNOWNS = 100000;
/** Neighbourhoods grow a relation at a time up to this many unknowns. */
const NEIGHBOURHOOD_UNKNOWNS = 1200;

let solver: Promise<Highs> | undefined;
/** The solver, loaded once per process (3.5 MB of WebAssembly). */
const highs = () => (solver ??= loadHighs());

/** Connected components of the unknowns. */
function components(system: IntegerSystem, rowsOf: number[][]): number[][] {
  const seen = new Uint8Array(system.lower.length);
  const found: number[][] = [];
  for (let start = 0; start < system.lower.length; start += 1) {
    if (seen[start]) continue;
    seen[start] = 1;
    const members = [start];
    for (let next = 0; next < members.length; next += 1) {
      for (const row of rowsOf[members[next]]) {
        for (const [index] of system.rows[row].terms) {
          if (!seen[index]) (seen[index] = 1), members.push(index);
        }
      }
    }
    found.push(members);
  }
  return found;
}

/**
 * A part of the system: these unknowns, every row that names one, every other unknown held at its
 * value in `base`. Answers with an integer solution of the part within the given bound of one
 * unknown (as global index → value), or null when there is none or none was found in time.
 */
function solvePart(api: Highs, system: IntegerSystem, rowsOf: number[][], unknowns: number[], base: number[], bound?: [index: number, from: number, to: number], costs?: Map<number, number>): Map<number, number> | null {
  const local = new Map(unknowns.map((index, position) => [index, position]));
  const rows = [...new Set(unknowns.flatMap((index) => rowsOf[index]))];
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (const row of rows) {
    let held = 0;
    for (const [index, coefficient] of system.rows[row].terms) {
      const at = local.get(index);
      if (at === undefined) held += coefficient * base[index];
      else (indices.push(at), values.push(coefficient));
    }
    starts.push(indices.length);
    const { lower, upper } = system.rows[row];
    rowLower.push(Number.isFinite(lower) ? lower - held : -api.infinity);
    rowUpper.push(Number.isFinite(upper) ? upper - held : api.infinity);
  }
  const colLower = unknowns.map((index) => system.lower[index]);
  const colUpper = unknowns.map((index) => (Number.isFinite(system.upper[index]) ? system.upper[index] : api.infinity));
  if (bound) [colLower[local.get(bound[0])!], colUpper[local.get(bound[0])!]] = [bound[1], bound[2]];
  const colCost = new Float64Array(unknowns.length);
  for (const [index, cost] of costs ?? []) colCost[local.get(index)!] = cost;
  const data = { numCols: unknowns.length, numRows: rows.length, colCost, colLower, colUpper, rowLower, rowUpper, matrix: { format: "csr" as const, numRows: rows.length, numCols: unknowns.length, starts, indices, values } };
  const answer = (colValue: ArrayLike<number>) => new Map(unknowns.map((index, position) => [index, Math.round(colValue[position])]));
  // The linear relaxation first: no solution there, none in integers; an integral vertex is an integer
  // solution. Presolve costs more than these sparse systems take to solve.
  const options = { output_flag: false, time_limit: SOLVE_SECONDS, presolve: "off" } as const;
  const relaxed = api.withModel(data, (model) => {
    model.options.set({ ...options, solver: "simplex" });
    model.run();
    const status = model.getModelStatus();
    if (status === api.constants.modelStatus.infeasible) return null;
    const colValue = status === api.constants.modelStatus.optimal ? model.getSolution().colValue : null;
    return colValue && Array.from(colValue).every((value) => Math.abs(value - Math.round(value)) < 1e-6) ? answer(colValue) : undefined;
  });
  if (relaxed !== undefined) return relaxed;
  // A fractional vertex (or no answer in time): the integer model, to its first solution.
  return api.withModel({ ...data, integrality: new Int32Array(unknowns.length).fill(api.constants.variableType.integer) }, (model) => {
    model.options.set({ ...options, mip_rel_gap: 1, random_seed: 1 });
    model.run();
    return model.getModelStatus() === api.constants.modelStatus.optimal ? answer(model.getSolution().colValue) : null;
  });
}

/**
 * The targets pinned to one value above 0, with that value (a count of people pinned at 0 is no
 * person: both callers let it be, and a target whose solution holds 0 is never pinned above 0, so
 * it costs no solve). `reference`: a solution of the whole system (the true counts); without one
 * the solver finds one per component first.
 * @throws Error when the system has no integer solution (relations that do not hold for the data).
 */
export async function pinnedUnknowns(system: IntegerSystem, targets: number[], reference?: number[]): Promise<Map<number, number>> {
  const api = await highs();
  const rowsOf: number[][] = system.lower.map(() => []);
  system.rows.forEach((row, index) => row.terms.forEach(([unknown]) => rowsOf[unknown].push(index)));
  const base = reference ? [...reference] : system.lower.map(() => 0);
  const open = new Set(targets);
  const pinned = new Map<number, number>();
  /** Frees every open target a solution moves; true if it moved `target`. */
  const sweep = (solution: Map<number, number>, target?: number) => {
    for (const [index, value] of solution) if (value !== base[index]) open.delete(index);
    return target !== undefined && solution.get(target) !== base[target];
  };
  for (const component of components(system, rowsOf)) {
    const own = component.filter((index) => open.has(index));
    if (!own.length) continue;
    if (!reference) {
      const found = solvePart(api, system, rowsOf, component, base);
      if (!found) throw new Error("the relations have no integer solution: they do not hold for the figures");
      for (const [index, value] of found) base[index] = value;
    }
    // Push every open target up at once, then down: one solution frees many (six more solves with
    // random signs cost more than they saved: a year on the demo data, 56 s against 42 s).
    for (const sense of [-1, 1]) {
      const costs = new Map(own.filter((index) => open.has(index)).map((index) => [index, sense]));
      const found = costs.size ? solvePart(api, system, rowsOf, component, base, undefined, costs) : null;
      if (found) sweep(found);
    }
    // Then one at a time: a solution with it one above its value, else one below.
    for (const target of own) {
      if (!open.has(target) || base[target] <= 0) continue;
      const free = [[base[target] + 1, system.upper[target]], [system.lower[target], base[target] - 1]].some(([from, to]) => {
        if (from > to) return false;
        const found = solvePart(api, system, rowsOf, component, base, [target, from, Number.isFinite(to) ? to : api.infinity]);
        return Boolean(found && sweep(found, target));
      });
      if (!free) {
        open.delete(target);
        pinned.set(target, base[target]);
      }
    }
  }
  return pinned;
}
