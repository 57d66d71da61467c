// Types shared by the client and its actions.
import type { Address, Chain, Hash, PublicClient, Transport, WalletClient } from "viem";

import type { KithSigner } from "../actions.ts";
import type { KithDeployment } from "../deployments.ts";
import type { IndexerFallbackConfig, IndexerPool } from "./indexers.ts";

/** Where a Kith client reads and writes. */
export interface KithClientConfig {
  chainId: number;
  /** The chain's JSON-RPC endpoint (reads nonces, waits for receipts). */
  rpcUrl: string;
  /** The indexer's GraphQL endpoint, e.g. http://127.0.0.1:42069/graphql. Its origin also serves /content and /deployment. Same as `indexerUrls: [graphqlUrl]`. */
  graphqlUrl?: string;
  /**
   * Several indexers of the same deployment (their origins or GraphQL endpoints), in order of
   * preference: reads go to the freshest healthy one and fail over to the others, subscriptions
   * reconnect to another, bodies are uploaded to all. Takes the place of `graphqlUrl`.
   */
  indexerUrls?: readonly string[];
  /** Timeouts, retries and ranking of the indexers (see IndexerFallbackConfig for the defaults). */
  fallback?: IndexerFallbackConfig;
  /** The relayer, e.g. http://127.0.0.1:8787; without it, actions are sent by `wallet`. */
  relayerUrl?: string;
  /** The address book; default: fetched once from the indexer's `/deployment`. */
  deployment?: KithDeployment;
  /** Who signs actions by default (viemSigner, ethersSigner, safeSigner, or an app key's account). */
  signer?: KithSigner;
  /** A viem wallet client with an account: sends transactions (`via: "wallet"`, ETH tips). */
  wallet?: WalletClient;
  /** The viem chain object, for `wallet` (default: a minimal one built from chainId and rpcUrl). */
  chain?: Chain;
  /** How often to poll the indexer while waiting for a block to be indexed (ms, default 100). */
  pollingInterval?: number;
}

/** The progress of a write, reported through `onStatus` as it happens. */
export type WriteStatus =
  | { status: "signing" }
  | { status: "pending"; transactionHash: Hash; relayId?: Hash }
  | { status: "mined"; transactionHash: Hash; blockNumber: bigint }
  | { status: "indexed"; transactionHash: Hash; blockNumber: bigint };

/** Options every write action takes. */
export interface WriteOptions {
  /** Signs instead of the client's signer (e.g. an app key). */
  signer?: KithSigner;
  /** `relayer` (default when the client has a relayerUrl): the signer signs, the relayer pays. `wallet`: the client's wallet sends the call itself. */
  via?: "relayer" | "wallet";
  /** Nonce lane (default 0). */
  lane?: bigint;
  /** Signature deadline in unix seconds (default: one hour from now). */
  deadline?: bigint;
  /** Until when the action waits: `pending` (submitted), `mined`, or `indexed` (default; GraphQL shows it). */
  waitFor?: "pending" | "mined" | "indexed";
  onStatus?: (status: WriteStatus) => void;
}

/** What every write returns. `blockNumber` is undefined when `waitFor: "pending"`. */
export interface WriteResult {
  transactionHash: Hash;
  /** The relayer's id of the action (keccak256 of the signature), when relayed. */
  relayId?: Hash;
  blockNumber?: bigint;
}

/** What the actions are given: the config and its clients. */
export interface KithContext {
  config: KithClientConfig;
  publicClient: PublicClient<Transport, Chain>;
  /** The indexers: reads with failover (`request`), their origins (`urls`). */
  indexers: IndexerPool;
  deployment(): Promise<KithDeployment>;
  /** Runs `task` after every earlier task of the same key (one signer's nonces are used in order). */
  serialize<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export type { Address };

/** Options of the writes the client's wallet sends itself (no signed twin used yet). */
export type WalletWriteOptions = Pick<WriteOptions, "waitFor" | "onStatus">;
