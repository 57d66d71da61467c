/** The chain this indexer follows (KITH_CHAIN_ID, default 31337: the local chain of `npm start`). */
export const chainId = Number(process.env.KITH_CHAIN_ID ?? 31337);

/** Its RPC: KITH_RPC_URL, or the local node on chain 31337. Read by the Ponder config and the API. */
export function rpcUrl(): string {
  const url = process.env.KITH_RPC_URL ?? (chainId === 31337 ? "http://127.0.0.1:8545" : undefined);
  if (!url) throw new Error(`Set KITH_RPC_URL to an RPC endpoint of chain ${chainId}.`);
  return url;
}
