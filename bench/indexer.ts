// `npm run bench:indexer`: how fast the indexer backfills a large chain, against the raw ceiling.
//
//   npm run bench:indexer -- [--size small|large] [--seed N] [--db pglite,postgres] [--rpc URL --data DIR]
//                            [--timeout-min N]
//
// (a) ceiling: eth_getLogs over the whole range in chunks + viem's decodeEventLog on every log;
// (b) Ponder (scripts/lib/indexer.ts, the real indexer/ app) from its start to the chain head in
//     /status, on PGlite and on Postgres (KITH_BENCH_DATABASE_URL, else .ci/postgres.sh), each run
//     in a fresh database. events/s = Kith + KithTips events / seconds from start to caught up.
// The chain comes from .kith/bench/<size>/state.json (seeded and saved on the first run), or --rpc.
import path from "node:path";
import { parseArgs } from "node:util";

import { type Abi, type Address, decodeEventLog, type Hex, numberToHex } from "viem";

import { kithAbi, kithTipsAbi } from "@kith/sdk";
import { startIndexer } from "../scripts/lib/indexer.ts";
import { exitedReason, waitFor } from "../scripts/lib/processes.ts";
import { duration, fmt } from "./lib/seedLarge.ts";
import { DATASET_ARGS, type Dataset, openDataset } from "./lib/dataset.ts";
import { cpuSeconds, fetchMetrics, type Sample, sumBy, total } from "./lib/metrics.ts";
import { benchDatabase } from "./lib/postgres.ts";
import { number, printTable, writeResults } from "./lib/results.ts";

