// EIP-712 typed data of every signed Kith action: the one TypeScript source of the types the
// contract hashes (a test proves each type string hashes to the contract's *_TYPEHASH).
import type { Address, Hex, TypedDataDomain } from "viem";

export const KITH_EIP712_NAME = "Kith";
export const KITH_EIP712_VERSION = "1";

/** The EIP-712 domain of the Kith contract at `verifyingContract` on `chainId`. */
export function kithDomain(chainId: number | bigint, verifyingContract: Address) {
  return {
    name: KITH_EIP712_NAME,
    version: KITH_EIP712_VERSION,
    chainId: Number(chainId),
    verifyingContract,
  } as const satisfies TypedDataDomain;
}

const nonceAndDeadline = [
  { name: "nonce", type: "uint256" },
  { name: "deadline", type: "uint256" },
] as const;

/**
 * Every signed action: its EIP-712 fields (before nonce and deadline, which every action ends
 * with) in the order of the arguments of the contract function `<action>For`.
 */
export const KITH_ACTIONS = {
  Register: {
    functionName: "registerFor",
    fields: [
      { name: "custody", type: "address" },
      { name: "handle", type: "string" },
      { name: "recovery", type: "address" },
      { name: "metadataHash", type: "bytes32" },
    ],
  },
  ChangeHandle: {
    functionName: "changeHandleFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "handle", type: "string" },
    ],
  },
  ChangeMetadata: {
    functionName: "changeMetadataFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "metadataHash", type: "bytes32" },
    ],
  },
  OfferTransfer: {
    functionName: "offerTransferFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "to", type: "address" },
    ],
  },
  CancelTransfer: { functionName: "cancelTransferFor", fields: [{ name: "profileId", type: "uint256" }] },
  AcceptTransfer: { functionName: "acceptTransferFor", fields: [{ name: "profileId", type: "uint256" }] },
  ChangeRecovery: {
    functionName: "changeRecoveryFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "recovery", type: "address" },
    ],
  },
  Recover: {
    functionName: "recoverFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "to", type: "address" },
    ],
  },
  AddAppKey: {
    functionName: "addAppKeyFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "key", type: "address" },
      { name: "scopes", type: "uint256" },
      { name: "expiry", type: "uint256" },
    ],
  },
  RevokeAppKey: {
    functionName: "revokeAppKeyFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "key", type: "address" },
    ],
  },
  RevokeAllAppKeys: { functionName: "revokeAllAppKeysFor", fields: [{ name: "profileId", type: "uint256" }] },
  Follow: {
    functionName: "followFor",
    fields: [
      { name: "followerId", type: "uint256" },
      { name: "followeeId", type: "uint256" },
    ],
  },
  FollowBatch: {
    functionName: "followBatchFor",
    fields: [
      { name: "followerId", type: "uint256" },
      { name: "followeeIds", type: "uint256[]" },
    ],
  },
  Unfollow: {
    functionName: "unfollowFor",
    fields: [
      { name: "followerId", type: "uint256" },
      { name: "followeeId", type: "uint256" },
    ],
  },
  UnfollowBatch: {
    functionName: "unfollowBatchFor",
    fields: [
      { name: "followerId", type: "uint256" },
      { name: "followeeIds", type: "uint256[]" },
    ],
  },
  Block: {
    functionName: "blockProfileFor",
    fields: [
      { name: "blockerId", type: "uint256" },
      { name: "blockedId", type: "uint256" },
    ],
  },
  BlockBatch: {
    functionName: "blockBatchFor",
    fields: [
      { name: "blockerId", type: "uint256" },
      { name: "blockedIds", type: "uint256[]" },
    ],
  },
  Unblock: {
    functionName: "unblockProfileFor",
    fields: [
      { name: "blockerId", type: "uint256" },
      { name: "blockedId", type: "uint256" },
    ],
  },
  Post: {
    functionName: "postFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "contentHash", type: "bytes32" },
      { name: "uri", type: "string" },
    ],
  },
  Reply: {
    functionName: "replyFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "parentId", type: "uint256" },
      { name: "contentHash", type: "bytes32" },
      { name: "uri", type: "string" },
    ],
  },
  Quote: {
    functionName: "quoteFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "quotedId", type: "uint256" },
      { name: "contentHash", type: "bytes32" },
      { name: "uri", type: "string" },
    ],
  },
  Repost: {
    functionName: "repostFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "repostedId", type: "uint256" },
    ],
  },
  DeletePost: {
    functionName: "deletePostFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "postId", type: "uint256" },
    ],
  },
  Like: {
    functionName: "likeFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "postId", type: "uint256" },
    ],
  },
  Unlike: {
    functionName: "unlikeFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "postId", type: "uint256" },
    ],
  },
} as const;

