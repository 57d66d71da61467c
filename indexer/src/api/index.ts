// HTTP API of the indexer: one GraphQL endpoint at /graphql and the content endpoints (content.ts).
// Ponder serves /health, /ready, /status and /metrics next to them.
import { createYoga, type Plugin } from "graphql-yoga";
import { Hono } from "hono";

import { contentRoutes } from "./content";
import { freshness, kithExtension, lastFreshness } from "./freshness";
import { queryLimits } from "./limits";
import { type GraphQLContext, schema } from "./schema";
import type { RequestScope } from "./sql";
import { createLoaders } from "./store";

/** What each request brings to yoga (and yoga's context keeps). */
interface ServerContext {
  scope: RequestScope;
}

/**
 * Every response says which block it reflects (`extensions.kith`, see freshness.ts), refusals
 * too: those that come before execution (parse, limits, validation) never read the freshness, so
 * it is read here (at most every 200 ms; the last value read if the database does not answer).
 */
const kithExtensions: Plugin<GraphQLContext, ServerContext> = {
  async onResultProcess({ result, setResult, serverContext }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    const { scope } = serverContext;
    const f = scope.freshness !== undefined ? scope.freshness : await freshness().catch(() => lastFreshness());
    setResult({ ...result, extensions: { ...result.extensions, kith: kithExtension(f, scope.statements) } });
  },
};

const yoga = createYoga<ServerContext, GraphQLContext>({
  schema,
  graphqlEndpoint: "/graphql",
  landingPage: false,
  // Unexpected errors reach clients as "Unexpected error." only; KITH_GRAPHQL_DEBUG=1 adds details.
  maskedErrors: process.env.KITH_GRAPHQL_DEBUG === "1" ? { isDev: true } : { isDev: false },
  context: async ({ scope }) => {
    scope.freshness = await freshness();
    return { scope, loaders: createLoaders(scope), freshness: scope.freshness };
  },
  plugins: [...queryLimits, kithExtensions],
});

const app = new Hono();
app.on(["GET", "POST"], "/graphql", (c) => yoga.fetch(c.req.raw, { scope: { statements: 0 } }));
contentRoutes(app);

export default app;
