import type { SubgraphContext } from "../../shared/context";
import type { ProviderLoaders } from "./loaders";

export type ProvidersContext = SubgraphContext<ProviderLoaders>;
