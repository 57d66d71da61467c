// A TCP proxy the tests put between the indexer and Postgres, to make the database hang or go away
// without touching the real server (other tests, and other people, may use it; the chain's RPC
// misbehaves through scripts/lib/faultyRpc.ts, which speaks HTTP): `pause` holds every byte in both directions (a hung server), `cut` closes
// every connection and refuses new ones (a stopped server), `restore` undoes either.
import { createServer, type Server, type Socket, connect } from "node:net";

import { freePort } from "../../scripts/lib/processes.ts";

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  pause(): void;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  /** Bytes read while paused, per destination, delivered on restore. */
  const held = new Map<Socket, Buffer[]>();
  let paused = false;
  let server: Server | undefined;

  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (paused) held.set(to, [...(held.get(to) ?? []), chunk]);
      else to.write(chunk);
    });
    from.on("close", () => to.destroy());
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      held.delete(socket);
    });
    socket.on("error", () => socket.destroy());
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        track(client);
        track(upstream);
        forward(client, upstream);
        forward(upstream, client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  return {
    port,
    via(url) {
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    pause() {
      paused = true;
    },
    cut: close,
    async restore() {
      paused = false;
      for (const [to, chunks] of held) for (const chunk of chunks) to.write(chunk);
      held.clear();
      if (!server) await listen();
    },
    stop: close,
  };
}