const { values: args } = parseArgs({
  options: {
    ...DATASET_ARGS,
    db: { type: "string", default: "pglite,postgres" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log("Usage: npm run bench:indexer -- [--size small|large] [--seed N] [--db pglite,postgres] [--rpc URL --data DIR] [--timeout-min N]");
  process.exit(0);
}
const log = (line: string) => console.log(`[bench] ${line}`);

/** Events per eth_getLogs request the ceiling aims for (whole blocks: a block is never split). */
const LOGS_PER_REQUEST = 20_000;
/** Requests in flight while the previous answer is decoded. */
const CEILING_CONCURRENCY = 2;

interface RpcLog {
  address: Address;
  topics: [Hex, ...Hex[]];
  data: Hex;
}

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  // Plain fetch: answers of tens of MB exceed viem's 10 MB response limit.
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

interface Ceiling {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  requests: number;
  /** Time spent in decodeEventLog alone. */
  decodeSeconds: number;
  byEvent: Record<string, number>;
}

async function measureCeiling(dataset: Dataset, fromBlock: number, toBlock: number): Promise<Ceiling> {
  const addresses = [dataset.deployment.contracts.Kith.address, dataset.deployment.contracts.KithTips.address];
  const abi = [...kithAbi, ...kithTipsAbi].filter((item) => item.type === "event") as Abi;
  const perBlock = dataset.summary.events / Math.max(1, dataset.summary.lastBlock - dataset.summary.firstBlock + 1);
  const step = Math.max(1, Math.floor(LOGS_PER_REQUEST / Math.max(1, perBlock)));
  const ranges: [number, number][] = [];
  for (let from = fromBlock; from <= toBlock; from += step) ranges.push([from, Math.min(toBlock, from + step - 1)]);

  const byEvent: Record<string, number> = {};
  let events = 0;
  let decodeSeconds = 0;
  const started = performance.now();
  const fetchRange = ([from, to]: [number, number]) =>
    rpc<RpcLog[]>(dataset.rpcUrl, "eth_getLogs", [{ address: addresses, fromBlock: numberToHex(from), toBlock: numberToHex(to) }]);
  const inFlight = ranges.slice(0, CEILING_CONCURRENCY).map(fetchRange);
  for (let i = 0; i < ranges.length; i++) {
    const logs = await inFlight.shift()!;
    if (i + CEILING_CONCURRENCY < ranges.length) inFlight.push(fetchRange(ranges[i + CEILING_CONCURRENCY]!));
    const decoding = performance.now();
    for (const entry of logs) {
      const name = decodeEventLog({ abi, data: entry.data, topics: entry.topics }).eventName ?? "?";
      byEvent[name] = (byEvent[name] ?? 0) + 1;
    }
    decodeSeconds += (performance.now() - decoding) / 1000;
    events += logs.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds, requests: ranges.length, decodeSeconds, byEvent };
}

interface IndexerRun {
  database: "pglite" | "postgres";
  /** Kith + KithTips events in the range (from the ceiling). */
  events: number;
  /** Events Ponder reports it processed (ponder_indexing_completed_events). */
  processedEvents: number;
  /** From spawning `ponder start` to /status at the chain head. */
  seconds: number;
  /** Until /health answered (build, database setup). */
  startupSeconds: number;
  eventsPerSecond: number;
  ratioToCeiling: number;
  cpu: { ponderSeconds: number; anvilSeconds: number };
  /** Where the time went, from /metrics (seconds summed over concurrent work). */
  breakdown: Record<string, Record<string, number>>;
  checks: { name: string; expected: number; actual: number | null }[];
}

async function runIndexer(dataset: Dataset, database: IndexerRun["database"], events: number, ceiling: number, anvilPid: number | undefined, timeoutMs: number): Promise<IndexerRun> {
  const store = benchDatabase(database, log);
  const head = dataset.summary.headBlock;
  const anvilCpu = cpuSeconds(anvilPid);
  log(`${database}: indexing blocks up to ${head}${store.name ? ` in database ${store.name}` : ""} ...`);
  const started = performance.now();
  const indexer = await startIndexer({
    chainId: dataset.chainId,
    rpcUrl: dataset.rpcUrl,
    deploymentsDir: dataset.deploymentsDir,
    databaseUrl: store.databaseUrl,
    pgliteDir: store.pgliteDir,
    schema: "kith_bench",
  });
  const startupSeconds = (performance.now() - started) / 1000;
  try {
    let lastReport = performance.now();
    let block = 0;
    await waitFor(
      async () => {
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          const done = total(await fetchMetrics(indexer.url).catch(() => []), "ponder_indexing_completed_events");
          const seconds = (performance.now() - started) / 1000;
          log(`  ${database}: block ${block}/${head}, ${fmt(done)} events in ${duration(seconds)} (${fmt(done / seconds)} events/s)`);
        }
        const status = (await (await fetch(`${indexer.url}/status`)).json()) as Record<string, { id: number; block?: { number: number } }>;
        block = Object.values(status).find((entry) => entry.id === dataset.chainId)?.block?.number ?? 0;
        return block >= head ? true : undefined;
      },
      {
        timeoutMs: Math.max(0, timeoutMs - (performance.now() - started)),
        intervalMs: 100,
        abort: exitedReason(indexer.service),
        describe: () => `not caught up (block ${block} of ${head})\n${indexer.service.output()}`,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = { ponderSeconds: cpuSeconds(indexer.service.process.pid), anvilSeconds: cpuSeconds(anvilPid) - anvilCpu };
    const metrics = await fetchMetrics(indexer.url);
    const checks = await checkCounts(indexer.request.bind(indexer), dataset);
    const eventsPerSecond = events / seconds;
    log(`${database}: caught up in ${seconds.toFixed(1)} s: ${fmt(eventsPerSecond)} events/s (${(eventsPerSecond / ceiling).toFixed(2)}x the ceiling)`);
    return {
      database,
      events,
      processedEvents: total(metrics, "ponder_indexing_completed_events"),
      seconds,
      startupSeconds,
      eventsPerSecond,
      ratioToCeiling: eventsPerSecond / ceiling,
      cpu,
      breakdown: breakdown(metrics),
      checks,
    };
  } finally {
    await indexer.stop();
    store.drop();
  }
}

/** Seconds per label from the histograms that say where a backfill spends its time. */
function breakdown(metrics: Sample[]): Record<string, Record<string, number>> {
  const seconds = (name: string, label: string) => Object.fromEntries([...sumBy(metrics, `${name}_sum`, label)].map(([key, ms]) => [key, ms / 1000]));
  return {
    handlerSeconds: seconds("ponder_indexing_function_duration", "event"),
    extractSeconds: seconds("ponder_historical_extract_duration", "step"),
    transformSeconds: seconds("ponder_historical_transform_duration", "step"),
    rpcSeconds: seconds("ponder_rpc_request_duration", "method"),
    rpcRequests: Object.fromEntries(sumBy(metrics, "ponder_rpc_request_duration_count", "method")),
    databaseSeconds: seconds("ponder_database_method_duration", "method"),
    storeQueries: Object.fromEntries(
      [...sumBy(metrics, "ponder_indexing_store_queries_total", "method")].filter(([, n]) => n > 0),
    ),
  };
}

/** A few counts the seed knows exactly: wrong ones mean the indexer missed or doubled events. */
async function checkCounts(request: (query: string) => Promise<{ data?: any }>, dataset: Dataset) {
  const { picks } = dataset.summary;
  const followed = picks.followed[0]!;
  const thread = picks.thread[0]!;
  const answer = await request(`{ profile(id: "${followed.id}") { followerCount } post(id: "${thread.id}") { replyCount } }`).catch(() => ({ data: undefined }));
  return [
    { name: `followerCount of profile ${followed.id}`, expected: followed.count, actual: answer.data?.profile?.followerCount ?? null },
    { name: "replyCount of the most replied post", expected: thread.count, actual: answer.data?.post?.replyCount ?? null },
  ];
}

const databases = args.db.split(",").map((name) => name.trim()) as IndexerRun["database"][];
for (const name of databases) if (name !== "pglite" && name !== "postgres") throw new Error(`--db takes pglite and/or postgres, got ${name}`);
const dataset = await openDataset({ size: args.size, seed: Number(args.seed), rpc: args.rpc, data: args.data, log });
const exitCode = await (async () => {
  try {
    const { summary, deployment } = dataset;
    const fromBlock = Math.min(deployment.contracts.Kith.blockNumber, deployment.contracts.KithTips.blockNumber);
    log(`${dataset.origin} the ${dataset.sizeName} data set in ${dataset.setupSeconds.toFixed(1)} s: ${fmt(summary.events)} seeded events, blocks ${fromBlock}-${summary.headBlock}`);

    log("ceiling: eth_getLogs + decodeEventLog over the whole range ...");
    const ceiling = await measureCeiling(dataset, fromBlock, summary.headBlock);
    log(`ceiling: ${fmt(ceiling.events)} events in ${ceiling.seconds.toFixed(1)} s = ${fmt(ceiling.eventsPerSecond)} events/s (${ceiling.requests} requests, decoding ${ceiling.decodeSeconds.toFixed(1)} s)`);

    const anvilPid = dataset.anvilPid;
    const runs: IndexerRun[] = [];
    const failures: Record<string, string> = {};
    for (const database of databases) {
      try {
        runs.push(await runIndexer(dataset, database, ceiling.events, ceiling.eventsPerSecond, anvilPid, Number(args["timeout-min"]) * 60_000));
      } catch (error) {
        failures[database] = (error as Error).message;
        // The message ends with the indexer's last output lines: the end says why it stopped.
        const lines = (error as Error).message.split("\n");
        log(`${database}: FAILED: ${[lines[0], ...lines.slice(1).slice(-40)].join("\n")}`);
      }
    }

    console.log(`\nIndexer backfill, ${dataset.sizeName} data set (${fmt(ceiling.events)} events in ${summary.headBlock - fromBlock + 1} blocks):\n`);
    printTable(
      ["Run", "Events", "Seconds", "Events/s", "vs ceiling", "Startup s", "Ponder CPU s", "anvil CPU s", "Counts check"],
      [
        ["ceiling (eth_getLogs + decodeEventLog)", ceiling.events, number(ceiling.seconds), ceiling.eventsPerSecond, "1.00x", "", "", "", ""],
        ...runs.map((run) => [
          `Ponder on ${run.database === "pglite" ? "PGlite" : "Postgres"}`,
          run.processedEvents,
          number(run.seconds),
          run.eventsPerSecond,
          `${run.ratioToCeiling.toFixed(2)}x`,
          number(run.startupSeconds),
          number(run.cpu.ponderSeconds),
          number(run.cpu.anvilSeconds),
          run.checks.every((check) => check.actual === check.expected) ? "ok" : "MISMATCH",
        ]),
        ...Object.entries(failures).map(([database, message]) => [`Ponder on ${database}`, "failed", "", "", "", "", "", "", message.split("\n")[0]!.slice(0, 80)]),
      ],
    );
    for (const run of runs) {
      console.log(`\nWhere Ponder on ${run.database} spent its time (seconds, summed over concurrent work):\n`);
      const top = (values: Record<string, number>, n = 6) =>
        Object.entries(values)
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([key, value]) => `${key} ${number(value)}`)
          .join(", ");
      const rows: [string, Record<string, number>][] = [
        ["handlers (by event)", run.breakdown.handlerSeconds!],
        ["historical extract (by step)", run.breakdown.extractSeconds!],
        ["historical transform (by step)", run.breakdown.transformSeconds!],
        ["RPC (by method)", run.breakdown.rpcSeconds!],
        ["RPC requests (by method)", run.breakdown.rpcRequests!],
        ["database (by method)", run.breakdown.databaseSeconds!],
        ["store operations (count by method)", run.breakdown.storeQueries!],
      ];
      printTable(["Part", "Biggest items"], rows.filter(([, values]) => Object.keys(values).length > 0).map(([part, values]) => [part, top(values)]));
      for (const check of run.checks) if (check.actual !== check.expected) log(`MISMATCH in ${run.database}: ${check.name}: expected ${check.expected}, got ${check.actual}`);
    }
    const targets = { eventsPerSecond: 2_000, ratioToCeiling: 0.5 };
    console.log("");
    for (const run of runs) {
      const met = run.eventsPerSecond >= targets.eventsPerSecond && run.ratioToCeiling >= targets.ratioToCeiling;
      log(`${run.database}: ${met ? "meets" : "MISSES"} the targets (>= ${fmt(targets.eventsPerSecond)} events/s and >= ${targets.ratioToCeiling}x the ceiling)`);
    }
    const file = writeResults(args.size === "large" ? "indexer" : `indexer-${args.size}`, {
      dataset: { size: dataset.sizeName, origin: dataset.origin, setupSeconds: dataset.setupSeconds, fromBlock, headBlock: summary.headBlock, seed: summary.seed, counts: summary.counts },
      targets,
      ceiling,
      runs,
      failures,
    });
    log(`wrote ${path.relative(process.cwd(), file)}`);
    return runs.length === databases.length ? 0 : 1;
  } catch (error) {
    console.error(`[bench] ${(error as Error).stack ?? error}`);
    return 1;
  } finally {
    await dataset.stop();
  }
})();
process.exit(exitCode);
