// Fills a local chain with a large synthetic network (bench/lib/socialData.ts) through real
// transactions: KithSeeder (bench/contracts/) holds every profile and calls Kith in loops, hundreds
// of actions per transaction, several transactions per block. `npm run seed:large` and the
// benchmarks use it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import {
  type Abi,
  type Address,
  type Chain,
  createPublicClient,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  http,
  numberToHex,
  type PublicClient,
  type Transport,
} from "viem";

import { computePostId, KITH_CONTRACTS, kithAbi, type KithDeployment, PostKind } from "@kith/sdk";
import { tryReadDeployment } from "@kith/sdk/node";
import { clientsFor, devAccount, type LocalChain, startAnvil } from "../../scripts/lib/chain.ts";
import { deployKith, gitCommit, maskImmutables, readArtifact } from "../../scripts/lib/deploy.ts";
import {
  type DatasetCounts,
  type DatasetPicks,
  type DatasetSize,
  fastPostId,
  handleOf,
  type Round,
  roundSize,
  SocialNetwork,
} from "./socialData.ts";

const root = path.resolve(import.meta.dirname, "..", "..");

/** EIP-7825's per-transaction gas cap (Osaka). Batches stay below it unless told otherwise. */
export const TX_GAS_CAP = 16_777_216;

/**
 * Gas one action may take inside a batch (Kith's work plus the seeder's call and loop), rounded up
 * from measurements (register ~52k with a 7-character handle, follow ~27.5k, post ~8.5k). A batch
 * that needs more runs out of gas, and the seeder reports it.
 */
const GAS_PER_ACTION = { register: 60_000, follow: 32_000, post: 10_000, reply: 11_000, quote: 11_000, repost: 10_000, like: 8_000 } as const;
type ActionKind = keyof typeof GAS_PER_ACTION;
/** The seeder's own share of a transaction: base cost, calldata, the action counter. */
const GAS_PER_TRANSACTION = 200_000;

export interface LargeSeedOptions {
  chain: Chain;
  rpcUrl: string;
  deployment: KithDeployment;
  /** Unlocked account of the node (anvil's development accounts) that deploys and drives the seeder. */
  from: Address;
  size: DatasetSize;
  seed: number;
  /** Gas budget of one transaction; batch sizes follow from it. Default: EIP-7825's cap. */
  txGas?: number;
  /** Transactions per block, mined on demand; 1 leaves the node's automine alone. Default 1. */
  txsPerBlock?: number;
  /** Empty blocks mined at the end, so that indexers see the whole seed as final. Default 0. */
  finalBlocks?: number;
  log?: (line: string) => void;
  /** Milliseconds between progress lines (0: none). */
  progressMs?: number;
}

interface PhaseSummary {
  name: string;
  actions: number;
  transactions: number;
  blocks: number;
  seconds: number;
}

export interface LargeSeedSummary {
  size: DatasetSize;
  seed: number;
  commit: string;
  chainId: number;
  kith: Address;
  kithTips: Address;
  seeder: Address;
  firstProfileId: string;
  /** Blocks holding the seed's transactions. */
  firstBlock: number;
  lastBlock: number;
  /** The chain's head after the seed (and its empty final blocks): where an indexer is caught up. */
  headBlock: number;
  counts: DatasetCounts;
  /** Kith events emitted: one per profile, follow, post-table row and like. */
  events: number;
  transactions: number;
  seconds: number;
  txGas: number;
  txsPerBlock: number;
  /** Batch size per kind of action (from txGas). */
  actionsPerTransaction: Record<string, number>;
  /** Measured on the largest batch of each kind. */
  gasPerAction: Partial<Record<ActionKind, number>>;
  phases: PhaseSummary[];
  picks: DatasetPicks;
  stats: Record<string, number>;
}

interface SeederArtifact {
  abi: Abi;
  bytecode: Hex;
}

function seederArtifact(): SeederArtifact {
  const file = path.join(root, "artifacts", "bench", "contracts", "KithSeeder.sol", "KithSeeder.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SeederArtifact;
  } catch {
    throw new Error(`No build artifact for KithSeeder (${file}). Run \`npm run build\` first.`);
  }
}

