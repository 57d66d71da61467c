// `npm run bench:graphql`: GraphQL latency under load on the large data set.
//
//   npm run bench:graphql -- [--size small|large] [--seed N] [--db postgres|pglite] [--rate 200]
//                            [--duration 30] [--connections 20] [--graphql URL] [--rpc URL --data DIR]
//
// Indexes the data set (fresh database, as bench:indexer does) unless --graphql names a running
// indexer of it, then loads each query with autocannon at --rate requests/s for --duration seconds,
// rotating through the heaviest ids the seed found (profiles following the most others, posts with
// the most replies, profiles with the most notifications). Every response body is checked for
// GraphQL `errors` and read for `extensions.kith.sqlStatements` (asked for with x-kith-debug: 1).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import autocannon from "autocannon";

import { type Indexer, startIndexer } from "../scripts/lib/indexer.ts";
import { duration, fmt } from "../scripts/lib/seedLarge.ts";
import { type Dataset, openDataset } from "./lib/dataset.ts";
import { benchDatabaseUrl, type FreshDatabase, freshDatabase } from "./lib/postgres.ts";
import { number, printTable, writeResults } from "./lib/results.ts";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "large" },
    seed: { type: "string", default: "1" },
    rpc: { type: "string" },
    data: { type: "string" },
    db: { type: "string" },
    graphql: { type: "string" },
    rate: { type: "string", default: "200" },
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "20" },
    "timeout-min": { type: "string", default: "60" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(
    "Usage: npm run bench:graphql -- [--size small|large] [--seed N] [--db postgres|pglite] [--rate N] [--duration S] [--connections N]\n" +
      "                               [--graphql URL] [--rpc URL --data DIR]",
  );
  process.exit(0);
}
const log = (line: string) => console.log(`[bench] ${line}`);

/** The queries of the issue, in the API's current shape (Notification has `kind`, not `type`). */
const QUERIES = {
  homeFeed: {
    label: "home feed",
    query: `query($id: BigInt!) { homeFeed(profileId: $id, limit: 20) { items { id kind createdAt body likeCount author { handle } reposted { id body author { handle } } } pageInfo { hasNextPage endCursor } } }`,
    items: (data: any) => data?.homeFeed?.items?.length,
  },
  thread: {
    label: "thread",
    query: `query($id: BigInt!) { post(id: $id) { id body replyCount likeCount author { handle } replies(limit: 20) { items { id body author { handle } replyCount } pageInfo { hasNextPage endCursor } } } }`,
    items: (data: any) => data?.post?.replies?.items?.length,
  },
  notifications: {
    label: "notifications",
    query: `query($id: BigInt!) { notifications(profileId: $id, limit: 20) { items { kind createdAt actor { handle } post { id } } pageInfo { hasNextPage endCursor } } }`,
    items: (data: any) => data?.notifications?.items?.length,
  },
} as const;
type QueryName = keyof typeof QUERIES;

const TARGETS = { homeFeed: { p50Ms: 10, p99Ms: 50, errors: 0, sqlStatements: 3 } } as const;

interface GraphQLBody {
  data?: any;
  errors?: { message: string }[];
  extensions?: { kith?: { sqlStatements?: number } };
}

interface QueryResult {
  query: QueryName;
  ids: string[];
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: { http: number; graphql: number; timeouts: number; connection: number; total: number; sample?: string };
  /** extensions.kith.sqlStatements over every response; null when the API does not report it. */
  sqlStatements: { min: number; max: number; mean: number } | null;
  /** Items on the first page, per id (a page of 0 would make the latency meaningless). */
  itemsPerPage: number[];
}

function body(query: QueryName, id: string): string {
  return JSON.stringify({ query: QUERIES[query].query, variables: { id } });
}

const HEADERS = { "content-type": "application/json", "x-kith-debug": "1" };

