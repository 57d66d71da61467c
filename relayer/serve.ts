// Serves the relayer over HTTP (used by `npm start`, `npm run relayer` and the end-to-end tests).
import type { AddressInfo } from "node:net";

import { serve } from "@hono/node-server";

import { createRelayer, type RelayerOptions } from "./server.ts";

export interface RunningRelayer {
  url: string;
  address: `0x${string}`;
  relayer: ReturnType<typeof createRelayer>;
  stop(): Promise<void>;
}

export async function serveRelayer(options: RelayerOptions & { port?: number; hostname?: string }): Promise<RunningRelayer> {
  const relayer = createRelayer(options);
  await relayer.start();
  const hostname = options.hostname ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: relayer.app.fetch, hostname, port: options.port ?? 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
    address: relayer.address,
    relayer,
    /** Stops listening, then the relayer; stopping again waits for the first stop. */
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await relayer.stop();
      })();
      return stopping;
    },
  };
}
