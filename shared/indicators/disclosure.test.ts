import { DisclosureTable } from "./disclosure";

/**
 * The audit against the second red team's two cases (issue 17). Shape of a table here: a total
 * and its parts, by programme type (G, W, R) and by age (the 30–54 cells).
 */
function mayTable(): DisclosureTable {
  const table = new DisclosureTable();
  // Entering: ALL 11 = GENERAL 8 + two women's types with 3 between them (1 and 2).
  table.set("ALL", 11);
  table.set("G", 8);
  table.set("W", 1);
  table.set("R", 2);
  table.addGroup("ALL", ["G", "W", "R"]);
  // Aged 30–54: ALL 7 = GENERAL 4 + 1 + 2; each type's age group is part of its entrants.
  table.set("ALL_30", 7);
  table.set("G_30", 4);
  table.set("W_30", 1);
  table.set("R_30", 2);
  table.addGroup("ALL_30", ["G_30", "W_30", "R_30"]);
  for (const type of ["G", "W", "R"]) {
    table.set(`${type}_REST`, type === "G" ? 4 : 0, false);
    table.addGroup(type, [`${type}_30`, `${type}_REST`]);
  }
  return table;
}

describe("the disclosure audit", () => {
  it("counts zeros that the programmes' rules fix as known (men in the women-only types)", async () => {
    // Everyone 10 = women 3 (withheld) + men 7, so men are withheld to protect the women.
    // Men 7 = men in the general type 7 (shown) + men in the two women-only types, 0 by their rules.
    const table = new DisclosureTable();
    table.set("ALL", 10);
    table.set("ALL_F", 3);
    table.set("ALL_M", 7);
    table.addGroup("ALL", ["ALL_F", "ALL_M"]);
    table.set("G_M", 7);
    table.set("W_M", 0);
    table.set("R_M", 0);
    table.addGroup("ALL_M", ["G_M", "W_M", "R_M"]);
    table.markStructuralZero("W_M");
    table.markStructuralZero("R_M");
    await table.suppress();
    expect(table.get("ALL_M").count).toBeNull();
    // A reader who knows the rules would read men = 7 off the general type: it is withheld too.
    expect(table.get("G_M").count === null || table.get("ALL").count === null).toBe(true);
    expect(await table.exposedCells()).toEqual([]);
  });

  // Issue 17, second red team: interval propagation bounds each cell alone and misses that the two
  // women's types' 30–54 cells together hold at most their 3 entrants, which pins GENERAL's 30–54
  // (withheld as fewer than 5) to 4. The integer-programming audit finds it.
  it("finds a cell pinned through two dimensions at once (programme type and age)", async () => {
    const table = mayTable();
    await table.suppress();
    const shown = (key: string) => table.get(key).count !== null;
    // Either the audit withholds more, or what it shows no longer pins G_30.
    expect(shown("ALL") && shown("G") && shown("ALL_30") && table.get("G_30").count === null).toBe(false);
  });
});