/** One request per id before the load: shape errors surface here, with the message. */
async function probe(graphqlUrl: string, query: QueryName, ids: string[]) {
  const items: number[] = [];
  for (const id of ids) {
    const response = await fetch(graphqlUrl, { method: "POST", headers: HEADERS, body: body(query, id) });
    const json = (await response.json()) as GraphQLBody;
    if (!response.ok || json.errors) throw new Error(`${QUERIES[query].label} for ${id}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
    items.push(QUERIES[query].items(json.data) ?? 0);
  }
  return items;
}

async function load(graphqlUrl: string, query: QueryName, ids: string[], options: { rate: number; seconds: number; connections: number }): Promise<QueryResult> {
  const bodies = ids.map((id) => body(query, id));
  let next = 0;
  let graphqlErrors = 0;
  let sample: string | undefined;
  const statements: number[] = [];
  const result = await autocannon({
    url: graphqlUrl,
    method: "POST",
    headers: HEADERS,
    connections: options.connections,
    overallRate: options.rate,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodies[next++ % bodies.length] }),
        onResponse: (status: number, responseBody: string) => {
          if (status !== 200) return;
          try {
            const json = JSON.parse(responseBody) as GraphQLBody;
            if (json.errors) {
              graphqlErrors += 1;
              sample ??= JSON.stringify(json.errors).slice(0, 300);
            }
            const count = json.extensions?.kith?.sqlStatements;
            if (typeof count === "number") statements.push(count);
          } catch {
            graphqlErrors += 1;
            sample ??= `not JSON: ${responseBody.slice(0, 200)}`;
          }
        },
      },
    ],
  });
  const http = result.non2xx;
  return {
    query,
    ids,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
    errors: { http, graphql: graphqlErrors, timeouts: result.timeouts, connection: result.errors - result.timeouts, total: http + graphqlErrors + result.errors, sample },
    sqlStatements: statements.length > 0 ? { min: Math.min(...statements), max: Math.max(...statements), mean: statements.reduce((a, b) => a + b, 0) / statements.length } : null,
    itemsPerPage: [],
  };
}

async function indexDataset(dataset: Dataset, database: "postgres" | "pglite", timeoutMs: number) {
  const pgliteDir = database === "pglite" ? mkdtempSync(path.join(tmpdir(), "kith-bench-pglite-")) : undefined;
  let fresh: FreshDatabase | undefined;
  if (database === "postgres") {
    const baseUrl = benchDatabaseUrl(log);
    if (!baseUrl) throw new Error("no Postgres available (set KITH_BENCH_DATABASE_URL, or use --db pglite)");
    fresh = freshDatabase(baseUrl);
  }
  const started = performance.now();
  log(`indexing the ${dataset.sizeName} data set on ${database} (up to block ${dataset.summary.headBlock}) ...`);
  let indexer: Indexer | undefined;
  try {
    indexer = await startIndexer({ chainId: dataset.chainId, rpcUrl: dataset.rpcUrl, deploymentsDir: dataset.deploymentsDir, databaseUrl: fresh?.url, pgliteDir, schema: "kith_bench" });
    await indexer.waitForBlock(dataset.summary.headBlock, timeoutMs);
  } catch (error) {
    await indexer?.stop();
    fresh?.drop();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  log(`indexed in ${duration(seconds)}`);
  return {
    indexer,
    seconds,
    stop: async () => {
      await indexer.stop();
      fresh?.drop();
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
}

const rate = Number(args.rate);
const seconds = Number(args.duration);
const connections = Number(args.connections);
const dataset = await openDataset({ size: args.size, seed: Number(args.seed), rpc: args.rpc, data: args.data, log });
let stopIndexer = async () => {};
const exitCode = await (async () => {
  try {
    const database = args.graphql ? "external" : ((args.db ?? (benchDatabaseUrl(log) ? "postgres" : "pglite")) as "postgres" | "pglite");
    let graphqlUrl = args.graphql;
    let indexSeconds: number | undefined;
    if (!graphqlUrl) {
      const indexed = await indexDataset(dataset, database as "postgres" | "pglite", Number(args["timeout-min"]) * 60_000);
      graphqlUrl = indexed.indexer.graphqlUrl;
      indexSeconds = indexed.seconds;
      stopIndexer = indexed.stop;
    }
    const { picks } = dataset.summary;
    const idsOf: Record<QueryName, string[]> = {
      homeFeed: picks.homeFeed.map((pick) => pick.id),
      thread: picks.thread.map((pick) => pick.id),
      notifications: picks.notifications.map((pick) => pick.id),
    };
    log(
      `ids: home feeds of profiles following ${picks.homeFeed.map((p) => fmt(p.count)).join(", ")} others; ` +
        `threads with ${picks.thread.map((p) => fmt(p.count)).join(", ")} replies; ` +
        `notifications of profiles with ${picks.notifications.map((p) => fmt(p.count)).join(", ")}`,
    );

    const results: QueryResult[] = [];
    for (const query of Object.keys(QUERIES) as QueryName[]) {
      const items = await probe(graphqlUrl, query, idsOf[query]);
      // Warm-up (not measured): the first requests pay for connections, JIT and cold pages.
      await load(graphqlUrl, query, idsOf[query], { rate, seconds: 3, connections });
      log(`${QUERIES[query].label}: ${rate} requests/s for ${seconds} s ...`);
      const result = await load(graphqlUrl, query, idsOf[query], { rate, seconds, connections });
      result.itemsPerPage = items;
      results.push(result);
      log(
        `${QUERIES[query].label}: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${fmt(result.requestsPerSecond)} requests/s, ` +
          `${result.errors.total} errors, SQL statements ${result.sqlStatements ? `${result.sqlStatements.min}-${result.sqlStatements.max}` : "n/a"}`,
      );
      if (result.errors.sample) log(`  first GraphQL error: ${result.errors.sample}`);
    }

    console.log(`\nGraphQL on the ${dataset.sizeName} data set (${database}), ${rate} requests/s offered for ${seconds} s per query, ${connections} connections:\n`);
    printTable(
      ["Query", "Requests", "Req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "Errors (HTTP/GraphQL/timeout/conn)", "SQL statements/request", "Items/page"],
      results.map((r) => [
        QUERIES[r.query].label,
        r.requests,
        number(r.requestsPerSecond),
        number(r.latencyMs.p50),
        number(r.latencyMs.p90),
        number(r.latencyMs.p99),
        number(r.latencyMs.max),
        `${r.errors.total} (${r.errors.http}/${r.errors.graphql}/${r.errors.timeouts}/${r.errors.connection})`,
        r.sqlStatements ? (r.sqlStatements.min === r.sqlStatements.max ? String(r.sqlStatements.max) : `${r.sqlStatements.min}-${r.sqlStatements.max}`) : "n/a",
        `${Math.min(...r.itemsPerPage)}-${Math.max(...r.itemsPerPage)}`,
      ]),
    );
    const feed = results.find((r) => r.query === "homeFeed")!;
    const target = TARGETS.homeFeed;
    const verdicts = [
      [`home feed p50 <= ${target.p50Ms} ms`, feed.latencyMs.p50 <= target.p50Ms],
      [`home feed p99 <= ${target.p99Ms} ms`, feed.latencyMs.p99 <= target.p99Ms],
      ["zero errors (all queries)", results.every((r) => r.errors.total === 0)],
      [`<= ${target.sqlStatements} SQL statements (home feed)`, feed.sqlStatements !== null && feed.sqlStatements.max <= target.sqlStatements],
    ] as const;
    console.log("");
    for (const [name, met] of verdicts) log(`${met ? "meets" : "MISSES"}: ${name}${name.includes("SQL") && feed.sqlStatements === null ? " (the API does not report extensions.kith.sqlStatements: n/a)" : ""}`);
    const file = writeResults("graphql", {
      dataset: { size: dataset.sizeName, origin: dataset.origin, seed: dataset.summary.seed, counts: dataset.summary.counts },
      database,
      indexSeconds,
      load: { rate, seconds, connections },
      targets: TARGETS,
      verdicts: Object.fromEntries(verdicts),
      results,
    });
    log(`wrote ${path.relative(process.cwd(), file)}`);
    return 0;
  } catch (error) {
    console.error(`[bench] ${(error as Error).stack ?? error}`);
    return 1;
  } finally {
    await stopIndexer();
    await dataset.stop();
  }
})();
process.exit(exitCode);
