// The reliability suite's scenarios: the real chain, indexer and database driven through reorgs,
// kill -9, database outages and crashes, and a misbehaving RPC, each ending with the same check:
// every Kith table equal to a fresh index of the same chain, and nothing for the counter oracle to
// find. `npm run chaos` runs them all (scripts/chaos.ts); test/e2e/chaos.test.ts runs a subset.
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";

import { createTestClient, http, zeroHash } from "viem";

import { computePostId, contentHash, PostKind } from "@kith/sdk";
import { kithTipsAbi } from "@kith/sdk/abis";
import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { type FaultyRpc, type RpcFault, startFaultyRpc } from "../../scripts/lib/faultyRpc.ts";
import type { Indexer } from "../../scripts/lib/indexer.ts";
import { waitFor } from "../../scripts/lib/processes.ts";
import { EXIT_DEEP_REORG } from "../../indexer/src/api/exitCodes.ts";
import { readIndex, type Stack, startStack } from "../e2e/stack.ts";

export type Database = "PGlite" | "Postgres";

export interface ChaosResult {
  scenario: string;
  database: Database;
  ok: boolean;
  /** Blocks on the chain at the end, tables and rows compared. */
  blocks: number;
  tables: number;
  rows: number;
  /** What differed from the fresh index or the oracle, or what failed. */
  detail: string;
  seconds: number;
}

const ACCOUNTS = [1, 2, 3, 4, 5, 6].map(devAccount);

/** Small deterministic PRNG (mulberry32): the same seed sends the same actions. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Social traffic, one transaction per block: follows and unfollows, posts, replies, quotes,
 * reposts, likes, deletes and tips among six profiles, some replies, likes, reposts and tips
 * pointing at posts not mined yet (their ids are known in advance), so every counter and derived
 * column gets exercised.
 */
export class Traffic {
  readonly #stack: Stack;
  readonly #next: () => number;
  readonly #posts: bigint[] = [];
  readonly #pending: { author: number; body: string }[] = [];
  #sequence = 0;

  constructor(stack: Stack, seed: number) {
    this.#stack = stack;
    this.#next = random(seed);
  }

  /** Registers the six profiles (ids 1-6). */
  async register() {
    for (const [i, account] of ACCOUNTS.entries()) await this.#stack.send(account, (k) => k.write.register([`chaos_${i + 1}`, account.address, zeroHash]));
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#next() * items.length)]!;
  }

  /** Sends `count` actions, each mined in its own block; returns the last block. */
  async send(count: number): Promise<bigint> {
    let last = 0n;
    for (let i = 0; i < count; i++) last = await this.#one();
    return last;
  }

