// The relayer's transactions: hands out its sender nonces one at a time, signs each transaction
// locally, records it (relayer/store.ts) before broadcasting it, and watches what it sent until it
// is mined. A transaction priced below the next block's base fee is replaced with a higher fee under
// the same sender nonce (so at most one of them can ever be mined); one the node forgot is broadcast
// again; one whose nonce was taken by a transaction it did not send is reported dropped. Several
// accepted actions may go out as one transaction through KithBatch (a "send" of a batch): each call
// runs with its own gas budget, fails alone, and is settled on its own from the receipt.
import {
  type Address,
  BaseError,
  type Chain,
  concat,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseEventLogs,
  type LocalAccount,
  parseTransaction,
  type PublicClient,
  type Transport,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
} from "viem";

import { kithBatchAbi } from "@kith/sdk";

import type { RelayRecord, RelayStore, TransactionRecord } from "./store.ts";

export interface SenderOptions {
  publicClient: PublicClient<Transport, Chain>;
  /** The paying account; it must sign locally (a private key or a mnemonic account). */
  account: LocalAccount;
  store: RelayStore;
  /** How often pending transactions are checked (default 1,000 ms). */
  monitorIntervalMs?: number;
  /** A transaction below the next base fee for this long is replaced (default 15,000 ms). */
  stuckAfterMs?: number;
  /** Never offer more than this per gas (default: no cap). */
  maxFeePerGasCap?: bigint;
  log?: (line: string) => void;
  /** Called between recording a transaction and broadcasting it: fault tests kill the process here. */
  afterRecord?: () => void;
  /** The KithBatch contract that carries batches (needed only to send more than one action at once). */
  batchContract?: Address;
}

/** What one accepted action needs to be sent. */
export interface Outgoing {
  relay: Pick<RelayRecord, "id" | "action" | "signer" | "nonce" | "subject">;
  to: Address;
  data: Hex;
  gas: bigint;
}

/**
 * Gas a batch adds to its calls' budgets: KithBatch's loop and copies per call, the 1/64 that EIP-150
 * keeps back from each call, and its own calldata. Each budget already holds a transaction's 21,000,
 * of which a batch pays once: the rest is more than this overhead.
 */
const BATCH_GAS_PER_CALL = 10_000n;
const BATCH_GAS_FIXED = 10_000n;

/** The node refused a transaction (it never entered its pool): nothing was sent. */
export class SendRefusedError extends Error {}

const BUMP_NUMERATOR = 1125n; // +12.5%: nodes require at least +10% on both fees to replace
const BUMP_DENOMINATOR = 1000n;
const bump = (value: bigint) => (value * BUMP_NUMERATOR + BUMP_DENOMINATOR - 1n) / BUMP_DENOMINATOR;

/** How long a read of the fees is used for (about a block on most chains). */
const FEES_TTL_MS = 1_000;

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** The base fee of the next block (eth_feeHistory's last entry). */
  nextBaseFee: bigint;
}

const messageOf = (error: unknown) => (error instanceof BaseError ? `${error.shortMessage} ${error.details ?? ""}` : String(error));

export class Sender {
  readonly #options: Required<Omit<SenderOptions, "maxFeePerGasCap" | "afterRecord" | "batchContract">> &
    Pick<SenderOptions, "maxFeePerGasCap" | "afterRecord" | "batchContract">;
  #nextNonce: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #monitoring: Promise<void> | undefined;
  #stopped = false;
  #fees: { value: Promise<Fees>; at: number } | undefined;

  constructor(options: SenderOptions) {
    this.#options = { monitorIntervalMs: 1_000, stuckAfterMs: 15_000, log: () => {}, ...options };
  }

  /** Resumes after a restart: checks every pending transaction at once, then at each interval. */
  async start() {
    await this.monitor();
    const tick = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(async () => {
        await this.monitor().catch((error) => this.#options.log(`monitor: ${messageOf(error)}`));
        tick();
      }, this.#options.monitorIntervalMs);
    };
    tick();
  }

  async stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#monitoring;
    await this.#queue.catch(() => {});
  }

