// The app's link to Kith: one KithClient for the connected wallet, the profile it acts as, its
// app key, and a status line that shows every write as it goes (signing, pending, mined, indexed)
// and every refusal as the relayer or the contract gave it.
import {
  ContentError,
  createKithClient,
  decodeKithRevert,
  formatKithRevert,
  GraphQLRequestError,
  type KithClient,
  KithClientError,
  RelayerError,
  viemSigner,
  type WriteStatus,
} from "@kith/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { Chain } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { useAccount, useWalletClient } from "wagmi";

import type { AppConfig } from "./config.ts";
import { session, type StoredAppKey } from "./session.ts";

export interface Status {
  label: string;
  state: "signing" | "pending" | "mined" | "indexed" | "done" | "error";
  detail?: string;
}

interface KithState {
  config: AppConfig;
  client: KithClient;
  address?: `0x${string}`;
  profile: { id: string; handle: string } | null;
  setProfile(profile: { id: string; handle: string } | null): void;
  appKey: StoredAppKey | null;
  setAppKey(appKey: StoredAppKey | null): void;
  status: Status | null;
  /** Runs a write, reporting its progress; refreshes every query once it is indexed. */
  run<T>(label: string, write: (onStatus: (s: WriteStatus) => void) => Promise<T>): Promise<T | undefined>;
  /** The signer for posts and likes: the app key when granted (no prompt), else the wallet. */
  postingSigner(): ReturnType<typeof viemSigner> | undefined;
}

const KithContext = createContext<KithState | null>(null);

export function useKith(): KithState {
  const state = useContext(KithContext);
  if (!state) throw new Error("useKith outside KithProvider");
  return state;
}

/** A refusal, as a person reads it. */
export function describeError(error: unknown): string {
  if (error instanceof RelayerError) {
    const retry = error.retryAfter ? ` Retry in ${error.retryAfter} s.` : "";
    return `Relayer refused (${error.status} ${error.code}): ${error.message}.${retry}`;
  }
  if (error instanceof ContentError) return `Body upload refused (${error.status} ${error.code}): ${error.message}`;
  if (error instanceof GraphQLRequestError) return `Indexer: ${error.message}`;
  if (error instanceof KithClientError) return error.message;
  // A write the wallet sends is simulated first: a refusal carries the contract's custom error.
  const revert = decodeKithRevert(error);
  if (revert) return `Refused by the contract: ${formatKithRevert(revert)}`;
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
  return /reject|denied/i.test(message) ? "You declined in your wallet." : message;
}

export function KithProvider({ config, chain, children }: { config: AppConfig; chain: Chain; children: ReactNode }) {
  const { address } = useAccount();
  const { data: walletClient } = useWalletClient();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<Status | null>(null);
  const client = useMemo(
    () =>
      createKithClient({
        ...config,
        chain,
        signer: walletClient ? viemSigner(walletClient) : undefined,
        wallet: walletClient ?? undefined,
      }),
    [config, chain, walletClient],
  );
  const profile = address ? session.profile(config.chainId, address) : null;
  const appKey = profile ? session.appKey(config.chainId, BigInt(profile.id)) : null;
  void version;

  const run = useCallback(
    async <T,>(label: string, write: (onStatus: (s: WriteStatus) => void) => Promise<T>) => {
      setStatus({ label, state: "signing" });
      try {
        const result = await write((s) =>
          setStatus({ label, state: s.status, detail: "transactionHash" in s ? s.transactionHash : undefined }),
        );
        setStatus({ label, state: "done" });
        await queryClient.invalidateQueries();
        return result;
      } catch (error) {
        setStatus({ label, state: "error", detail: describeError(error) });
        return undefined;
      }
    },
    [queryClient],
  );

  const state: KithState = {
    config,
    client,
    address,
    profile,
    setProfile: (p) => {
      if (address) session.setProfile(config.chainId, address, p);
      setVersion((v) => v + 1);
    },
    appKey,
    setAppKey: (k) => {
      if (profile) session.setAppKey(config.chainId, BigInt(profile.id), k);
      setVersion((v) => v + 1);
    },
    status,
    run,
    postingSigner: () => (appKey ? viemSigner(privateKeyToAccount(appKey.privateKey)) : client.config.signer),
  };
  return <KithContext.Provider value={state}>{children}</KithContext.Provider>;
}
