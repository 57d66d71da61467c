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
//
// closedLoad is the other kind: `connections` clients each send the next request as soon as the
// last one is answered, for `seconds`: what the server can do at most with that many in flight.
//
// With several `urls` (API processes of one index) the requests go to each in turn, each over its
// own `connections` keep-alive connections.
import http from "node:http";

export interface SteadyLoadOptions {
  /** Where requests go: one URL, or several taken in turn. */
  urls: string[];
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

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface SteadyLoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: Percentiles;
  /** Non-200 statuses, requests without an answer within timeoutMs, sockets that failed. */
  errors: { http: number; timeouts: number; connection: number };
  /** Answers per HTTP status, with their latency (e.g. 200 accepted vs 503 shed). */
  byStatus: Record<string, { count: number; latencyMs: Percentiles }>;
  /** From the first request sent to the last answer. */
  seconds: number;
}

/** The value at quantile `q` of sorted `values` (nearest rank). */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Sends requests and keeps what came back; `result()` summarizes. */
function loadRecorder(options: SteadyLoadOptions) {
  const targets = options.urls.map((url) => ({ url: new URL(url), agent: new http.Agent({ keepAlive: true, maxSockets: options.connections }) }));
  const latencies: number[] = [];
  const byStatus = new Map<number, number[]>();
  const errors = { http: 0, timeouts: 0, connection: 0 };
  let sent = 0;
  const start = performance.now();

  /** Sends `body`; resolves when it is answered or failed. Latency counts from `due`. */
  const send = (due: number, body: string) =>
    new Promise<void>((resolve) => {
      const { url: target, agent } = targets[sent % targets.length]!;
      sent += 1;
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
            const latency = performance.now() - due;
            latencies.push(latency);
            const status = response.statusCode ?? 0;
            if (!byStatus.has(status)) byStatus.set(status, []);
            byStatus.get(status)!.push(latency);
            if (status === 200) options.onBody(Buffer.concat(chunks).toString("utf8"));
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

  const result = (): SteadyLoadResult => {
    const seconds = (performance.now() - start) / 1000;
    for (const { agent } of targets) agent.destroy();
    return {
      requests: sent,
      requestsPerSecond: latencies.length / seconds,
      latencyMs: percentiles(latencies),
      errors,
      byStatus: Object.fromEntries([...byStatus].map(([status, values]) => [String(status), { count: values.length, latencyMs: percentiles(values) }])),
      seconds,
    };
  };
  return { send, result, start };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
  };
}

export async function steadyLoad(options: SteadyLoadOptions): Promise<SteadyLoadResult> {
  const { send, result, start } = loadRecorder(options);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const pending = send(due, options.bodies[i % options.bodies.length]!);
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  }
  await Promise.all(inFlight);
  return result();
}

/** `connections` clients, each sending its next request when the last is answered (`rate` is unused). */
export async function closedLoad(options: SteadyLoadOptions): Promise<SteadyLoadResult> {
  const { send, result, start } = loadRecorder(options);
  const end = start + options.seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < end) await send(performance.now(), options.bodies[next++ % options.bodies.length]!);
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  return result();
}