  /**
   * Fees for a transaction now: twice the next block's base fee plus the node's suggested tip. Read
   * at most once a second (FEES_TTL_MS), however many requests and monitor rounds ask: each read is
   * two RPC calls, and fees move once a block.
   */
  fees(): Promise<Fees> {
    const now = Date.now();
    if (this.#fees && now - this.#fees.at < FEES_TTL_MS) return this.#fees.value;
    const value = this.#readFees();
    this.#fees = { value, at: now };
    value.catch(() => {
      if (this.#fees?.value === value) this.#fees = undefined; // a failed read is not kept
    });
    return value;
  }

  async #readFees(): Promise<Fees> {
    const { publicClient } = this.#options;
    const [history, tip] = await Promise.all([
      publicClient.getFeeHistory({ blockCount: 1, rewardPercentiles: [] }),
      publicClient.estimateMaxPriorityFeePerGas(),
    ]);
    const nextBaseFee = history.baseFeePerGas.at(-1) ?? 0n;
    let maxFeePerGas = nextBaseFee * 2n + tip;
    if (this.#options.maxFeePerGasCap !== undefined && maxFeePerGas > this.#options.maxFeePerGasCap) maxFeePerGas = this.#options.maxFeePerGasCap;
    return { maxFeePerGas, maxPriorityFeePerGas: tip < maxFeePerGas ? tip : maxFeePerGas, nextBaseFee };
  }

  async #sign(to: Address, data: Hex, gas: bigint, nonce: number, fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }) {
    const { account, publicClient } = this.#options;
    const raw = await account.signTransaction({
      type: "eip1559",
      chainId: publicClient.chain.id,
      to,
      data,
      gas,
      nonce,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    return { raw, hash: keccak256(raw) };
  }

  /** Broadcasts `raw`; "already known" means it is in the node's pool, which is what we want. */
  async #broadcast(raw: Hex) {
    try {
      await this.#options.publicClient.sendRawTransaction({ serializedTransaction: raw });
    } catch (error) {
      if (/already known|known transaction|already imported/i.test(messageOf(error))) return;
      throw error;
    }
  }

  /**
   * The transaction that carries `outgoings`: the call itself for one action; for several, one
   * KithBatch call in which each action runs with at most its budget less the 21,000 that the
   * batch pays once.
   */
  #carrier(outgoings: Outgoing[]): { to: Address; data: Hex; gas: bigint } {
    if (outgoings.length === 1) return outgoings[0]!;
    const batch = this.#options.batchContract;
    if (!batch) throw new Error("sending a batch needs the KithBatch contract (batchContract)");
    const target = outgoings[0]!.to;
    if (outgoings.some((o) => o.to !== target)) throw new Error("a batch goes to one contract");
    const calls = outgoings.map((o) => ({ gas: o.gas - 21_000n, data: o.data }));
    const data = encodeFunctionData({ abi: kithBatchAbi, functionName: "batch", args: [target, calls] });
    const inner = calls.reduce((sum, call) => sum + call.gas, 0n);
    return { to: batch, data, gas: 21_000n + inner + (inner + 62n) / 63n + BATCH_GAS_PER_CALL * BigInt(calls.length) + BATCH_GAS_FIXED + 16n * BigInt((data.length - 2) / 2) };
  }

  /**
   * Sends accepted actions under the next sender nonce, alone or (several) as one batch: recorded
   * before the transaction is broadcast, so a crash in between leaves a record that the next start
   * broadcasts. Resolves with the transaction's hash.
   */
  send(outgoings: Outgoing[]): Promise<Hex> {
    const run = async (): Promise<Hex> => {
      const { publicClient, account, store } = this.#options;
      if (this.#nextNonce === undefined) {
        const onChain = await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
        this.#nextNonce = Math.max(onChain, (store.maxSenderNonce() ?? -1) + 1);
      }
      const nonce = this.#nextNonce;
      const fees = await this.fees();
      const carrier = this.#carrier(outgoings);
      const { raw, hash } = await this.#sign(carrier.to, carrier.data, carrier.gas, nonce, fees);
      const now = Date.now();
      const batched = outgoings.length > 1;
      // A batch's id commits to its actions and its sender nonce; an action alone is its own send.
      const sendId = batched ? keccak256(concat([...outgoings.map((o) => o.relay.id), `0x${nonce.toString(16).padStart(16, "0")}`])) : outgoings[0]!.relay.id;
      store.insert(
        outgoings.map((o, index) => ({
          ...o.relay,
          gasLimit: Number(o.gas),
          senderNonce: nonce,
          status: "pending" as const,
          createdAt: now,
          updatedAt: now,
          transactionHash: hash,
          sendId,
          batchIndex: batched ? index : null,
        })),
        {
          hash,
          sendId,
          senderNonce: nonce,
          maxFeePerGas: fees.maxFeePerGas.toString(),
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
          raw,
          sentAt: now,
          status: "pending",
        },
      );
      this.#options.afterRecord?.();
      try {
        await this.#broadcast(raw);
      } catch (error) {
        // Refused by the node (underfunded, underpriced, nonce taken by someone else): never sent.
        // Forget it and read the nonce from the chain again for the next one.
        store.forget(sendId);
        this.#nextNonce = undefined;
        throw new SendRefusedError(messageOf(error));
      }
      this.#nextNonce = nonce + 1;
      return hash;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  /** One pass over the pending actions: settle the mined, drop the lost, rebroadcast or replace the stuck. */
  monitor(): Promise<void> {
    this.#monitoring ??= this.#monitorOnce().finally(() => {
      this.#monitoring = undefined;
    });
    return this.#monitoring;
  }

  async #monitorOnce() {
    const { publicClient, account, store } = this.#options;
    const pending = store.pendingSends();
    if (pending.length === 0) return;
    // Read the mined nonce before the receipts: a nonce already used with none of our receipts
    // found afterwards can only have been used by a transaction we did not send.
    const minedNonce = await publicClient.getTransactionCount({ address: account.address, blockTag: "latest" });
    let fees: Fees | undefined;
    for (const { sendId, senderNonce, relays, transactions } of pending) {
      if (await this.#settleIfMined(sendId, relays, transactions)) continue;
      if (senderNonce < minedNonce) {
        store.drop(sendId);
        this.#options.log(`dropped ${sendId}: sender nonce ${senderNonce} was used by another transaction`);
        continue;
      }
      const latest = transactions.at(-1)!;
      fees ??= await this.fees();
      if (BigInt(latest.maxFeePerGas) < fees.nextBaseFee && Date.now() - latest.sentAt >= this.#options.stuckAfterMs) {
        await this.#replace(sendId, senderNonce, latest, fees);
      } else if (Date.now() - latest.sentAt >= this.#options.monitorIntervalMs && !(await this.#known(latest.hash))) {
        await this.#broadcast(latest.raw).catch((error) => this.#options.log(`rebroadcast ${latest.hash}: ${messageOf(error)}`));
      }
    }
  }

  /**
   * Settles a send once one of its transactions is mined. In a batch, a call with a `CallFailed` in
   * the receipt reverted alone; gas and fee are shared among the calls in proportion to their
   * budgets (the receipt has one total).
   */
  async #settleIfMined(sendId: string, relays: RelayRecord[], transactions: TransactionRecord[]): Promise<boolean> {
    for (const tx of transactions) {
      let receipt;
      try {
        receipt = await this.#options.publicClient.getTransactionReceipt({ hash: tx.hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
        continue;
      }
      // The batch contract is the one this transaction called (whatever batching is set to now:
      // a batch sent before a restart is settled by what it was).
      const batched = relays.some((relay) => relay.batchIndex !== null);
      const failed = new Set(
        batched
          ? parseEventLogs({ abi: kithBatchAbi, eventName: "CallFailed", logs: receipt.logs })
              .filter((log) => log.address.toLowerCase() === receipt.to?.toLowerCase())
              .map((log) => Number(log.args.index))
          : [],
      );
      const budgets = relays.reduce((sum, relay) => sum + BigInt(relay.gasLimit), 0n);
      const fee = receipt.gasUsed * receipt.effectiveGasPrice;
      this.#options.store.settle(
        sendId,
        tx.hash,
        relays.map((relay) => ({
          relayId: relay.id,
          status: receipt.status === "success" && !(relay.batchIndex !== null && failed.has(relay.batchIndex)) ? "mined" : "reverted",
          blockNumber: Number(receipt.blockNumber),
          gasUsed: Number((receipt.gasUsed * BigInt(relay.gasLimit)) / budgets),
          fee: (fee * BigInt(relay.gasLimit)) / budgets,
        })),
      );
      return true;
    }
    return false;
  }

  async #known(hash: Hex): Promise<boolean> {
    try {
      await this.#options.publicClient.getTransaction({ hash });
      return true;
    } catch (error) {
      if (error instanceof TransactionNotFoundError) return false;
      throw error;
    }
  }

  /** The same call under the same sender nonce, with both fees raised past the next base fee. */
  async #replace(sendId: string, senderNonce: number, latest: TransactionRecord, fees: Fees) {
    const cap = this.#options.maxFeePerGasCap;
    const previousMax = BigInt(latest.maxFeePerGas);
    const maxPriorityFeePerGas = [bump(BigInt(latest.maxPriorityFeePerGas)), fees.maxPriorityFeePerGas].reduce((a, b) => (a > b ? a : b));
    let maxFeePerGas = [bump(previousMax), fees.maxFeePerGas, maxPriorityFeePerGas].reduce((a, b) => (a > b ? a : b));
    if (cap !== undefined && maxFeePerGas > cap) {
      if (bump(previousMax) > cap) {
        this.#options.log(`not replacing ${latest.hash}: the fee cap ${cap} is reached`);
        return;
      }
      maxFeePerGas = cap;
    }
    const { to, data, gas } = parseTransaction(latest.raw);
    const { raw, hash } = await this.#sign(to!, data ?? "0x", gas!, senderNonce, { maxFeePerGas, maxPriorityFeePerGas });
    this.#options.store.addReplacement({
      hash,
      sendId,
      senderNonce,
      maxFeePerGas: maxFeePerGas.toString(),
      maxPriorityFeePerGas: maxPriorityFeePerGas.toString(),
      raw,
      sentAt: Date.now(),
      status: "pending",
    });
    this.#options.log(`replaced ${latest.hash} with ${hash} (max fee ${previousMax} -> ${maxFeePerGas})`);
    await this.#broadcast(raw).catch((error) => this.#options.log(`broadcast of replacement ${hash}: ${messageOf(error)}`));
  }
}