/**
 * Sends batches to the seeder and checks that each went through, without fetching receipts (they
 * carry thousands of logs each): the seeder counts the actions it performed. With `txsPerBlock` > 1
 * it turns automine off and mines a block every `txsPerBlock` transactions: anvil recomputes the
 * state root of the whole state for every block, so with a million follow slots one transaction
 * per block is several times slower. With 1 it leaves mining alone and keeps two transactions in flight.
 */
class BatchSender {
  private readonly client: PublicClient<Transport, Chain>;
  private readonly from: Address;
  private readonly seeder: Address;
  private readonly abi: Abi;
  private readonly txsPerBlock: number;
  private nextNonce = 0;
  private pending: { nonce: number; actions: number; hash: Hex; label: string }[] = [];
  /** Actions confirmed on chain (the seeder's actionCount at the last check). */
  confirmedActions = 0n;
  confirmedTransactions = 0;

  constructor(client: PublicClient<Transport, Chain>, from: Address, seeder: Address, abi: Abi, txsPerBlock: number) {
    this.client = client;
    this.from = from;
    this.seeder = seeder;
    this.abi = abi;
    this.txsPerBlock = txsPerBlock;
  }

  private get manualMining() {
    return this.txsPerBlock > 1;
  }

  async start() {
    if (this.manualMining) await this.client.request({ method: "evm_setAutomine", params: [false] } as never);
    this.nextNonce = await this.client.getTransactionCount({ address: this.from, blockTag: "pending" });
    this.confirmedActions = await this.actionCount();
  }

  /** Mines what is pending and turns automine back on. */
  async finish() {
    await this.settle();
    if (this.manualMining) await this.client.request({ method: "evm_setAutomine", params: [true] } as never);
  }

  private async actionCount(): Promise<bigint> {
    const data = encodeFunctionData({ abi: this.abi, functionName: "actionCount" });
    // With --prune-history, anvil may drop the state of "latest" while a call resolves it
    // ("BlockOutOfRangeError"): ask again.
    for (let attempt = 0; ; attempt++) {
      try {
        return BigInt((await this.client.request({ method: "eth_call", params: [{ to: this.seeder, data }, "latest"] })) as Hex);
      } catch (error) {
        if (attempt >= 20 || !String(error).includes("BlockOutOfRange")) throw error;
      }
    }
  }

  /** Sends one batch; mines or waits when enough are pending. */
  async send(functionName: string, args: readonly unknown[], actions: number, gas: number): Promise<Hex> {
    const data = encodeFunctionData({ abi: this.abi, functionName, args });
    const nonce = this.nextNonce++;
    const hash = (await this.client.request({
      method: "eth_sendTransaction",
      params: [{ from: this.from, to: this.seeder, data, gas: numberToHex(gas), nonce: numberToHex(nonce) }],
    } as never)) as Hex;
    this.pending.push({ nonce, actions, hash, label: `${functionName}(${actions})` });
    if (this.manualMining ? this.pending.length >= this.txsPerBlock : this.pending.length > 2) await this.settle(this.manualMining ? 0 : 2);
    return hash;
  }

