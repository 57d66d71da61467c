// HTTP API of the indexer: one GraphQL endpoint at /graphql and the content endpoints (content.ts).
// Ponder serves /health, /ready, /status and /metrics next to them.
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { createYoga, type Plugin } from "graphql-yoga";
import { Hono } from "hono";

import { browserRoutes } from "./browser";
import { complexityLimitPlugin } from "./complexity";
import { contentRoutes } from "./content";
import { exitWhenDatabaseIsLost } from "./databaseWatch";
import { exitOnUnrecoverableReorg } from "./finality";
import { freshness } from "./freshness";
import { withLiveSubscriptions } from "./live";
import { type GraphQLContext, schema } from "./schema";
import { createLoaders } from "./store";

/**
 * Query limits: deep enough for a thread five replies deep; complexity counts each list as its
 * page size (a full home feed page with bodies, authors and reposts is about 3,000).
 */
export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 10, maxTokens: 2_000, maxComplexity: 20_000 } as const;

/**
 * Every response says which block it reflects and how many SQL statements it took:
 * `extensions.kith = { chainId, indexedBlock, indexedBlockTimestamp, finalizedBlock, sqlStatements }`.
 */
const kithExtensions: Plugin<GraphQLContext> = {
  onExecute({ args }) {
    return {
      onExecuteDone({ result, setResult }) {
        if (Symbol.asyncIterator in result) return;
        const { freshness: f, counter } = args.contextValue;
        setResult({
          ...result,
          extensions: {
            ...result.extensions,
            kith: {
              chainId: f?.chainId ?? null,
              indexedBlock: f ? String(f.indexedBlock) : null,
              indexedBlockTimestamp: f ? String(f.indexedBlockTimestamp) : null,
              finalizedBlock: f ? String(f.finalizedBlock) : null,
              sqlStatements: counter.statements,
            },
          },
        });
      },
    };
  },
};

const yoga = createYoga<object, GraphQLContext>({
  schema: withLiveSubscriptions(schema),
  graphqlEndpoint: "/graphql",
  landingPage: false,
  // Unexpected errors reach clients as "Unexpected error." only; KITH_GRAPHQL_DEBUG=1 adds details.
  maskedErrors: process.env.KITH_GRAPHQL_DEBUG === "1" ? { isDev: true } : { isDev: false },
  context: async () => {
    const counter = { statements: 0 };
    return { counter, loaders: createLoaders(counter), freshness: await freshness() };
  },
  plugins: [
    maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, exposeLimits: true }),
    maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, exposeLimits: true }),
    maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, exposeLimits: true }),
    complexityLimitPlugin(QUERY_LIMITS.maxComplexity),
    kithExtensions,
  ],
});

exitOnUnrecoverableReorg();
// Only a process that indexes (`ponder start`, `ponder dev`) writes: `ponder serve` stays up.
const indexes = process.argv.includes("start") || process.argv.includes("dev");
if (process.env.DATABASE_URL && indexes) exitWhenDatabaseIsLost(process.env.DATABASE_URL);

const app = new Hono();
browserRoutes(app);
app.on(["GET", "POST"], "/graphql", (c) => yoga.fetch(c.req.raw));
contentRoutes(app);

export default app;
