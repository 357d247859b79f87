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
 * The whole grid of a year (every period, region and programme type) is suppressed at once, so
 * every question about that year meets the same pattern and no two answers combine into a hidden
 * cell.
 */
export const MINIMUM_CELL = 5;

export type Suppression = "PRIMARY" | "SECONDARY" | null;

interface Cell {
  value: number;
  published: boolean;
  suppressed: Suppression;
}

export class DisclosureTable {
  private readonly cells = new Map<string, Cell>();
  private readonly groups: string[][] = [];

  /** Sets a cell's count; `published: false` for a complement that is kept only to be protected. */
  set(key: string, value: number, published = true): void {
    this.cells.set(key, { value, published, suppressed: null });
  }

  /** Declares `total` = Σ `parts` (cells not set count 0 and are created). */
  addGroup(total: string, parts: string[]): void {
    for (const key of [total, ...parts]) if (!this.cells.has(key)) this.set(key, 0);
    this.groups.push([total, ...parts]);
  }

  /** Applies primary, then secondary suppression, to a fixed point. Deterministic: same counts, same pattern. */
  suppress(): void {
    for (const cell of this.cells.values()) cell.suppressed = cell.value < MINIMUM_CELL ? "PRIMARY" : null;
    for (let changed = true; changed; ) {
      changed = false;
      for (const group of this.groups) {
        const members = group.map((key) => ({ key, cell: this.cells.get(key)! }));
        if (members.filter((member) => member.cell.suppressed).length !== 1) continue;
        const open = members.filter((member) => !member.cell.suppressed);
        const chosen =
          open.find((member) => !member.cell.published) ??
          open.reduce((smallest, member) => (member.cell.value < smallest.cell.value || (member.cell.value === smallest.cell.value && member.key < smallest.key) ? member : smallest));
        chosen.cell.suppressed = "SECONDARY";
        changed = true;
      }
    }
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
