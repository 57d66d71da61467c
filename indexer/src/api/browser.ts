// The address book for dApps in a browser: GET /deployment answers `deployments/<chainId>.json`
// of the chain this indexer indexes, so a page needs no file system and no copy of it. (Ponder's
// server already answers CORS with origin "*" on every route, /content included.)
import type { Hono } from "hono";

import { readDeployment } from "@kith/sdk/node";

export function browserRoutes(app: Hono) {
  const deployment = readDeployment(Number(process.env.KITH_CHAIN_ID ?? 31337));
  app.get("/deployment", (c) => c.json(deployment));
}
