import { pinnedUnknowns, type IntegerSystem } from "./integer-audit";

/**
 * Statistical disclosure control for the indicators (issue 17), as statistical offices do it for
 * frequency tables (Hundepool et al., "Statistical Disclosure Control", Wiley 2012, ch. 5):
 * - **primary suppression**: a cell counting fewer than MINIMUM_CELL people (0 included) is not
 *   shown; it answers "fewer than 5";
 * - **secondary suppression**: the cells are tied together by additive groups (a total and its
 *   parts: all = women + men; a year = its quarters; a quarter = its months; Slovenia = its 12
 *   regions; all programme types = each type). A group with exactly one suppressed cell gives it
 *   back by subtraction, so another of its cells is suppressed too — one the table does not
 *   publish if there is one (a complement such as "not Roma"), else the smallest — until no group
 *   has exactly one. Cells the table never publishes take part like any other: when one of them
 *   counts fewer than 5 it is protected as well.
 * - **the audit**: the table is then read as an attacker would (shown counts, the range each
 *   withholding reason gives away, non-negativity, every group) and more is withheld until no
 *   withheld count of people can be pinned to one value by integer programming (exposedCells;
 *   τ-ARGUS audits with linear programming, which integer programming can beat).
 * The whole grid of a year (every period, region and programme type) is suppressed at once, so
 * every question about that year meets the same pattern.
 */
export const MINIMUM_CELL = 5;
/** How many partners each alternative that changes a known cell is tried with (freeByAlternatives). */
const PARTNERS = 8;

export type Suppression = "PRIMARY" | "SECONDARY" | null;

/** A table the counting could have produced instead: the change to each cell it differs in. */
export type Alternative = Map<string, number>;

interface Cell {
  value: number;
  published: boolean;
  suppressed: Suppression;
  /** Released before: shown or withheld as it was then, never changed (frozen releases). */
  fixed: boolean;
  /** Zero by the programme's own rules, which a reader knows (men in a women-only programme): the audit counts it as known. */
  structural?: boolean;
}

const smallest = <Member extends { key: string; cell: Cell }>(members: Member[]): Member =>
  members.reduce((best, member) => (member.cell.value < best.cell.value || (member.cell.value === best.cell.value && member.key < best.key) ? member : best));

export class DisclosureTable {
  private readonly cells = new Map<string, Cell>();
  private readonly groups: string[][] = [];
  /** Withheld cells the audit has found a reader cannot pin (see exposedCells). */
  private readonly free = new Set<string>();
  /** Tables the counting could have produced instead, as changes to cells (see suppress). */
  private alternatives: Alternative[] = [];
  /** Whether each group adds up exactly in the true counts (exact), worked out once per group while counts stay as set. */
  private exactness = new WeakMap<string[], boolean>();

  /** Sets a cell's count; `published: false` for a complement that is kept only to be protected. */
  set(key: string, value: number, published = true): void {
    this.cells.set(key, { value, published, suppressed: null, fixed: false });
    this.exactness = new WeakMap();
  }

  /**
   * Marks a cell that is zero by rules every reader knows (second red team: men in the women-only
   * programme types and non-Roma in the Roma women's one gave back three withheld cells when the
   * audit took them for 0–4). The audit counts it as a known 0; it stays withheld like any 0.
   */
  markStructuralZero(key: string): void {
    const cell = this.cells.get(key);
    if (cell && cell.value === 0) cell.structural = true;
  }

  /** A cell released before, with the suppression it was released with: suppress() leaves it as it is. */
  setReleased(key: string, value: number, published: boolean, suppressed: Suppression): void {
    this.cells.set(key, { value, published, suppressed, fixed: true });
    this.exactness = new WeakMap();
  }

  /** Every cell, for storing a release: key, count, published, suppression. */
  entries(): [string, { value: number; published: boolean; suppressed: Suppression }][] {
    return [...this.cells].map(([key, cell]) => [key, { value: cell.value, published: cell.published, suppressed: cell.suppressed }]);
  }