export type KithActionName = keyof typeof KITH_ACTIONS;
export const KITH_ACTION_NAMES = Object.keys(KITH_ACTIONS) as KithActionName[];

type Fields<A extends KithActionName> = (typeof KITH_ACTIONS)[A]["fields"];
type SolidityValue<T extends string> = T extends "address"
  ? Address
  : T extends "string"
    ? string
    : T extends "bytes32"
      ? Hex
      : T extends "uint256[]"
        ? readonly bigint[]
        : bigint;

/** The fields of action `A` (without nonce and deadline), typed. */
export type ActionMessage<A extends KithActionName> = {
  [F in Fields<A>[number] as F["name"]]: SolidityValue<F["type"]>;
};

/** The EIP-712 `types` of action `A`, for viem's `signTypedData` or ethers' `signTypedData`. */
export function actionTypes<A extends KithActionName>(action: A) {
  return { [action]: [...KITH_ACTIONS[action].fields, ...nonceAndDeadline] } as {
    [K in A]: [...Fields<A>, ...typeof nonceAndDeadline];
  };
}

/** The EIP-712 type string of action `A`, e.g. "Post(uint256 profileId,...,uint256 deadline)". */
export function actionTypeString(action: KithActionName): string {
  const fields = [...KITH_ACTIONS[action].fields, ...nonceAndDeadline].map((f) => `${f.type} ${f.name}`);
  return `${action}(${fields.join(",")})`;
}

/** Everything a wallet signs for one action. */
export function actionTypedData<A extends KithActionName>(options: {
  action: A;
  message: ActionMessage<A>;
  nonce: bigint;
  deadline: bigint;
  chainId: number | bigint;
  kith: Address;
}) {
  const { action, message, nonce, deadline, chainId, kith } = options;
  return {
    domain: kithDomain(chainId, kith),
    types: actionTypes(action),
    primaryType: action,
    message: { ...message, nonce, deadline } as ActionMessage<A> & { nonce: bigint; deadline: bigint },
  };
}

// KithTips signs under its own domain: a token tip signed by the payer, submitted by anyone.
export const KITH_TIPS_EIP712_NAME = "Kith Tips";
export const KITH_TIPS_EIP712_VERSION = "1";

/** The EIP-712 domain of the KithTips contract at `verifyingContract` on `chainId`. */
export function kithTipsDomain(chainId: number | bigint, verifyingContract: Address) {
  return { ...kithDomain(chainId, verifyingContract), name: KITH_TIPS_EIP712_NAME, version: KITH_TIPS_EIP712_VERSION } as const;
}

/** `KithTips.tipTokenFor`'s type: its arguments before `SignedAuth`, then nonce and deadline. */
export const TIP_TOKEN_TYPES = {
  TipToken: [
    { name: "postId", type: "uint256" },
    { name: "fromProfileId", type: "uint256" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    ...nonceAndDeadline,
  ],
} as const;

export interface TipTokenMessage {
  postId: bigint;
  fromProfileId: bigint;
  token: Address;
  amount: bigint;
}

/** The EIP-712 type string of `TipToken`, as `KithTips.TIP_TOKEN_TYPEHASH` hashes it. */
export const TIP_TOKEN_TYPE_STRING = `TipToken(${TIP_TOKEN_TYPES.TipToken.map((f) => `${f.type} ${f.name}`).join(",")})`;

/** Everything a wallet signs for a token tip (`KithTips.tipTokenFor`); the nonce is `KithTips.nonces(signer, lane)`. */
export function tipTokenTypedData(options: {
  message: TipTokenMessage;
  nonce: bigint;
  deadline: bigint;
  chainId: number | bigint;
  kithTips: Address;
}) {
  const { message, nonce, deadline, chainId, kithTips } = options;
  return {
    domain: kithTipsDomain(chainId, kithTips),
    types: TIP_TOKEN_TYPES,
    primaryType: "TipToken" as const,
    message: { ...message, nonce, deadline },
  };
}
