// Build, sign and submit signed Kith actions. Works with a viem wallet client or local account,
// and with an ethers v6 Signer; submits directly (any account pays gas) or through a relayer.
import {
  type Address,
  concat,
  encodeAbiParameters,
  type Hex,
  hashTypedData,
  isAddressEqual,
  recoverAddress,
  size,
  type TypedDataDomain,
} from "viem";

import {
  type ActionMessage,
  actionTypedData,
  type ChannelsActionMessage,
  channelsActionTypedData,
  KITH_ACTIONS,
  KITH_CHANNELS_ACTIONS,
  KITH_MODERATION_ACTIONS,
  type KithActionName,
  type KithChannelsActionName,
  type KithModerationActionName,
  type ModerationActionMessage,
  moderationActionTypedData,
  type SignedActionTable,
  type TableActionMessage,
} from "./typedData.ts";

/** A signed action, ready to submit by anyone (a union over actions when `A` is not narrowed). */
export type SignedAction<A extends KithActionName = KithActionName> = A extends KithActionName
  ? {
      action: A;
      message: ActionMessage<A>;
      signer: Address;
      nonce: bigint;
      deadline: bigint;
      signature: Hex;
    }
  : never;

interface TypedDataToSign {
  domain: TypedDataDomain;
  types: Record<string, readonly { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** What Kith needs from a wallet: its address and EIP-712 signing. */
export interface KithSigner {
  address: Address;
  signTypedData(typedData: TypedDataToSign): Promise<Hex>;
}

/** A viem `LocalAccount` or a `WalletClient` with an account, as a KithSigner. */
export function viemSigner(
  source:
    | { address: Address; signTypedData: (args: any) => Promise<Hex>; type?: string }
    | { account: { address: Address } | undefined; signTypedData: (args: any) => Promise<Hex> },
): KithSigner {
  if ("account" in source) {
    const account = source.account;
    if (!account) throw new Error("viemSigner: the wallet client has no account");
    return { address: account.address, signTypedData: (typedData) => source.signTypedData({ account, ...typedData }) };
  }
  return { address: source.address, signTypedData: (typedData) => source.signTypedData(typedData) };
}

/** An ethers v6 `Signer` (Wallet, JsonRpcSigner, ...) as a KithSigner. */
export async function ethersSigner(signer: {
  getAddress(): Promise<string>;
  signTypedData(domain: any, types: any, value: any): Promise<string>;
}): Promise<KithSigner> {
  const address = (await signer.getAddress()) as Address;
  return {
    address,
    signTypedData: async ({ domain, types, message }) => (await signer.signTypedData(domain, types, message)) as Hex,
  };
}

/**
 * A Safe (1.4.x with CompatibilityFallbackHandler) as a KithSigner: its owners sign the Safe's
 * EIP-712 `SafeMessage(bytes message)` of the Kith digest (domain: chain id and the Safe), and their
 * signatures are concatenated in ascending owner-address order, as the Safe's ERC-1271 checks them.
 * Pass at least as many owners as the Safe's threshold.
 */
export function safeSigner(safe: Address, chainId: number | bigint, owners: KithSigner[]): KithSigner {
  return {
    address: safe,
    async signTypedData(typedData) {
      const kithDigest = hashTypedData(typedData as Parameters<typeof hashTypedData>[0]);
      const sorted = [...owners].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      const safeMessage = {
        domain: { chainId: Number(chainId), verifyingContract: safe },
        types: { SafeMessage: [{ name: "message", type: "bytes" }] },
        primaryType: "SafeMessage",
        message: { message: encodeAbiParameters([{ type: "bytes32" }], [kithDigest]) },
      } as const;
      const safeDigest = hashTypedData(safeMessage);
      // An owner's v = 0/1 would read as a contract or approved-hash signature to the Safe.
      const signatures = await Promise.all(
        sorted.map(async (owner) => normalizeSignatureV(safeDigest, await owner.signTypedData(safeMessage), owner.address)),
      );
      return concat(signatures);
    },
  };
}

/** Signs `action` with `message` for the Kith contract `kith` on `chainId`. */
export async function signAction<A extends KithActionName>(options: {
  signer: KithSigner;
  action: A;
  message: ActionMessage<A>;
  /** From `kith.read.nonces([signer, lane])`. */
  nonce: bigint;
  /** Unix seconds; default one hour from now. */
  deadline?: bigint;
  chainId: number | bigint;
  kith: Address;
  /** Sign as this address instead of the signer's own (a smart wallet whose owner signs). */
  as?: Address;
}): Promise<SignedAction<A>> {
  const deadline = options.deadline ?? defaultDeadline();
  const signature = await signTypedAction(options.signer, actionTypedData({ ...options, deadline }));
  return {
    action: options.action,
    message: options.message,
    signer: options.as ?? options.signer.address,
    nonce: options.nonce,
    deadline,
    signature,
  } as SignedAction<A>;
}

/** One hour from now, in Unix seconds. */
function defaultDeadline(): bigint {
  return BigInt(Math.floor(Date.now() / 1000) + 3600);
}

/** `signer`'s signature of `typedData`, with an ECDSA v of 0/1 normalized to 27/28. */
async function signTypedAction(signer: KithSigner, typedData: object): Promise<Hex> {
  const digest = hashTypedData(typedData as Parameters<typeof hashTypedData>[0]);
  return normalizeSignatureV(digest, await signer.signTypedData(typedData as TypedDataToSign), signer.address);
}

/**
 * A signed action of a contract beside Kith (KithModeration, KithChannels), ready to submit by
 * anyone: `call` is its `...For` function and arguments, for viem's `writeContract` or ethers.
 */
export interface SignedExtensionAction<A extends string, M> {
  action: A;
  message: M;
  signer: Address;
  nonce: bigint;
  deadline: bigint;
  signature: Hex;
  call: { functionName: string; args: unknown[] };
}

/** What signing one action of a contract beside Kith takes (its address is named per contract). */
interface SignExtensionOptions<A, M> {
  signer: KithSigner;
  action: A;
  message: M;
  /** From the contract's own `nonces(signer, lane)` (each contract counts its own). */
  nonce: bigint;
  /** Unix seconds; default one hour from now. */
  deadline?: bigint;
  chainId: number | bigint;
  /** Sign as this address instead of the signer's own (a smart wallet whose owner signs). */
  as?: Address;
}

async function signTableAction<T extends SignedActionTable, A extends keyof T & string>(
  table: T,
  options: SignExtensionOptions<A, TableActionMessage<T, A>>,
  typedData: (deadline: bigint) => object,
): Promise<SignedExtensionAction<A, TableActionMessage<T, A>>> {
  const deadline = options.deadline ?? defaultDeadline();
  const signature = await signTypedAction(options.signer, typedData(deadline));
  const signer = options.as ?? options.signer.address;
  const auth = { signer, nonce: options.nonce, deadline, signature };
  const { functionName, fields } = table[options.action]!;
  const message = options.message as Record<string, unknown>;
  return {
    action: options.action,
    message: options.message,
    signer,
    nonce: options.nonce,
    deadline,
    signature,
    call: { functionName, args: [...fields.map((field) => message[field.name]), auth] },
  };
}

/**
 * Signs KithModeration action `action` with `message` for the contract `kithModeration` on `chainId`.
 * @example
 * const signed = await signModerationAction({ signer, action: "Label", message: { subject: postId, value: "spam", expiry: 0n },
 *   nonce: await moderation.read.nonces([signer.address, 0n]), chainId, kithModeration: moderation.address });
 * await moderation.write[signed.call.functionName](signed.call.args);
 */
export function signModerationAction<A extends KithModerationActionName>(
  options: SignExtensionOptions<A, ModerationActionMessage<A>> & { kithModeration: Address },
): Promise<SignedExtensionAction<A, ModerationActionMessage<A>>> {
  return signTableAction(KITH_MODERATION_ACTIONS, options, (deadline) => moderationActionTypedData({ ...options, deadline }));
}

/**
 * Signs KithChannels action `action` with `message` for the contract `kithChannels` on `chainId`.
 * @example
 * const signed = await signChannelsAction({ signer, action: "JoinChannel", message: { profileId, channelId },
 *   nonce: await channels.read.nonces([signer.address, 0n]), chainId, kithChannels: channels.address });
 */
export function signChannelsAction<A extends KithChannelsActionName>(
  options: SignExtensionOptions<A, ChannelsActionMessage<A>> & { kithChannels: Address },
): Promise<SignedExtensionAction<A, ChannelsActionMessage<A>>> {
  return signTableAction(KITH_CHANNELS_ACTIONS, options, (deadline) => channelsActionTypedData({ ...options, deadline }));
}

/**
 * Some wallets (Ledger and other hardware wallets, some WalletConnect bridges) answer an ECDSA
 * signature with v = 0 or 1; the contract, like ecrecover, takes only 27 or 28. Such a signature
 * is rewritten to 27/28 when, so rewritten, it recovers to `signer` over `digest`: signatures of
 * contract wallets (a Safe's v = 0 or 1 mean something else) are left as they are.
 */
export async function normalizeSignatureV(digest: Hex, signature: Hex, signer: Address): Promise<Hex> {
  if (size(signature) !== 65) return signature;
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (v !== 0 && v !== 1) return signature;
  const normalized = `${signature.slice(0, 130)}${(v + 27).toString(16)}` as Hex;
  try {
    return isAddressEqual(await recoverAddress({ hash: digest, signature: normalized }), signer) ? normalized : signature;
  } catch {
    return signature;
  }
}

/** The contract call that submits `signed` directly: `{ functionName, args }` for viem or ethers. */
export function toContractCall<A extends KithActionName>(signed: SignedAction<A>) {
  const { functionName, fields } = KITH_ACTIONS[signed.action];
  const message = signed.message as Record<string, unknown>;
  const auth = { signer: signed.signer, nonce: signed.nonce, deadline: signed.deadline, signature: signed.signature };
  return { functionName, args: [...fields.map((field) => message[field.name]), auth] as unknown[] };
}

/** JSON for the relayer: bigints as decimal strings. */
export function serializeSignedAction(signed: SignedAction): string {
  return JSON.stringify(signed, (_, value) => (typeof value === "bigint" ? value.toString() : value));
}