  /** Waits until at most `maxPending` transactions are unmined (mining them if mining is manual), checking none reverted. */
  async settle(maxPending = 0) {
    if (this.manualMining && this.pending.length > maxPending) await this.client.request({ method: "evm_mine" } as never);
    let mismatchSince: number | undefined;
    while (this.pending.length > maxPending) {
      const minedNonce = await this.client.getTransactionCount({ address: this.from, blockTag: "latest" });
      const count = await this.actionCount();
      const mined = this.pending.filter((tx) => tx.nonce < minedNonce);
      const expected = this.confirmedActions + BigInt(mined.reduce((sum, tx) => sum + tx.actions, 0));
      if (mined.length === 0 || count !== expected) {
        // Not mined yet; or, briefly, the nonce and eth_call disagree (anvil reports a block's nonce a
        // moment before eth_call sees its state). A mismatch that lasts means a batch reverted.
        if (mined.length > 0) {
          mismatchSince ??= performance.now();
          if (performance.now() - mismatchSince > 2_000) await this.explainRevert(mined);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      mismatchSince = undefined;
      this.pending = this.pending.filter((tx) => tx.nonce >= minedNonce);
      this.confirmedActions = count;
      this.confirmedTransactions += mined.length;
    }
  }

  private async explainRevert(mined: { hash: Hex; label: string }[]): Promise<never> {
    for (const tx of mined) {
      const receipt = await this.client.getTransactionReceipt({ hash: tx.hash });
      if (receipt.status !== "success") {
        throw new Error(
          `Seeder transaction ${tx.hash} (${tx.label}) reverted after ${receipt.gasUsed} gas` +
            ` (of ${(await this.client.getTransaction({ hash: tx.hash })).gas}): out of gas, or an action Kith refused.`,
        );
      }
    }
    throw new Error("The seeder's action count does not match the batches sent, yet no transaction reverted.");
  }
}

/** Splits `count` items into batches of at most `gasBudget` gas. */
function batchSize(kind: ActionKind, txGas: number): number {
  return Math.max(1, Math.floor((txGas - GAS_PER_TRANSACTION) / GAS_PER_ACTION[kind]));
}

export async function seedLarge(options: LargeSeedOptions): Promise<LargeSeedSummary> {
  const { chain, rpcUrl, deployment, from, size, seed, log = console.log } = options;
  const txGas = options.txGas ?? TX_GAS_CAP;
  const txsPerBlock = options.txsPerBlock ?? 1;
  const progressMs = options.progressMs ?? 2_000;
  // No retries (a resent transaction would collide on its nonce) and a long timeout: with a large
  // state anvil takes seconds per block.
  const client = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 0, timeout: 10 * 60_000 }), pollingInterval: 5 }) as PublicClient<Transport, Chain>;
  const kith = deployment.contracts.Kith.address;
  const started = performance.now();

  const firstHandle = handleOf(0);
  const holder = await client.readContract({ address: kith, abi: kithAbi, functionName: "profileIdOf", args: [firstHandle] });
  if (holder !== 0n) throw new Error(`This chain is already seeded (@${firstHandle} is profile ${holder}). Use a fresh chain.`);

  const artifact = seederArtifact();
  const deployHash = (await client.request({
    method: "eth_sendTransaction",
    params: [{ from, data: encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: [kith] }) }],
  } as never)) as Hex;
  const deployReceipt = await client.waitForTransactionReceipt({ hash: deployHash });
  if (deployReceipt.status !== "success" || !deployReceipt.contractAddress) throw new Error(`Deploying KithSeeder failed (${deployHash}).`);
  const seeder = deployReceipt.contractAddress;
  const firstBlock = Number(deployReceipt.blockNumber) + 1;
  log(`KithSeeder at ${seeder}; transactions of up to ${fmt(txGas)} gas, ${txsPerBlock} per block`);

  const firstProfileId = (await client.readContract({ address: kith, abi: kithAbi, functionName: "profileCount" })) + 1n;
  const network = new SocialNetwork(size, seed, firstProfileId);
  const sender = new BatchSender(client, from, seeder, artifact.abi, txsPerBlock);
  await sender.start();
  const baseActions = sender.confirmedActions;
  const totalActions = size.profiles + size.follows + size.posts + size.likes;

  // Progress: confirmed actions over time, per phase and overall.
  const phases: PhaseSummary[] = [];
  let phase = { name: "", total: 0, startActions: 0, startTransactions: 0, startBlock: 0n, started: 0 };
  const done = () => Number(sender.confirmedActions - baseActions);
  const recent: { at: number; actions: number }[] = [];
  const timer =
    progressMs > 0
      ? setInterval(() => {
          const now = performance.now();
          recent.push({ at: now, actions: done() });
          while (recent.length > 2 && now - recent[0]!.at > 10_000) recent.shift();
          const windowRate = recent.length > 1 ? ((recent.at(-1)!.actions - recent[0]!.actions) * 1000) / (recent.at(-1)!.at - recent[0]!.at) : 0;
          const phaseDone = done() - phase.startActions;
          const seconds = (now - phase.started) / 1000;
          const txs = sender.confirmedTransactions - phase.startTransactions;
          log(
            `  ${phase.name.padEnd(8)} ${fmt(phaseDone)}/${fmt(phase.total)} (${((100 * phaseDone) / Math.max(1, phase.total)).toFixed(0)}%)` +
              `  ${(txs / seconds).toFixed(1)} tx/s  ${fmt(phaseDone / seconds)} events/s` +
              `  ETA ${windowRate > 0 ? duration((totalActions - done()) / windowRate) : "?"}`,
          );
        }, progressMs)
      : undefined;

  const blockNumber = () => client.getBlockNumber({ cacheTime: 0 });
  const startPhase = async (name: string, total: number) => {
    phase = { name, total, startActions: done(), startTransactions: sender.confirmedTransactions, startBlock: await blockNumber(), started: performance.now() };
  };
  const endPhase = async () => {
    await sender.settle();
    phases.push({
      name: phase.name,
      actions: done() - phase.startActions,
      transactions: sender.confirmedTransactions - phase.startTransactions,
      blocks: Number((await blockNumber()) - phase.startBlock),
      seconds: (performance.now() - phase.started) / 1000,
    });
  };
  /** The largest batch of each kind (the first full one): its receipt tells the gas per action. */
  const samples = new Map<ActionKind, { hash: Hex; actions: number }>();
  /** Sends `count` actions of `kind` in batches; `args(from, to)` builds the call's arguments for a slice. */
  const sendAll = async (kind: ActionKind, functionName: string, count: number, args: (from: number, to: number) => readonly unknown[]) => {
    const batch = batchSize(kind, txGas);
    for (let start = 0; start < count; start += batch) {
      const end = Math.min(count, start + batch);
      const hash = await sender.send(functionName, args(start, end), end - start, Math.min(txGas, GAS_PER_TRANSACTION + (end - start) * GAS_PER_ACTION[kind]));
      if ((samples.get(kind)?.actions ?? 0) < end - start) samples.set(kind, { hash, actions: end - start });
    }
  };

  try {
    await startPhase("profiles", size.profiles);
    await sendAll("register", "registerMany", size.profiles, (a, b) => [Array.from({ length: b - a }, (_, i) => handleOf(a + i))]);
    await endPhase();
    const registered = await client.readContract({ address: kith, abi: kithAbi, functionName: "profileIdOf", args: [handleOf(size.profiles - 1)] });
    if (registered !== firstProfileId + BigInt(size.profiles - 1)) throw new Error(`@${handleOf(size.profiles - 1)} has id ${registered}, expected ${firstProfileId + BigInt(size.profiles - 1)}.`);

    await startPhase("activity", size.follows + size.posts + size.likes);
    let checked = false;
    for (let round = network.nextRound(); round; round = network.nextRound()) {
      if (!checked && round.posts.authors.length > 0) {
        checked = true;
        checkPostIds(round);
      }
      await sendRound(round, sendAll);
    }
    await endPhase();
    await sender.finish();
  } catch (error) {
    await client.request({ method: "evm_setAutomine", params: [true] } as never).catch(() => {});
    throw error;
  } finally {
    if (timer) clearInterval(timer);
  }
  const lastBlock = Number(await blockNumber());
  const finalBlocks = options.finalBlocks ?? 0;
  if (finalBlocks > 0) {
    log(`mining ${finalBlocks} empty blocks ...`);
    const mining = performance.now();
    await client.request({ method: "anvil_mine", params: [numberToHex(finalBlocks)] } as never);
    log(`mined ${finalBlocks} empty blocks in ${((performance.now() - mining) / 1000).toFixed(1)} s, so that the seed is final for indexers`);
  }

  const gasPerAction: Partial<Record<ActionKind, number>> = {};
  for (const [kind, sample] of samples) {
    const receipt = await client.getTransactionReceipt({ hash: sample.hash });
    gasPerAction[kind] = Math.round(Number(receipt.gasUsed) / sample.actions);
  }
  const counts = network.counts;
  const events = counts.profiles + counts.follows + counts.posts + counts.replies + counts.quotes + counts.reposts + counts.likes;
  if (done() !== events) throw new Error(`The seeder counted ${done()} actions, expected ${events}.`);
  return {
    size,
    seed,
    commit: gitCommit(),
    chainId: chain.id,
    kith,
    kithTips: deployment.contracts.KithTips.address,
    seeder,
    firstProfileId: String(firstProfileId),
    firstBlock,
    lastBlock,
    headBlock: Number(await blockNumber()),
    counts,
    events,
    transactions: sender.confirmedTransactions,
    seconds: (performance.now() - started) / 1000,
    txGas,
    txsPerBlock,
    actionsPerTransaction: Object.fromEntries(Object.keys(GAS_PER_ACTION).map((kind) => [kind, batchSize(kind as ActionKind, txGas)])),
    gasPerAction,
    phases,
    ...network.picks(),
  };
}