  /** Declares `total` = Σ `parts` (cells not set count 0 and are created). */
  addGroup(total: string, parts: string[]): void {
    for (const key of [total, ...parts]) if (!this.cells.has(key)) this.set(key, 0);
    this.groups.push([total, ...parts]);
    this.groupsOf = undefined;
  }

  /**
   * Applies primary, then secondary suppression, then audits the result as an attacker would and
   * withholds more until the audit passes. Deterministic: same counts, same pattern.
   * `alternatives`: tables the same counting could have produced from slightly different records,
   * as a change per cell; each one that agrees with everything published proves the withheld cells
   * it moves free at no solver's cost (exposedCells). Any may be wrong: each is checked.
   */
  async suppress(alternatives: Alternative[] = []): Promise<void> {
    for (const cell of this.cells.values()) if (!cell.fixed) cell.suppressed = cell.value < MINIMUM_CELL ? "PRIMARY" : null;
    this.free.clear();
    this.alternatives = alternatives;
    this.noLoneSuppressedCell();
    for (let round = 0; round < 1000; round += 1) {
      const exposed = await this.exposedCells();
      if (!exposed.length) return;
      const protectedAny = exposed.map((key) => this.protect(key)).some(Boolean);
      if (!protectedAny) throw new Error(`disclosure control cannot protect ${exposed[0]}: every cell around it was released before`);
      this.noLoneSuppressedCell();
    }
    throw new Error("disclosure control did not converge");
  }

