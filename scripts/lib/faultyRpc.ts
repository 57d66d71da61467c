// A JSON-RPC proxy in front of a local chain that can misbehave on command, the ways providers do:
// answer 502 or 429, hang without answering, or refuse connections. The chaos suite and the
// outage tests point the indexer at it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type RpcFault = "none" | "502" | "429" | "hang" | "refuse";

export interface FaultyRpc {
  url: string;
  /**
   * What every request meets from now on (with `methods`, only requests calling one of them: the
   * rest are forwarded). "refuse" closes the port (ECONNREFUSED) until another mode.
   */
  set(fault: RpcFault, options?: { methods?: string[] }): Promise<void>;
  /** Requests forwarded, and answered with a fault, so far. */
  stats(): { forwarded: number; faulted: number };
  close(): Promise<void>;
}

export async function startFaultyRpc(upstream: string): Promise<FaultyRpc> {
  let mode: RpcFault = "none";
  let methods: Set<string> | undefined;
  let forwarded = 0;
  let faulted = 0;
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const fault = faultFor(Buffer.concat(chunks));
    if (fault === "502" || fault === "429") {
      faulted += 1;
      response.writeHead(Number(fault), { "content-type": "text/plain", ...(fault === "429" ? { "retry-after": "1" } : {}) });
      response.end(fault === "429" ? "Too Many Requests" : "Bad Gateway");
      return;
    }
    if (fault === "hang") {
      faulted += 1;
      hanging.add(response);
      response.once("close", () => hanging.delete(response));
      return;
    }
    forwarded += 1;
    try {
      const answer = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      response.writeHead(502);
      response.end();
    }
  }

  /** The fault this request body meets: the mode, unless `methods` leaves its methods out. */
  function faultFor(body: Buffer): RpcFault {
    if (!methods) return mode;
    try {
      const parsed = JSON.parse(body.toString()) as { method?: string } | { method?: string }[];
      return (Array.isArray(parsed) ? parsed : [parsed]).some((call) => methods!.has(call.method ?? "")) ? mode : "none";
    } catch {
      return mode;
    }
  }

  let server: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer((request, response) => void handle(request, response));
      server.on("connection", (socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  const port = await listen(0);

  return {
    url: `http://127.0.0.1:${port}`,
    async set(next, options = {}) {
      if (next === "refuse" && options.methods) throw new Error("refuse closes the port: it cannot pick methods");
      methods = options.methods ? new Set(options.methods) : undefined;
      if (next === mode) return;
      const wasRefusing = mode === "refuse";
      mode = next;
      if (next === "refuse") await shut();
      else if (wasRefusing) await listen(port);
      if (next !== "hang") for (const response of hanging) response.destroy();
    },
    stats: () => ({ forwarded, faulted }),
    async close() {
      if (mode !== "refuse") await shut();
    },
  };
}
