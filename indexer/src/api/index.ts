// HTTP API of the indexer: one GraphQL endpoint at /graphql (Ponder serves /health, /ready,
// /status and /metrics next to it).
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { createYoga } from "graphql-yoga";
import { Hono } from "hono";

import { schema } from "./schema";
import { createLoaders } from "./store";

/** Query limits: deep enough for a thread five replies deep, small enough to stop abuse. */
export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 10, maxTokens: 2_000, maxCost: 5_000 } as const;

const yoga = createYoga({
  schema,
  graphqlEndpoint: "/graphql",
  landingPage: false,
  context: () => ({ loaders: createLoaders() }),
  plugins: [
    maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, exposeLimits: true }),
    maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, exposeLimits: true }),
    maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, exposeLimits: true }),
    costLimitPlugin({ maxCost: QUERY_LIMITS.maxCost, exposeLimits: true }),
  ],
});

const app = new Hono();
app.on(["GET", "POST"], "/graphql", (c) => yoga.fetch(c.req.raw));

export default app;
