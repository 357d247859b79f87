import { SUBGRAPHS } from "../subgraphs";

/** Prints the subgraph names, one per line, for shell scripts such as .ci/run. */
for (const subgraph of SUBGRAPHS) console.log(subgraph.name);