  /** Until no additive group has exactly one suppressed cell. */
  private noLoneSuppressedCell(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const group of this.groups) {
        const members = group.map((key) => ({ key, cell: this.cells.get(key)! }));
        const suppressed = members.filter((member) => member.cell.suppressed);
        // A lone withheld 0 may be worked out: zero is no person (the audit guards the rest).
        if (suppressed.length !== 1 || suppressed[0].cell.value === 0) continue;
        const open = members.filter((member) => !member.cell.suppressed && !member.cell.fixed);
        // A group of released cells alone passed when it was released.
        if (!open.length) continue;
        const chosen = open.find((member) => !member.cell.published) ?? smallest(open);
        chosen.cell.suppressed = "SECONDARY";
        changed = true;
      }
    }
  }

  /**
   * Whether a group adds up exactly in the true counts. A person who enters twice in a quarter is
   * counted once in it and once in each month, so a few totals hold fewer than their parts; such a
   * group is read as "total ≤ Σ parts" (the audit stays true to the data, and a reader who takes it
   * for an equality works with a wrong figure).
   */
  private exact(group: string[]): boolean {
    let exact = this.exactness.get(group);
    if (exact === undefined) {
      const [total, ...parts] = group.map((key) => this.cells.get(key)!.value);
      this.exactness.set(group, (exact = total === parts.reduce((sum, part) => sum + part, 0)));
    }
    return exact;
  }

  /**
   * What a reader knows of each cell (second red team): every shown count; that a cell withheld as
   * fewer than 5 holds 0–4 and one withheld to protect another holds 5 or more; that nothing is
   * negative; zeros fixed by the programmes' rules. Bounds are then propagated through the exact
   * groups to a fixed point (interval constraint propagation): cheap, sound, and the solver's start.
   */
  private intervalBounds(): { lo: Map<string, number>; hi: Map<string, number> } {
    const lo = new Map<string, number>();
    const hi = new Map<string, number>();
    for (const [key, cell] of this.cells) {
      const shown = (cell.published && !cell.suppressed) || cell.structural;
      lo.set(key, shown ? cell.value : cell.published && cell.suppressed === "SECONDARY" ? MINIMUM_CELL : 0);
      hi.set(key, shown ? cell.value : cell.published && cell.suppressed === "PRIMARY" ? MINIMUM_CELL - 1 : Number.POSITIVE_INFINITY);
    }
    const exact = this.groups.filter((group) => this.exact(group));
    for (let pass = 0, changed = true; changed && pass < 200; pass += 1) {
      changed = false;
      const tighten = (key: string, low: number, high: number) => {
        if (low > lo.get(key)!) {
          lo.set(key, low);
          changed = true;
        }
        if (high < hi.get(key)!) {
          hi.set(key, high);
          changed = true;
        }
      };
      for (const [total, ...parts] of exact) {
        const sumLo = parts.reduce((sum, part) => sum + lo.get(part)!, 0);
        const sumHi = parts.reduce((sum, part) => sum + hi.get(part)!, 0);
        tighten(total, sumLo, sumHi);
        for (const part of parts) tighten(part, lo.get(total)! - (sumHi - hi.get(part)!), hi.get(total)! - (sumLo - lo.get(part)!));
      }
    }
    return { lo, hi };
  }

  /**
   * The audit, exact: the withheld counts of people (cells above 0) that a reader can pin to one
   * value from everything the table shows and every relation it obeys, as integer programming finds
   * them (shared/indicators/integer-audit.ts; the second red team pinned a cell so, through programme
   * type and age at once, where propagating intervals group by group had passed it). Interval
   * propagation runs first and gives the solver its bounds. A withheld 0 that comes back is no
   * person and is let be. A cell once shown free stays free while more is withheld (each
   * withholding only widens what a reader must consider), so later rounds check only the rest.
   */
  async exposedCells(): Promise<string[]> {
    const { lo, hi } = this.intervalBounds();
    this.freeByAlternatives(lo, hi);
    const targets = [...this.cells.keys()].filter((key) => this.open(key));
    const exposed = targets.filter((key) => lo.get(key) === hi.get(key));
    const keys = [...this.cells.keys()].filter((key) => lo.get(key)! < hi.get(key)!);
    const position = new Map(keys.map((key, index) => [key, index]));
    const system: IntegerSystem = { lower: keys.map((key) => lo.get(key)!), upper: keys.map((key) => hi.get(key)!), rows: [] };
    for (const group of this.groups) {
      const terms = new Map<number, number>();
      let constant = 0;
      group.forEach((key, index) => {
        const sign = index === 0 ? 1 : -1;
        const at = position.get(key);
        if (at === undefined) constant += sign * lo.get(key)!;
        else terms.set(at, (terms.get(at) ?? 0) + sign);
      });
      const row = [...terms].filter(([, coefficient]) => coefficient !== 0);
      if (row.length) system.rows.push({ terms: row, lower: this.exact(group) ? -constant : Number.NEGATIVE_INFINITY, upper: -constant });
    }
    const open = targets.filter((key) => position.has(key));
    const pinned = new Map(await pinnedUnknowns(system, open.map((key) => position.get(key)!), keys.map((key) => this.cells.get(key)!.value)));
    for (const key of open) {
      if (pinned.has(position.get(key)!)) exposed.push(key);
      else this.free.add(key);
    }
    return exposed.sort();
  }

  /**
   * Frees the withheld cells that an admitted alternative moves. Alternatives that change a cell the
   * reader knows are tried in pairs whose changes to the known cells cancel (one person moved from
   * one region to another, a second the other way), as a reader's own alternative would be made.
   */
  private freeByAlternatives(lo: Map<string, number>, hi: Map<string, number>): void {
    const accept = (alternative: Alternative) => {
      if (![...alternative.keys()].some((key) => this.open(key)) || !this.admits(alternative, lo, hi)) return;
      for (const key of alternative.keys()) if (this.open(key)) this.free.add(key);
    };
    const known = (alternative: Alternative, sign: number) =>
      [...alternative]
        .filter(([key]) => this.cells.has(key) && lo.get(key) === hi.get(key))
        .map(([key, by]) => `${key}:${sign * by}`)
        .sort()
        .join(",");
    const bySignature = new Map<string, Alternative[]>();
    for (const alternative of this.alternatives) {
      const signature = known(alternative, 1);
      if (!signature) accept(alternative);
      else (bySignature.get(signature) ?? bySignature.set(signature, []).get(signature)!).push(alternative);
    }
    for (const alternatives of bySignature.values()) {
      const partners = bySignature.get(known(alternatives[0], -1)) ?? [];
      for (const alternative of alternatives) {
        if (![...alternative.keys()].some((key) => this.open(key))) continue;
        for (const partner of partners.slice(0, PARTNERS)) {
          const pair = new Map(alternative);
          for (const [key, by] of partner) pair.set(key, (pair.get(key) ?? 0) + by);
          for (const [key, by] of pair) if (!by) pair.delete(key);
          accept(pair);
        }
      }
    }
  }

  /** A withheld count of people the audit has not yet found free. */
  private open(key: string): boolean {
    const cell = this.cells.get(key);
    return Boolean(cell && cell.published && cell.suppressed && cell.value > 0 && !this.free.has(key));
  }

  /**
   * Whether a reader could take this alternative for the truth: it changes no cell the reader knows,
   * keeps every cell within what its reason for withholding says (and nothing negative), and every
   * group it touches still adds up (a group that holds more in its parts than its total, still so).
   * Cells the table does not hold (periods not yet released) are no concern of this release.
   */
  private admits(alternative: Alternative, lo: Map<string, number>, hi: Map<string, number>): boolean {
    const value = (key: string) => this.cells.get(key)!.value + (alternative.get(key) ?? 0);
    for (const key of alternative.keys()) {
      if (!this.cells.has(key)) continue;
      if (lo.get(key) === hi.get(key) || value(key) < lo.get(key)! || value(key) > hi.get(key)!) return false;
    }
    this.groupsOf ??= this.indexGroups();
    const touched = new Set([...alternative.keys()].flatMap((key) => this.groupsOf!.get(key) ?? []));
    for (const index of touched) {
      const [total, ...parts] = this.groups[index];
      const sum = parts.reduce((sum, part) => sum + value(part), 0);
      if (this.exact(this.groups[index]) ? value(total) !== sum : value(total) > sum) return false;
    }
    return true;
  }

  private groupsOf: Map<string, number[]> | undefined;
  private indexGroups(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.groups.forEach((group, at) => group.forEach((key) => (index.get(key) ?? index.set(key, []).get(key)!).push(at)));
    return index;
  }

  /** Withholds the smallest shown cell of the groups that pinned an exposed one. */
  private protect(exposed: string): boolean {
    const candidates = this.groups
      .filter((group) => group.includes(exposed))
      .flat()
      .map((key) => ({ key, cell: this.cells.get(key)! }))
      .filter((member) => !member.cell.suppressed && !member.cell.fixed);
    const shown = candidates.filter((member) => member.cell.published);
    if (!shown.length) return false;
    smallest(shown).cell.suppressed = "SECONDARY";
    return true;
  }

  /** A published cell: its count, or null and why it is withheld. @throws Error for a cell never set or never published. */
  get(key: string): { count: number | null; suppressed: Suppression } {
    const cell = this.cells.get(key);
    if (!cell || !cell.published) throw new Error(`no published cell ${key}`);
    return { count: cell.suppressed ? null : cell.value, suppressed: cell.suppressed };
  }

  /** Whether a cell is shown (set, published and not suppressed). */
  shown(key: string): boolean {
    const cell = this.cells.get(key);
    return Boolean(cell && cell.published && !cell.suppressed);
  }

  /** Every additive group, for tests that try to recover a suppressed cell. */
  get additiveGroups(): readonly string[][] {
    return this.groups;
  }

  /** A cell's true count, for tests only. */
  trueValue(key: string): number {
    return this.cells.get(key)?.value ?? 0;
  }
}
