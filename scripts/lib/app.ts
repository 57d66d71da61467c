// The reference web app (app/): built with Vite, served as static files next to the rest of the
// stack, with /kith-config.json telling the page where the chain, GraphQL and relayer are.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const appDir = path.resolve(import.meta.dirname, "..", "..", "app");
export const APP_DIST = path.join(appDir, "dist");

export interface AppConfig {
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string;
  relayerUrl: string;
}

/** `vite build` of app/ into app/dist. */
export async function buildApp(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: path.join(appDir, "vite.config.ts"), logLevel: "warn" });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

/** Serves app/dist on 127.0.0.1:`port` (0: any free one). */
export async function serveApp(config: AppConfig, port = 0): Promise<RunningApp> {
  if (!existsSync(path.join(APP_DIST, "index.html"))) throw new Error(`${APP_DIST} has no build: run buildApp() first`);
  const configJson = JSON.stringify(config);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://app").pathname);
    if (pathname === "/kith-config.json") {
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return response.end(configJson);
    }
    const file = path.join(APP_DIST, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ""));
    const found = file.startsWith(APP_DIST) && existsSync(file) && statSync(file).isFile() ? file : path.join(APP_DIST, "index.html");
    response.writeHead(200, { "content-type": TYPES[path.extname(found)] ?? "application/octet-stream" });
    response.end(readFileSync(found));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
