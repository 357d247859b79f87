/** `providers → programmes → provider → programmes …`, `levels` fields deep: the probe's cycle (issue 12), for the depth and cost limits. */
export function cycle(levels: number): string {
  let selection = "id";
  for (let level = levels - 1; level >= 1; level -= 1) selection = `${level % 2 === 1 ? "programmes" : "provider"} { ${selection} }`;
  return `query Cycle { providers { ${selection} } }`;
}