/** Follows, posts, quotes, replies, reposts and likes of one round: every target is from an earlier round. */
async function sendRound(
  round: Round,
  sendAll: (kind: ActionKind, functionName: string, count: number, args: (from: number, to: number) => readonly unknown[]) => Promise<void>,
) {
  if (roundSize(round) === 0) return;
  const { follows, posts, replies, quotes, reposts, likes } = round;
  await sendAll("follow", "followMany", follows.followers.length, (a, b) => [follows.followers.slice(a, b), follows.followees.slice(a, b)]);
  await sendAll("post", "postMany", posts.authors.length, (a, b) => [posts.authors.slice(a, b), posts.digests.slice(a, b)]);
  await sendAll("quote", "quoteMany", quotes.authors.length, (a, b) => [quotes.authors.slice(a, b), quotes.targets.slice(a, b), quotes.digests.slice(a, b)]);
  await sendAll("reply", "replyMany", replies.authors.length, (a, b) => [replies.authors.slice(a, b), replies.targets.slice(a, b), replies.digests.slice(a, b)]);
  await sendAll("repost", "repostMany", reposts.authors.length, (a, b) => [reposts.authors.slice(a, b), reposts.targets.slice(a, b)]);
  await sendAll("like", "likeMany", likes.profiles.length, (a, b) => [likes.profiles.slice(a, b), likes.targets.slice(a, b)]);
}