  async #one(): Promise<bigint> {
    const actor = Math.floor(this.#next() * ACCOUNTS.length);
    const account = ACCOUNTS[actor]!;
    const id = BigInt(actor + 1);
    const roll = this.#next();
    const body = `chaos ${this.#sequence++}`;
    const target = this.#posts.length > 0 ? this.#pick(this.#posts) : undefined;
    if (roll < 0.2) {
      const other = BigInt(1 + Math.floor(this.#next() * ACCOUNTS.length));
      if (other === id) return this.#post(account, id, body);
      // Asked of the chain, not remembered: after a reorg the chain may not have what was sent.
      const kith = this.#stack.kithAs(account);
      const following = await kith.read.isFollowing([id, other]);
      return this.#stack.send(account, (k) => (following ? k.write.unfollow([id, other]) : k.write.follow([id, other])));
    }
    if (roll < 0.3) {
      // A reply, like, repost or tip of a post that will be mined later (by someone else, a few actions on).
      const author = (actor + 1) % ACCOUNTS.length;
      const future = `chaos future ${this.#sequence++}`;
      this.#pending.push({ author, body: future });
      const early = computePostId(BigInt(author + 1), PostKind.Post, 0n, contentHash(future));
      const kind = this.#next();
      if (kind < 0.4) return this.#stack.send(account, (k) => k.write.reply([id, early, contentHash(body), ""]));
      if (kind < 0.6) return this.#stack.send(account, (k) => k.write.like([id, early]));
      if (kind < 0.8) return this.#stack.send(account, (k) => k.write.repost([id, early]));
      return this.#tip(account, id, early);
    }
    if (roll < 0.4 && this.#pending.length > 0) {
      const { author, body: future } = this.#pending.shift()!;
      return this.#post(ACCOUNTS[author]!, BigInt(author + 1), future);
    }
    if (!target || roll < 0.55) return this.#post(account, id, body);
    if (roll < 0.65) return this.#stack.send(account, (k) => k.write.reply([id, target, contentHash(body), ""]));
    if (roll < 0.7) return this.#stack.send(account, (k) => k.write.quote([id, target, contentHash(body), ""]));
    if (roll < 0.77) return this.#stack.send(account, (k) => k.write.repost([id, target]));
    if (roll < 0.9) return this.#stack.send(account, (k) => k.write.like([id, target]));
    if (roll < 0.95) return this.#tip(account, id, target);
    // Delete one of the actor's own posts, if it has one (else post).
    const own = this.#posts.filter((p) => p >> 160n === id);
    if (own.length === 0) return this.#post(account, id, body);
    const victim = this.#pick(own);
    this.#posts.splice(this.#posts.indexOf(victim), 1);
    return this.#stack.send(account, (k) => k.write.deletePost([id, victim]));
  }

  async #tip(account: (typeof ACCOUNTS)[number], id: bigint, postId: bigint) {
    const tips = this.#stack.deployment.contracts.KithTips.address;
    const { walletClient, publicClient } = clientsFor(this.#stack.chain.chain, this.#stack.chain.rpcUrl, account);
    const hash = await walletClient.writeContract({ address: tips, abi: kithTipsAbi, functionName: "tip", args: [postId, id], value: 1_000_000n });
    return (await publicClient.waitForTransactionReceipt({ hash })).blockNumber;
  }

  async #post(account: (typeof ACCOUNTS)[number], id: bigint, body: string) {
    const block = await this.#stack.send(account, (k) => k.write.post([id, contentHash(body), ""]));
    this.#posts.push(computePostId(id, PostKind.Post, 0n, contentHash(body)));
    return block;
  }
}

/** Postgres' own control: stop it gracefully or crash it (`-m immediate`), and start it again. */
export function postgres(action: "stop" | "crash" | "start") {
  const version = readdirSync("/etc/postgresql").sort().at(-1)!;
  const args = action === "start" ? ["start"] : ["stop", "-m", action === "crash" ? "immediate" : "fast"];
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", ...args], { stdio: "ignore" });
  if (action === "start") {
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432", "-q"]);
        return;
      } catch {
        execFileSync("sleep", ["0.2"]);
      }
    }
    throw new Error("Postgres did not come back");
  }
}

export interface ScenarioContext {
  stack: Stack;
  traffic: Traffic;
  databaseUrl?: string;
  /** The indexer under test, reading the chain through `rpc` when the scenario made one. */
  indexer(): Indexer;
  startIndexer(): Promise<Indexer>;
  rpc?: FaultyRpc;
  testClient: ReturnType<typeof createTestClient>;
}

export interface Scenario {
  name: string;
  databases: Database[];
  /** Puts the RPC proxy between chain and indexer. */
  proxied?: boolean;
  /** The scenario starts the indexer itself (after making blocks to backfill). */
  lateStart?: boolean;
  /** More environment for the indexer under test. */
  env?: NodeJS.ProcessEnv;
  run(context: ScenarioContext): Promise<void>;
}

/** Waits until the indexer has indexed `block` (restarting nothing: recovery is the indexer's job). */
async function indexed(context: ScenarioContext, block: bigint, timeoutMs = 90_000) {
  await context.indexer().waitForBlock(block, timeoutMs);
}

