// Serves the relayer over HTTP on 127.0.0.1 (used by `npm start` and the end-to-end tests).
import type { AddressInfo } from "node:net";

import { serve } from "@hono/node-server";

import { createRelayer, type RelayerOptions } from "./server.ts";

export interface RunningRelayer {
  url: string;
  address: `0x${string}`;
  stop(): Promise<void>;
}

export async function serveRelayer(options: RelayerOptions & { port?: number }): Promise<RunningRelayer> {
  const { app, address } = createRelayer(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: options.port ?? 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    address,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
