// A local chain (anvil from npm) and clients for it.
import { existsSync } from "node:fs";
import path from "node:path";

import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { exitedReason, freePort, type Service, startService, waitFor } from "./processes.ts";

const root = path.resolve(import.meta.dirname, "..", "..");

/** anvil's and Hardhat's default development mnemonic: its accounts are funded on local chains. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** Development account `index` of the default mnemonic (never use these keys on a real network). */
export function devAccount(index: number) {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

/** The development account the local relayer pays gas from (anvil funds 20 accounts: 0-19). */
export const RELAYER_ACCOUNT_INDEX = 19;

export interface LocalChain {
  rpcUrl: string;
  wsUrl: string;
  port: number;
  chainId: number;
  chain: Chain;
  service: Service;
  stop(): Promise<void>;
}

/**
 * The anvil binary shipped by the platform package of @foundry-rs/anvil. Spawned directly rather
 * than through the package's node wrapper, so a signal reaches anvil itself.
 */
export function anvilBinary(): string {
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch as string] ?? process.arch;
  const binary = path.join(root, "node_modules", "@foundry-rs", `anvil-${process.platform}-${arch}`, "bin", "anvil");
  return existsSync(binary) ? binary : path.join(root, "node_modules", ".bin", "anvil");
}

export interface AnvilOptions {
  port?: number;
  chainId?: number;
  echo?: boolean;
  /** More anvil flags, e.g. `["--hardfork", "prague"]` or `["--load-state", file]`. */
  args?: string[];
  /** How long anvil may take to answer (loading a large state takes a while). Default 15 s. */
  startTimeoutMs?: number;
}

/** A viem chain for `chainId` reached at `rpcUrl` (and `wsUrl`), for chains viem does not name. */
export function chainAt(chainId: number, rpcUrl: string, wsUrl?: string): Chain {
  return defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl], ...(wsUrl ? { webSocket: [wsUrl] } : {}) } },
  });
}

export async function startAnvil(options: AnvilOptions = {}): Promise<LocalChain> {
  const port = options.port ?? (await freePort());
  const chainId = options.chainId ?? 31337;
  const service = startService(
    "anvil",
    anvilBinary(),
    ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--accounts", "20", ...(options.args ?? [])],
    { echo: options.echo },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  const chain = chainAt(chainId, rpcUrl, `ws://127.0.0.1:${port}`);
  const client = createPublicClient({ chain, transport: http(rpcUrl) });
  await waitFor(async () => ((await client.getChainId()) === chainId ? true : undefined), {
    timeoutMs: options.startTimeoutMs ?? 15_000,
    abort: exitedReason(service),
    describe: () => `anvil did not answer on ${rpcUrl}\n${service.output()}`,
  });
  return { rpcUrl, wsUrl: `ws://127.0.0.1:${port}`, port, chainId, chain, service, stop: () => service.stop() };
}

export type Clients = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
};

/** Clients for a chain; `pollingInterval` (receipts, blocks) defaults to 50 ms: local chains are fast. */
export function clientsFor(chain: Chain, rpcUrl: string, account: Account, pollingInterval = 50): Clients {
  const transport = http(rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval }) as PublicClient<Transport, Chain>,
    walletClient: createWalletClient({ chain, transport, account, pollingInterval }),
  };
}
