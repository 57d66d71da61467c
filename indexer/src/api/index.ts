// HTTP API of the indexer: one GraphQL endpoint at /graphql and the content endpoints (content.ts).
// Ponder serves /health, /ready, /status and /metrics next to them.
import { createYoga, type Plugin } from "graphql-yoga";
import { Hono } from "hono";

import { contentRoutes } from "./content";
import { freshness, freshnessOrLast, kithExtension } from "./freshness";
import { graphqlBodyLimit, utf8Request } from "./http";
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
    const f = scope.freshness !== undefined ? scope.freshness : await freshnessOrLast();
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
app.use("/graphql", graphqlBodyLimit(freshnessOrLast));
app.on(["GET", "POST"], "/graphql", async (c) => {
  const checked = await utf8Request(c, freshnessOrLast);
  return "refused" in checked ? checked.refused : yoga.fetch(checked.request, { scope: { statements: 0 } });
});
contentRoutes(app);

export default app;
