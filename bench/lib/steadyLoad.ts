// An open-loop load generator: requests leave at evenly spaced times (`rate` per second), whether
// or not earlier ones have been answered, over at most `connections` keep-alive connections.
//
// Why not autocannon's `overallRate`: autocannon gives each connection a quota per second and lets
// it send its quota back to back as soon as the second starts (lib/httpClient.js: `reqsMadeThisSecond`
// is reset by a 1 s setInterval). 200 requests/s over 20 connections then arrive as a burst of 200
// at the top of every second and idle for the rest of it; the latencies measure how long that burst
// takes to drain. `bench:graphql -- --load autocannon` still runs it, for comparison.
//
// Latency is measured from the time a request was due, not from when it was written, so a request
// that waits for a free connection or a late timer counts that wait (no coordinated omission).
import http from "node:http";

export interface SteadyLoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Request bodies, used in turn. */
  bodies: string[];
  rate: number;
  seconds: number;
  connections: number;
  timeoutMs: number;
  /** Every 200 response's body (GraphQL errors and statement counts are read here). */
  onBody: (body: string) => void;
}

export interface SteadyLoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Non-200 statuses, requests without an answer within timeoutMs, sockets that failed. */
  errors: { http: number; timeouts: number; connection: number };
}

/** The value at quantile `q` of sorted `values` (nearest rank). */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function steadyLoad(options: SteadyLoadOptions): Promise<SteadyLoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const errors = { http: 0, timeouts: 0, connection: 0 };
  const inFlight = new Set<Promise<void>>();

  const send = (due: number, body: string) =>
    new Promise<void>((resolve) => {
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: "POST",
          agent,
          headers: { ...options.headers, "content-length": Buffer.byteLength(body) },
          timeout: options.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            latencies.push(performance.now() - due);
            if (response.statusCode === 200) options.onBody(Buffer.concat(chunks).toString("utf8"));
            else errors.http += 1;
            resolve();
          });
          response.on("error", () => {
            errors.connection += 1;
            resolve();
          });
        },
      );
      request.on("timeout", () => {
        errors.timeouts += 1;
        request.destroy(new Error("timeout"));
      });
      request.on("error", (error) => {
        if (error.message !== "timeout") errors.connection += 1;
        resolve();
      });
      request.end(body);
    });

  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const pending = send(due, options.bodies[i % options.bodies.length]!);
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: total,
    requestsPerSecond: latencies.length / elapsed,
    latencyMs: {
      p50: round(quantile(latencies, 0.5)),
      p90: round(quantile(latencies, 0.9)),
      p99: round(quantile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? Number.NaN),
      mean: round(latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length),
    },
    errors,
  };
}