/** The share of `total` blocks the indexer has indexed, from Ponder's /status. */
async function indexedBlock(indexer: Indexer): Promise<number> {
  const status = (await (await fetch(new URL("/status", indexer.url))).json()) as Record<string, { block?: { number: number } }>;
  return Object.values(status)[0]?.block?.number ?? 0;
}

/** A reorg of `depth` blocks: snapshot, traffic, revert, other traffic (optionally the same transactions again later). */
function reorg(depth: number, how: "other traffic" | "re-included later"): Scenario {
  return {
    name: `reorg depth ${depth} (${how})`,
    databases: ["PGlite", "Postgres"],
    async run(context) {
      const { traffic, testClient } = context;
      await indexed(context, await traffic.send(8));
      const snapshot = await testClient.snapshot();
      const head = await traffic.send(depth);
      await indexed(context, head);
      await testClient.revert({ id: snapshot });
      if (how === "re-included later") await testClient.mine({ blocks: 1 });
      // New blocks at the same heights (and past them), with other content.
      const replacement = new Traffic(context.stack, 1_000 + depth);
      await replacement.send(depth + 2);
      await indexed(context, await traffic.send(2));
    },
  };
}

function killDuringBackfill(fraction: number): Scenario {
  return {
    name: `kill -9 at ${Math.round(fraction * 100)}% of backfill`,
    databases: ["PGlite", "Postgres"],
    lateStart: true,
    async run(context) {
      const head = await context.traffic.send(150);
      const indexer = await context.startIndexer();
      const target = Number(head) * fraction;
      await waitFor(async () => ((await indexedBlock(indexer)) >= target ? true : undefined), {
        timeoutMs: 120_000,
        intervalMs: 20,
        describe: () => `the backfill never reached ${fraction * 100}%`,
      });
      indexer.service.process.kill("SIGKILL");
      await new Promise((resolve) => indexer.service.process.once("exit", resolve));
      await context.startIndexer();
      await indexed(context, head);
    },
  };
}

const killDuringRealtime: Scenario = {
  name: "kill -9 while following the head",
  databases: ["PGlite", "Postgres"],
  async run(context) {
    await indexed(context, await context.traffic.send(10));
    const sending = context.traffic.send(20);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const indexer = context.indexer();
    indexer.service.process.kill("SIGKILL");
    await new Promise((resolve) => indexer.service.process.once("exit", resolve));
    await sending;
    await context.startIndexer();
    await indexed(context, await context.traffic.send(3));
  },
};

function postgresOutage(mode: "stop" | "crash"): Scenario {
  return {
    name: mode === "crash" ? "Postgres crashed (-m immediate) while blocks stream in" : "Postgres stopped while blocks stream in",
    databases: ["Postgres"],
    async run(context) {
      await indexed(context, await context.traffic.send(10));
      const sending = context.traffic.send(25);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      postgres(mode);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      postgres("start");
      await sending;
      // The indexer comes back by itself: it exits (75) and the launcher restarts it once Postgres
      // answers (starting another one here would race it for the schema lock).
      await indexed(context, await context.traffic.send(3), 120_000);
    },
  };
}

function rpcFault(fault: Exclude<RpcFault, "none">, seconds: number): Scenario {
  return {
    name: `RPC ${fault === "502" || fault === "429" ? `answering ${fault}` : fault === "hang" ? "hanging" : "refusing connections"} for ${seconds} s`,
    databases: ["PGlite"],
    proxied: true,
    async run(context) {
      await indexed(context, await context.traffic.send(8));
      await context.rpc!.set(fault);
      await context.traffic.send(10);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
      await context.rpc!.set("none");
      await indexed(context, await context.traffic.send(3), 120_000);
    },
  };
}

/** The indexer's finalized block, from `_meta`. */
async function finalizedBlock(indexer: Indexer): Promise<bigint> {
  return BigInt((await indexer.request("{ _meta { finalizedBlock } }")).data?._meta?.finalizedBlock ?? 0);
}

