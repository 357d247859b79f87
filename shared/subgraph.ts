import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import type { DataSource, EntityManager } from "typeorm";
import { hubSettings, subgraphSettings } from "./config";
import type { SubgraphContext } from "./context";
import { openDatabase, rowCount, type AgencyDatabase } from "./database";
import { formatErrorForClient } from "./errors";
import { hubClient } from "./hub-client";
import { demoData } from "./demo-data";
import type { DemoData } from "./demo-data.types";

/** The federation directives our subgraphs use (Federation 2). */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@shareable"])';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ReferenceResolver = { __resolveReference(reference: any, context: any): unknown };

/** Everything the hub needs to know about one agency's subgraph; `subgraphs/index.ts` lists them. */
export interface SubgraphDefinition<Loaders = unknown> {
  name: string;
  /** The agency that owns the data, for the README and the access log. */
  owner: string;
  defaultPort: number;
  entities: Function[];
  migrations: Function[];
  resolvers: NonEmptyArray<Function>;
  /** Types not reachable from a root field, such as entities only reached through `_entities`. */
  orphanedTypes?: Function[];
  references: Record<string, ReferenceResolver>;
  createLoaders(db: DataSource): Loaders;
  /** Inserts this agency's part of the demo data set. */
  loadDemoData(manager: EntityManager, data: DemoData): Promise<void>;
}

/** Turns a type-graphql schema into a federation subgraph schema: SDL with directives plus resolvers. */
export async function buildFederatedSchema(definition: SubgraphDefinition): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(definition.references)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as any }]);
  return { schema, sdl };
}

export interface RunningSubgraph {
  name: string;
  url: string;
  database: AgencyDatabase;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  demoData: boolean;
  /** Overrides of the environment's settings (tests use port 0 and their own databases). */
  port?: number;
  databaseUrl?: string;
  /** Where the gateway is; a function because a hub in one process knows it only once the gateway listens. */
  gatewayUrl?: () => string;
}

/** Opens the agency's database (migrating it), loads demo data into an empty one, and serves the subgraph. */
export async function startSubgraph(definition: SubgraphDefinition, options: StartOptions): Promise<RunningSubgraph> {
  const settings = subgraphSettings(definition.name, definition.defaultPort);
  const database = await openDatabase({
    name: definition.name,
    databaseUrl: options.databaseUrl ?? settings.databaseUrl,
    dataDir: options.dataDir,
    entities: definition.entities,
    migrations: definition.migrations,
  });
  try {
    if (options.demoData) {
      await database.dataSource.transaction(async (manager) => {
        if ((await rowCount(manager)) === 0) await definition.loadDemoData(manager, demoData());
      });
    }
    const { schema } = await buildFederatedSchema(definition);
    const gatewayUrl = options.gatewayUrl ?? (() => hubSettings().gatewayUrl);
    const server = new ApolloServer<SubgraphContext<unknown>>({
      schema,
      formatError: (formatted, error) => formatErrorForClient(formatted, error),
      includeStacktraceInErrorResponses: false,
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(server, {
      listen: { port: options.port ?? settings.port, host: hubSettings().host },
      context: async () => ({
        caller: null,
        operationName: null,
        loaders: definition.createLoaders(database.dataSource),
        db: database.dataSource,
        hub: hubClient(gatewayUrl),
      }),
    });
    return {
      name: definition.name,
      url: url.replace(/\/$/, "") + "/graphql",
      database,
      async stop() {
        await server.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
