// The relayer's settings from the environment (`npm run relayer`): every variable, its default and
// its meaning are in README.md ("Run a relayer"). A bad value stops the relayer with a message that
// names the variable.
import path from "node:path";

import { type Address, defineChain, type Hex, isAddress, parseGwei } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { DEFAULT_GAS_ALLOWANCES } from "./budgets.ts";
import type { RelayerOptions } from "./server.ts";

export interface RelayerSettings extends RelayerOptions {
  hostname: string;
  port: number;
}

type Env = Record<string, string | undefined>;

export class SettingError extends Error {}

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text.replaceAll("_", "")) || Number(text.replaceAll("_", "")) < min) {
    throw new SettingError(`${name} must be a whole number >= ${min}, got "${text}"`);
  }
  return Number(text.replaceAll("_", ""));
}

function list(env: Env, name: string): string[] | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  return text.split(",").map((item) => item.trim()).filter(Boolean);
}

/**
 * Settings from `env`; `chainId` and `kith` come from the RPC and the address book when not set.
 * `defaults` are what `npm start` and tests pass (a development key, a local RPC).
 */
export function relayerSettings(env: Env, found: { chainId: number; kith: Address; root: string; kithBatch?: Address }): RelayerSettings {
  const rpcUrl = env.KITH_RELAYER_RPC_URL ?? env.KITH_RPC_URL;
  if (!rpcUrl) throw new SettingError("KITH_RELAYER_RPC_URL (or KITH_RPC_URL) must name the chain's RPC");
  const key = env.KITH_RELAYER_PRIVATE_KEY;
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new SettingError("KITH_RELAYER_PRIVATE_KEY must be the paying account's private key (0x and 64 hex digits)");
  const kith = env.KITH_RELAYER_KITH ?? found.kith;
  if (!isAddress(kith, { strict: false })) throw new SettingError(`KITH_RELAYER_KITH must be an address, got "${kith}"`);
  const origins = list(env, "KITH_RELAYER_ALLOWED_ORIGINS");
  const maxFeeGwei = env.KITH_RELAYER_MAX_FEE_GWEI;
  if (maxFeeGwei !== undefined && !/^\d+(\.\d+)?$/.test(maxFeeGwei)) throw new SettingError(`KITH_RELAYER_MAX_FEE_GWEI must be a number of gwei, got "${maxFeeGwei}"`);
  const port = integer(env, "KITH_RELAYER_PORT", 8787);
  const batchWindowMs = integer(env, "KITH_RELAYER_BATCH_WINDOW_MS", 0);
  const batchContract = env.KITH_RELAYER_KITH_BATCH ?? found.kithBatch;
  if (batchWindowMs > 0 && (!batchContract || !isAddress(batchContract, { strict: false }))) {
    throw new SettingError("KITH_RELAYER_BATCH_WINDOW_MS needs the KithBatch contract: deploy it (npm run deploy) or name it in KITH_RELAYER_KITH_BATCH");
  }
  if (port > 65535) throw new SettingError(`KITH_RELAYER_PORT must be a port, got ${port}`);
  return {
    chain: defineChain({
      id: found.chainId,
      name: `chain ${found.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    }),
    rpcUrl,
    kith: kith as Address,
    account: privateKeyToAccount(key as Hex),
    hostname: env.KITH_RELAYER_HOST ?? "127.0.0.1",
    port,
    storeFile: path.resolve(env.KITH_RELAYER_STORE ?? path.join(found.root, ".kith", `relayer-${found.chainId}.sqlite`)),
    allowedOrigins: origins === undefined || origins.includes("*") ? "*" : origins,
    trustedProxies: list(env, "KITH_RELAYER_TRUSTED_PROXIES"),
    perIpPerMinute: integer(env, "KITH_RELAYER_PER_IP_PER_MINUTE", 600, 1),
    perSignerPerMinute: integer(env, "KITH_RELAYER_PER_SIGNER_PER_MINUTE", 120, 1),
    perProfilePerMinute: integer(env, "KITH_RELAYER_PER_PROFILE_PER_MINUTE", 60, 1),
    profileGasPerDay: integer(env, "KITH_RELAYER_PROFILE_GAS_PER_DAY", 2_000_000),
    globalGasPerHour: integer(env, "KITH_RELAYER_GLOBAL_GAS_PER_HOUR", 100_000_000),
    gasAllowances: {
      erc1271: integer(env, "KITH_RELAYER_ERC1271_GAS", DEFAULT_GAS_ALLOWANCES.erc1271),
      erc6492: integer(env, "KITH_RELAYER_ERC6492_GAS", DEFAULT_GAS_ALLOWANCES.erc6492),
    },
    maxBodyBytes: integer(env, "KITH_RELAYER_MAX_BODY_BYTES", 32 * 1024, 1024),
    monitorIntervalMs: integer(env, "KITH_RELAYER_MONITOR_INTERVAL_MS", 1_000, 10),
    stuckAfterMs: integer(env, "KITH_RELAYER_STUCK_AFTER_MS", 15_000),
    maxFeePerGasCap: maxFeeGwei === undefined ? undefined : parseGwei(maxFeeGwei),
    batch: batchWindowMs > 0 ? { contract: batchContract as Address, windowMs: batchWindowMs, maxSize: integer(env, "KITH_RELAYER_BATCH_MAX", 20, 2) } : undefined,
  };
}