/** The fast post ids must be the SDK's (and so the contract's): a wrong one would make every reply point nowhere. */
function checkPostIds(round: Round) {
  const author = round.posts.authors[0]!;
  const digest = round.posts.digests[0]!;
  const bytes = Uint8Array.from(Buffer.from(digest.slice(2), "hex"));
  for (const [kind, target] of [[PostKind.Post, 0n], [PostKind.Reply, (1n << 250n) + 12345n]] as const) {
    if (fastPostId(author, kind, target, bytes) !== computePostId(author, kind, target, digest)) {
      throw new Error("fastPostId disagrees with the SDK's computePostId");
    }
  }
}

export function fmt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * anvil flags for a seeded chain: prague (no EIP-7825 cap per transaction, so batches may be
 * larger), blocks of up to 1e9 gas, and request bodies above 2 MB (large batches).
 */
const SEED_ANVIL_ARGS = ["--hardfork", "prague", "--gas-limit", "1000000000", "--no-request-size-limit", "--prune-history"];

/**
 * Transactions per block on a chain the seeder starts itself: at most ~3,300 events per block.
 * More per block seeds faster (anvil recomputes the state root of the whole state for every block:
 * ~1.2 s with 1.2M storage slots; measured with 240k slots and 1,900 posts per transaction, 1 per
 * block gave 5.6k events/s, 8: 21k, 32: 34k), but Ponder's backfill asks for at least 25 blocks
 * per eth_getLogs and gives up on answers that take over 10 s: with 32 transactions per block
 * (~23k events each) it stalled for good. Real chains carry far fewer Kith events per block anyway.
 */
export const LOCAL_TXS_PER_BLOCK = 2;

/** Ponder leaves the last 30 blocks of chain 31337 to its realtime sync: bury the seed deeper. */
export const FINAL_BLOCKS = 32;

/** The files of a seeded data set, all in one folder. */
export function datasetFiles(dir: string) {
  return {
    /** The address book: point the indexer at `dir` with KITH_DEPLOYMENTS_DIR. */
    deployment: (chainId: number) => path.join(dir, `${chainId}.json`),
    summary: path.join(dir, "seed.json"),
    /** anvil's --dump-state file: the whole chain, blocks and logs included. */
    state: path.join(dir, "state.json"),
  };
}

/**
 * Deploys Kith on `chain` with development account 0 (address book in `dir`), seeds it from that
 * account and writes the summary to `dir`.
 */
