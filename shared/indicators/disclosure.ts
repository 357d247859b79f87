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
 *   withheld count of people can be pinned to one value (exposedCells).
 * The whole grid of a year (every period, region and programme type) is suppressed at once, so
 * every question about that year meets the same pattern.
 */
export const MINIMUM_CELL = 5;

export type Suppression = "PRIMARY" | "SECONDARY" | null;

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

  /** Sets a cell's count; `published: false` for a complement that is kept only to be protected. */
  set(key: string, value: number, published = true): void {
    this.cells.set(key, { value, published, suppressed: null, fixed: false });
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
  }

  /** Every cell, for storing a release: key, count, published, suppression. */
  entries(): [string, { value: number; published: boolean; suppressed: Suppression }][] {
    return [...this.cells].map(([key, cell]) => [key, { value: cell.value, published: cell.published, suppressed: cell.suppressed }]);
  }

  /** Declares `total` = Σ `parts` (cells not set count 0 and are created). */
  addGroup(total: string, parts: string[]): void {
    for (const key of [total, ...parts]) if (!this.cells.has(key)) this.set(key, 0);
    this.groups.push([total, ...parts]);
  }

  /**
   * Applies primary, then secondary suppression, then audits the result as an attacker would and
   * withholds more until the audit passes. Deterministic: same counts, same pattern.
   */
  suppress(): void {
    for (const cell of this.cells.values()) if (!cell.fixed) cell.suppressed = cell.value < MINIMUM_CELL ? "PRIMARY" : null;
    this.noLoneSuppressedCell();
    for (let round = 0; round < 1000; round += 1) {
      const exposed = this.exposedCells();
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
   * The audit (red team: "none or two per group" let 163 withheld figures come back). What a reader
   * knows: every shown count; that a cell withheld as fewer than 5 holds 0–4 and one withheld to
   * protect another holds 5 or more; that nothing is negative; and every additive group. Bounds are
   * propagated through the groups to a fixed point (interval constraint propagation, as the
   * τ-ARGUS audit does with linear programming); a withheld cell of people whose bounds meet is
   * exposed. A withheld 0 that comes back is no person and is let be.
   */
  exposedCells(): string[] {
    const lo = new Map<string, number>();
    const hi = new Map<string, number>();
    for (const [key, cell] of this.cells) {
      const shown = (cell.published && !cell.suppressed) || cell.structural;
      lo.set(key, shown ? cell.value : cell.published && cell.suppressed === "SECONDARY" ? MINIMUM_CELL : 0);
      hi.set(key, shown ? cell.value : cell.published && cell.suppressed === "PRIMARY" ? MINIMUM_CELL - 1 : Number.POSITIVE_INFINITY);
    }
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
      for (const [total, ...parts] of this.groups) {
        const sumLo = parts.reduce((sum, part) => sum + lo.get(part)!, 0);
        const sumHi = parts.reduce((sum, part) => sum + hi.get(part)!, 0);
        tighten(total, sumLo, sumHi);
        for (const part of parts) tighten(part, lo.get(total)! - (sumHi - hi.get(part)!), hi.get(total)! - (sumLo - lo.get(part)!));
      }
    }
    return [...this.cells].filter(([key, cell]) => cell.published && cell.suppressed && cell.value > 0 && lo.get(key) === hi.get(key)).map(([key]) => key);
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
