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

/**
 * A contract's signed actions: per EIP-712 primary type, the `...For` function it is signed for and
 * its fields before nonce and deadline (KITH_ACTIONS, KITH_MODERATION_ACTIONS, KITH_CHANNELS_ACTIONS).
 */
export type SignedActionTable = Readonly<
  Record<string, { readonly functionName: string; readonly fields: readonly { readonly name: string; readonly type: string }[] }>
>;

type TableFields<T extends SignedActionTable, A extends keyof T> = T[A]["fields"];
type SolidityValue<T extends string> = T extends "address"
  ? Address
  : T extends "string"
    ? string
    : T extends "bytes32"
      ? Hex
      : T extends "bool"
        ? boolean
        : T extends "uint8" // enums
          ? number
          : T extends "uint256[]"
            ? readonly bigint[]
            : T extends "string[]"
              ? readonly string[]
              : T extends "uint8[]"
                ? readonly number[]
                : bigint;

/** The fields of action `A` of `table` (without nonce and deadline), typed. */
export type TableActionMessage<T extends SignedActionTable, A extends keyof T> = {
  [F in TableFields<T, A>[number] as F["name"]]: SolidityValue<F["type"]>;
};

/** The fields of Kith action `A` (without nonce and deadline), typed. */
export type ActionMessage<A extends KithActionName> = TableActionMessage<typeof KITH_ACTIONS, A>;

/** The EIP-712 `types` of action `A` of `table`, for viem's or ethers' `signTypedData`. */
export function tableActionTypes<T extends SignedActionTable, A extends keyof T & string>(table: T, action: A) {
  return { [action]: [...table[action]!.fields, ...nonceAndDeadline] } as {
    [K in A]: [...TableFields<T, A>, ...typeof nonceAndDeadline];
  };
}

/** The EIP-712 type string of action `A` of `table`, e.g. "Label(uint256 subject,...,uint256 deadline)". */
export function tableActionTypeString<T extends SignedActionTable>(table: T, action: keyof T & string): string {
  const fields = [...table[action]!.fields, ...nonceAndDeadline].map((f) => `${f.type} ${f.name}`);
  return `${action}(${fields.join(",")})`;
}

/** The EIP-712 `types` of action `A`, for viem's `signTypedData` or ethers' `signTypedData`. */
export function actionTypes<A extends KithActionName>(action: A) {
  return tableActionTypes(KITH_ACTIONS, action);
}

/** The EIP-712 type string of action `A`, e.g. "Post(uint256 profileId,...,uint256 deadline)". */
export function actionTypeString(action: KithActionName): string {
  return tableActionTypeString(KITH_ACTIONS, action);
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
  return tableActionTypedData(KITH_ACTIONS, kithDomain(options.chainId, options.kith), options);
}

/** Everything a wallet signs for action `A` of `table` under `domain`. */
function tableActionTypedData<T extends SignedActionTable, A extends keyof T & string, D extends TypedDataDomain>(
  table: T,
  domain: D,
  options: { action: A; message: TableActionMessage<T, A>; nonce: bigint; deadline: bigint },
) {
  const { action, message, nonce, deadline } = options;
  return {
    domain,
    types: tableActionTypes(table, action),
    primaryType: action,
    message: { ...message, nonce, deadline } as TableActionMessage<T, A> & { nonce: bigint; deadline: bigint },
  };
}

/** The domain of a contract beside Kith that signs under its own `name` and `version`. */
function extensionDomain<N extends string, V extends string>(name: N, version: V, chainId: number | bigint, verifyingContract: Address) {
  return { name, version, chainId: Number(chainId), verifyingContract } as const satisfies TypedDataDomain;
}

// KithTips signs under its own domain: a token tip signed by the payer, submitted by anyone.
export const KITH_TIPS_EIP712_NAME = "Kith Tips";
export const KITH_TIPS_EIP712_VERSION = "1";