export async function deployAndSeed(
  options: Omit<LargeSeedOptions, "deployment" | "from"> & { dir: string },
): Promise<{ deployment: KithDeployment; summary: LargeSeedSummary }> {
  const { dir, log = console.log, ...seedOptions } = options;
  mkdirSync(dir, { recursive: true });
  const { deployment } = await deployKith({ ...clientsFor(options.chain, options.rpcUrl, devAccount(0)), networkName: "localhost", dir, log });
  const summary = await seedLarge({ ...seedOptions, deployment, from: devAccount(0).address, log });
  writeFileSync(datasetFiles(dir).summary, `${JSON.stringify(summary, null, 2)}\n`);
  return { deployment, summary };
}

export interface SeededChain {
  chain: LocalChain;
  deployment: KithDeployment;
  summary: LargeSeedSummary;
}

/**
 * Starts anvil, deploys Kith (address book in `dir`) and seeds it. With `dumpState`, anvil writes
 * the chain to `dir/state.json` when it stops, for `loadSeededChain`.
 */
export async function seedFreshChain(options: {
  dir: string;
  size: DatasetSize;
  seed: number;
  txGas?: number;
  txsPerBlock?: number;
  finalBlocks?: number;
  dumpState?: boolean;
  log?: (line: string) => void;
}): Promise<SeededChain> {
  const { dir, log = console.log } = options;
  const files = datasetFiles(dir);
  mkdirSync(dir, { recursive: true });
  for (const file of [files.summary, files.state, files.deployment(31337)]) rmSync(file, { force: true });
  const chain = await startAnvil({ args: [...SEED_ANVIL_ARGS, ...(options.dumpState ? ["--dump-state", files.state] : [])] });
  try {
    log(`chain ${chain.chainId} at ${chain.rpcUrl}`);
    const { deployment, summary } = await deployAndSeed({
      dir,
      chain: chain.chain,
      rpcUrl: chain.rpcUrl,
      size: options.size,
      seed: options.seed,
      txGas: options.txGas,
      txsPerBlock: options.txsPerBlock ?? LOCAL_TXS_PER_BLOCK,
      finalBlocks: options.finalBlocks ?? FINAL_BLOCKS,
      log,
    });
    return { chain, deployment, summary };
  } catch (error) {
    // No dump of a half-seeded chain: kill anvil at once (it dumps on SIGINT) and drop the file.
    await chain.service.stop(0);
    rmSync(files.state, { force: true });
    throw error;
  }
}

/** Stops a chain started by `seedFreshChain`, giving anvil the time to dump a large state. */
export function stopSeededChain(chain: LocalChain): Promise<void> {
  return chain.service.stop(30 * 60_000);
}

/**
 * The chain saved in `dir` by an earlier `seedFreshChain({ dumpState: true })`, if it has this size
 * and seed and its Kith contracts still run the current build's code; undefined otherwise.
 */
export async function loadSeededChain(options: { dir: string; size: DatasetSize; seed: number; log?: (line: string) => void }): Promise<SeededChain | undefined> {
  const { dir, log = console.log } = options;
  const files = datasetFiles(dir);
  let summary: LargeSeedSummary;
  try {
    summary = JSON.parse(readFileSync(files.summary, "utf8")) as LargeSeedSummary;
  } catch {
    return undefined;
  }
  if (!existsSync(files.state) || summary.seed !== options.seed || JSON.stringify(summary.size) !== JSON.stringify(options.size)) return undefined;
  const deployment = tryReadDeployment(summary.chainId, dir);
  if (!deployment) return undefined;
  const started = performance.now();
  const chain = await startAnvil({ chainId: summary.chainId, args: [...SEED_ANVIL_ARGS, "--load-state", files.state], startTimeoutMs: 30 * 60_000 });
  const client = createPublicClient({ chain: chain.chain, transport: http(chain.rpcUrl) });
  for (const name of KITH_CONTRACTS) {
    const artifact = readArtifact(name);
    const code = await client.getCode({ address: deployment.contracts[name].address });
    if (!code || maskImmutables(code, artifact) !== maskImmutables(artifact.deployedBytecode, artifact)) {
      log(`${files.state} holds an older build of ${name}: seeding anew.`);
      await chain.stop();
      return undefined;
    }
  }
  log(`loaded ${files.state} (block ${await client.getBlockNumber()}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { chain, deployment, summary };
}