/**
 * A reorg below the block the indexer took as final, while it runs or while it is stopped.
 */
function deepReorg(indexer: "running" | "stopped"): Scenario {
  return {
    name: `reorg deeper than the finalized block (indexer ${indexer})`,
    databases: ["PGlite", "Postgres"],
    async run(context) {
      const { traffic, testClient } = context;
      await indexed(context, await traffic.send(5));
      const snapshot = await testClient.snapshot();
      const forkedAt = await traffic.send(10);
      // Ponder moves its finalized block to 30 below the head (chain 31337) once the head is 60
      // past it: empty blocks get it past the fork's posts and follows.
      await testClient.mine({ blocks: 70 });
      await waitFor(async () => ((await finalizedBlock(context.indexer())) > forkedAt ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 250,
        describe: () => `the indexer's finalized block never passed block ${forkedAt}`,
      });
      if (indexer === "stopped") await context.indexer().stop({ keepSchema: true });
      await testClient.revert({ id: snapshot });
      await new Traffic(context.stack, 4_242).send(5);
      // Restarted, Ponder refuses to start when its new finalized block's timestamp is below the old
      // one's, else starts on the old fork's final rows (finality.ts finds them): runs see both.
      await testClient.mine({ blocks: 80 });
      if (indexer === "stopped") await context.startIndexer();
      // Never serve the abandoned fork: the indexer exits, saying why, and the launcher re-indexes.
      const replaced = await waitFor(async () => context.indexer().replacements.find((r) => r.reason.startsWith("the chain reorganised")), {
        timeoutMs: 60_000,
        intervalMs: 100,
        describe: () => `the indexer did not exit for the launcher to re-index:\n${context.indexer().service.output().slice(-1_500)}`,
      });
      const fatal = replaced.code === EXIT_DEEP_REORG && replaced.output.includes("FATAL: the chain reorganised below the block the indexer took as final");
      const refused = /Finalized block for chain .{0,80}cannot move backwards/.exec(replaced.output)?.[0];
      console.log(`[chaos]   the indexer exited with ${replaced.code}: ${fatal ? "its FATAL line (finality.ts)" : (refused ?? "?")}`);
      if (!fatal && !refused) throw new Error(`the indexer exited with ${replaced.code} without saying why:\n${replaced.output.slice(-1_500)}`);
      await indexed(context, await traffic.send(2), 120_000);
    },
  };
}

/** Ponder's eth_getLogs hang while blocks with Kith events come: the API says the index is stalled. */
const stall: Scenario = {
  name: "indexer stalled (eth_getLogs hanging) while the head moves",
  databases: ["PGlite"],
  proxied: true,
  env: { KITH_STALL_AFTER_SECONDS: "3" },
  async run(context) {
    const { url } = context.indexer();
    await indexed(context, await context.traffic.send(3));
    await context.rpc!.set("hang", { methods: ["eth_getLogs"] });
    await context.traffic.send(3);
    const ready = await waitFor(
      async () => {
        const response = await fetch(new URL("/ready", url));
        return response.status === 503 ? { status: response.status, body: (await response.json()) as { code: string } } : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, describe: () => "/ready never answered 503" },
    );
    if (ready.body.code !== "INDEX_STALLED") throw new Error(`/ready answered ${JSON.stringify(ready.body)}`);
    const meta = (await context.indexer().request("{ _meta { stale stalled } }")).data?._meta;
    if (meta?.stalled !== true || meta?.stale !== true) throw new Error(`_meta said ${JSON.stringify(meta)} while stalled`);
    await context.rpc!.set("none");
    await indexed(context, await context.traffic.send(2), 120_000);
    const after = await fetch(new URL("/ready", url));
    if (after.status !== 200) throw new Error(`/ready answered ${after.status} after the stall ended`);
  },
};