/** The EIP-712 domain of the KithTips contract at `verifyingContract` on `chainId`. */
export function kithTipsDomain(chainId: number | bigint, verifyingContract: Address) {
  return extensionDomain(KITH_TIPS_EIP712_NAME, KITH_TIPS_EIP712_VERSION, chainId, verifyingContract);
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

// KithOwnedIds (moderation lists, channels): the owner offers, the new owner accepts. Signed under
// the domain of the contract that holds the ids, so both tables below carry these two.
const OWNED_ID_ACTIONS = {
  TransferOwnership: {
    functionName: "transferOwnershipFor",
    fields: [
      { name: "id", type: "uint256" },
      { name: "to", type: "address" },
    ],
  },
  AcceptOwnership: { functionName: "acceptOwnershipFor", fields: [{ name: "id", type: "uint256" }] },
} as const;

// KithModeration signs under its own domain: labels, lists and subscriptions to them.
export const KITH_MODERATION_EIP712_NAME = "Kith Moderation";
export const KITH_MODERATION_EIP712_VERSION = "1";

/** The EIP-712 domain of the KithModeration contract at `verifyingContract` on `chainId`. */
export function kithModerationDomain(chainId: number | bigint, verifyingContract: Address) {
  return extensionDomain(KITH_MODERATION_EIP712_NAME, KITH_MODERATION_EIP712_VERSION, chainId, verifyingContract);
}

/**
 * Every signed action of KithModeration, as KITH_ACTIONS: fields in the order of the arguments of
 * `<action>For`, then nonce and deadline. Enums (`LabelAction`, `ListMode`) are uint8.
 */
export const KITH_MODERATION_ACTIONS = {
  Label: {
    functionName: "labelFor",
    fields: [
      { name: "subject", type: "uint256" },
      { name: "value", type: "string" },
      { name: "expiry", type: "uint256" },
    ],
  },
  NegateLabel: {
    functionName: "negateLabelFor",
    fields: [
      { name: "subject", type: "uint256" },
      { name: "value", type: "string" },
    ],
  },
  CreateList: {
    functionName: "createListFor",
    fields: [
      { name: "name", type: "string" },
      { name: "owner", type: "address" },
    ],
  },
  AddListMembers: {
    functionName: "addListMembersFor",
    fields: [
      { name: "listId", type: "uint256" },
      { name: "profileIds", type: "uint256[]" },
    ],
  },
  RemoveListMembers: {
    functionName: "removeListMembersFor",
    fields: [
      { name: "listId", type: "uint256" },
      { name: "profileIds", type: "uint256[]" },
    ],
  },
  SubscribeToLabeler: {
    functionName: "subscribeToLabelerFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "labeler", type: "address" },
      { name: "values", type: "string[]" },
      { name: "actions", type: "uint8[]" },
    ],
  },
  UnsubscribeFromLabeler: {
    functionName: "unsubscribeFromLabelerFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "labeler", type: "address" },
    ],
  },
  SubscribeToList: {
    functionName: "subscribeToListFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "listId", type: "uint256" },
      { name: "mode", type: "uint8" },
    ],
  },
  UnsubscribeFromList: {
    functionName: "unsubscribeFromListFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "listId", type: "uint256" },
    ],
  },
  ...OWNED_ID_ACTIONS,
} as const;

export type KithModerationActionName = keyof typeof KITH_MODERATION_ACTIONS;
export const KITH_MODERATION_ACTION_NAMES = Object.keys(KITH_MODERATION_ACTIONS) as KithModerationActionName[];
export type ModerationActionMessage<A extends KithModerationActionName> = TableActionMessage<typeof KITH_MODERATION_ACTIONS, A>;

/** `IKithModeration.LabelAction` and `ListMode`, as the uint8 they are signed and sent as. */
export const LABEL_ACTIONS = { WARN: 0, HIDE: 1, IGNORE: 2 } as const;
export const LIST_MODES = { MUTE: 0, BLOCK: 1 } as const;

/** The EIP-712 type string of KithModeration action `A`, as its `*_TYPEHASH` hashes it. */
export function moderationActionTypeString(action: KithModerationActionName): string {
  return tableActionTypeString(KITH_MODERATION_ACTIONS, action);
}

/** Everything a wallet signs for a KithModeration action; the nonce is `KithModeration.nonces(signer, lane)`. */
export function moderationActionTypedData<A extends KithModerationActionName>(options: {
  action: A;
  message: ModerationActionMessage<A>;
  nonce: bigint;
  deadline: bigint;
  chainId: number | bigint;
  kithModeration: Address;
}) {
  return tableActionTypedData(KITH_MODERATION_ACTIONS, kithModerationDomain(options.chainId, options.kithModeration), options);
}

// KithChannels signs under its own domain: channels, their moderation and posts into them.
export const KITH_CHANNELS_EIP712_NAME = "Kith Channels";
export const KITH_CHANNELS_EIP712_VERSION = "1";

/** The EIP-712 domain of the KithChannels contract at `verifyingContract` on `chainId`. */
export function kithChannelsDomain(chainId: number | bigint, verifyingContract: Address) {
  return extensionDomain(KITH_CHANNELS_EIP712_NAME, KITH_CHANNELS_EIP712_VERSION, chainId, verifyingContract);
}

/**
 * Every signed action of KithChannels, as KITH_ACTIONS: fields in the order of the arguments of
 * `<action>For`, then nonce and deadline. `membership` (enum `Membership`) is uint8.
 */
export const KITH_CHANNELS_ACTIONS = {
  CreateChannel: {
    functionName: "createChannelFor",
    fields: [
      { name: "name", type: "string" },
      { name: "owner", type: "address" },
      { name: "membership", type: "uint8" },
      { name: "gateToken", type: "address" },
      { name: "minBalance", type: "uint256" },
    ],
  },
  SetRules: {
    functionName: "setRulesFor",
    fields: [
      { name: "channelId", type: "uint256" },
      { name: "membership", type: "uint8" },
      { name: "gateToken", type: "address" },
      { name: "minBalance", type: "uint256" },
    ],
  },
  SetModerator: {
    functionName: "setModeratorFor",
    fields: [
      { name: "channelId", type: "uint256" },
      { name: "account", type: "address" },
      { name: "enabled", type: "bool" },
    ],
  },
  ApproveMember: {
    functionName: "approveMemberFor",
    fields: [
      { name: "channelId", type: "uint256" },
      { name: "profileId", type: "uint256" },
    ],
  },
  SetBanned: {
    functionName: "setBannedFor",
    fields: [
      { name: "channelId", type: "uint256" },
      { name: "profileId", type: "uint256" },
      { name: "banned", type: "bool" },
      { name: "reason", type: "string" },
    ],
  },
  SetPostHidden: {
    functionName: "setPostHiddenFor",
    fields: [
      { name: "channelId", type: "uint256" },
      { name: "postId", type: "uint256" },
      { name: "hidden", type: "bool" },
      { name: "reason", type: "string" },
    ],
  },
  PinPost: {
    functionName: "pinPostFor",
    fields: [
      { name: "channelId", type: "uint256" },
      { name: "postId", type: "uint256" },
    ],
  },
  JoinChannel: {
    functionName: "joinChannelFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "channelId", type: "uint256" },
    ],
  },
  LeaveChannel: {
    functionName: "leaveChannelFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "channelId", type: "uint256" },
    ],
  },
  PostInChannel: {
    functionName: "postInChannelFor",
    fields: [
      { name: "profileId", type: "uint256" },
      { name: "channelId", type: "uint256" },
      { name: "contentHash", type: "bytes32" },
      { name: "uri", type: "string" },
    ],
  },
  ...OWNED_ID_ACTIONS,
} as const;

export type KithChannelsActionName = keyof typeof KITH_CHANNELS_ACTIONS;
export const KITH_CHANNELS_ACTION_NAMES = Object.keys(KITH_CHANNELS_ACTIONS) as KithChannelsActionName[];
export type ChannelsActionMessage<A extends KithChannelsActionName> = TableActionMessage<typeof KITH_CHANNELS_ACTIONS, A>;

/** `IKithChannels.Membership`, as the uint8 it is signed and sent as. */
export const CHANNEL_MEMBERSHIPS = { OPEN: 0, APPROVAL: 1, TOKEN_GATED: 2 } as const;

/** The EIP-712 type string of KithChannels action `A`, as its `*_TYPEHASH` hashes it. */
export function channelsActionTypeString(action: KithChannelsActionName): string {
  return tableActionTypeString(KITH_CHANNELS_ACTIONS, action);
}

/** Everything a wallet signs for a KithChannels action; the nonce is `KithChannels.nonces(signer, lane)`. */
export function channelsActionTypedData<A extends KithChannelsActionName>(options: {
  action: A;
  message: ChannelsActionMessage<A>;
  nonce: bigint;
  deadline: bigint;
  chainId: number | bigint;
  kithChannels: Address;
}) {
  return tableActionTypedData(KITH_CHANNELS_ACTIONS, kithChannelsDomain(options.chainId, options.kithChannels), options);
}