export const SCENARIOS: Scenario[] = [
  reorg(1, "other traffic"),
  reorg(3, "re-included later"),
  reorg(20, "other traffic"),
  deepReorg("running"),
  deepReorg("stopped"),
  stall,
  killDuringBackfill(0.3),
  killDuringBackfill(0.5),
  killDuringBackfill(0.7),
  killDuringRealtime,
  postgresOutage("stop"),
  postgresOutage("crash"),
  rpcFault("502", 15),
  rpcFault("429", 15),
  rpcFault("hang", 15),
  rpcFault("refuse", 20),
];

/** Runs `scenario` on `database` and compares the result with a fresh index of the same chain. */
export async function runScenario(scenario: Scenario, database: Database, databaseUrl?: string): Promise<ChaosResult> {
  const started = performance.now();
  const stack = await startStack();
  const rpc = scenario.proxied ? await startFaultyRpc(stack.chain.rpcUrl) : undefined;
  const testClient = createTestClient({ mode: "anvil", chain: stack.chain.chain, transport: http(stack.chain.rpcUrl) });
  const url = database === "Postgres" ? databaseUrl : undefined;
  let current: Indexer | undefined;
  let schema: string | undefined;
  const context: ScenarioContext = {
    stack,
    traffic: new Traffic(stack, 7),
    databaseUrl: url,
    rpc,
    testClient,
    indexer: () => current!,
    // The same database (PGlite folder or Postgres schema) every time: a restart, not a new index.
    async startIndexer() {
      current = await stack.startIndexer({ databaseUrl: url, schema, rpcUrl: rpc?.url ?? stack.chain.rpcUrl, wsUrl: undefined, env: scenario.env });
      schema = current.schema;
      return current;
    },
  };
  const result: ChaosResult = { scenario: scenario.name, database, ok: false, blocks: 0, tables: 0, rows: 0, detail: "", seconds: 0 };
  try {
    await context.traffic.register();
    if (!scenario.lateStart) await context.startIndexer();
    await scenario.run(context);
    const head = await clientsFor(stack.chain.chain, stack.chain.rpcUrl, ACCOUNTS[0]!).publicClient.getBlockNumber({ cacheTime: 0 });
    await current!.waitForBlock(head, 120_000);
    const underTest = await readIndex(current!);
    const fresh = await stack.startIndexer({ databaseUrl: url, pgliteDir: `${current!.pgliteDir}-fresh` });
    await fresh.waitForBlock(head, 120_000);
    const reference = await readIndex(fresh);
    const differing = Object.keys({ ...reference.tables, ...underTest.tables }).filter(
      (table) => JSON.stringify(reference.tables[table]) !== JSON.stringify(underTest.tables[table]),
    );
    const problems = [
      ...differing.map((table) => `${table}: ${underTest.tables[table]?.length ?? 0} rows vs ${reference.tables[table]?.length ?? 0} in a fresh index`),
      ...underTest.mismatches.map((m) => `oracle ${m.check} ${m.key}: stored ${m.stored}, expected ${m.expected}`),
    ];
    Object.assign(result, {
      ok: problems.length === 0,
      blocks: Number(head),
      tables: Object.keys(reference.tables).length,
      rows: Object.values(reference.tables).reduce((sum, rows) => sum + rows.length, 0),
      detail: problems.slice(0, 5).join("; ") || "every table equal to a fresh index; oracle clean",
    });
  } catch (error) {
    result.detail = `${(error as Error).message.split("\n")[0]}`;
    console.error(`[chaos] ${scenario.name} on ${database} failed:\n${(error as Error).stack}`);
  } finally {
    if (database === "Postgres") {
      try {
        execFileSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432", "-q"]);
      } catch {
        postgres("start");
      }
    }
    await rpc?.close().catch(() => {});
    await stack.stop().catch(() => {});
    if (current) rmSync(`${current.pgliteDir}-fresh`, { recursive: true, force: true });
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
  }
  return result;
}
