// The SDK's EIP-712 types are the one TypeScript source of what the contract hashes: each type
// string must hash to the contract's *_TYPEHASH, and the domain must be the contract's.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { readFileSync } from "node:fs";
import path from "node:path";

import { getAddress, keccak256, toBytes, type Address } from "viem";

import { actionTypeString, KITH_ACTION_NAMES, KITH_ACTIONS, kithAbi, kithDomain } from "@kith/sdk";
import { kithTipsDomain, SCOPES, TIP_TOKEN_TYPE_STRING, TIP_TOKEN_TYPES } from "@kith/sdk";
import {
  CHANNEL_MEMBERSHIPS,
  channelsActionTypeString,
  KITH_CHANNELS_ACTION_NAMES,
  KITH_CHANNELS_ACTIONS,
  KITH_MODERATION_ACTION_NAMES,
  KITH_MODERATION_ACTIONS,
  kithChannelsDomain,
  kithModerationDomain,
  LABEL_ACTIONS,
  moderationActionTypeString,
  signChannelsAction,
  signModerationAction,
  type SignedActionTable,
  viemSigner,
} from "@kith/sdk";

const { viem } = await network.create();
const kith = await viem.deployContract("Kith");

/** "FollowBatch" -> "FOLLOW_BATCH_TYPEHASH" */
const constantName = (action: string) => `${action.replace(/(?<!^)([A-Z])/g, "_$1").toUpperCase()}_TYPEHASH`;

describe("EIP-712 typed data", () => {
  for (const action of KITH_ACTION_NAMES) {
    it(`${action}: the SDK type hashes to the contract's ${constantName(action)}`, async () => {
      const onChain = await (kith.read as unknown as Record<string, () => Promise<`0x${string}`>>)[constantName(action)]!();
      assert.equal(keccak256(toBytes(actionTypeString(action))), onChain);
    });
  }

  it("covers every *_TYPEHASH of the contract and every *For function", () => {
    const functions = kithAbi.flatMap((item) => (item.type === "function" ? [item.name as string] : []));
    const typehashes = functions.filter((name) => name.endsWith("_TYPEHASH"));
    assert.deepEqual(typehashes.sort(), KITH_ACTION_NAMES.map(constantName).sort());
    const signedFunctions = functions.filter((name) => name.endsWith("For"));
    assert.deepEqual(signedFunctions.sort(), Object.values(KITH_ACTIONS).map((a) => a.functionName).sort());
  });

  it("has the contract's EIP-5267 domain", async () => {
    const [fields, name, version, chainId, verifyingContract, salt, extensions] = await kith.read.eip712Domain();
    const publicClient = await viem.getPublicClient();
    const domain = kithDomain(await publicClient.getChainId(), kith.address);
    assert.equal(fields, "0x0f"); // name, version, chainId, verifyingContract
    assert.deepEqual(
      { name, version, chainId: Number(chainId), verifyingContract: getAddress(verifyingContract) },
      { ...domain, verifyingContract: getAddress(domain.verifyingContract) },
    );
    assert.equal(salt, `0x${"0".repeat(64)}`);
    assert.deepEqual(extensions, []);
  });
});

/** The contract's EIP-5267 domain, in the SDK's shape. */
async function onChainDomain(contract: { read: { eip712Domain: () => Promise<readonly [string, string, string, bigint, Address, string, readonly bigint[]]> } }) {
  const [fields, name, version, chainId, verifyingContract, salt, extensions] = await contract.read.eip712Domain();
  assert.equal(fields, "0x0f"); // name, version, chainId, verifyingContract
  assert.equal(salt, `0x${"0".repeat(64)}`);
  assert.deepEqual(extensions, []);
  return { name, version, chainId: Number(chainId), verifyingContract: getAddress(verifyingContract) };
}

describe("EIP-712 typed data of KithTips", () => {
  it("TipToken: the SDK type hashes to KithTips.TIP_TOKEN_TYPEHASH, field by field in tipTokenFor's order", async () => {
    const tips = await viem.deployContract("KithTips", [kith.address]);
    assert.equal(keccak256(toBytes(TIP_TOKEN_TYPE_STRING)), await tips.read.TIP_TOKEN_TYPEHASH());
    const tipTokenFor = tips.abi.find((item) => item.type === "function" && item.name === "tipTokenFor")!;
    const argumentNames = (tipTokenFor as { inputs: readonly { name: string }[] }).inputs.map((input) => input.name);
    assert.deepEqual([...argumentNames.slice(0, -1), "nonce", "deadline"], TIP_TOKEN_TYPES.TipToken.map((f) => f.name));
  });

  it('has the contract\'s EIP-5267 domain ("Kith Tips", version 1)', async () => {
    const tips = await viem.deployContract("KithTips", [kith.address]);
    const chainId = await (await viem.getPublicClient()).getChainId();
    const domain = kithTipsDomain(chainId, tips.address);
    assert.deepEqual(await onChainDomain(tips), { ...domain, verifyingContract: getAddress(domain.verifyingContract) });
  });
});

describe("app key scopes", () => {
  it("SCOPES are the bits of contracts/libraries/Scopes.sol", () => {
    const source = readFileSync(path.resolve(import.meta.dirname, "..", "..", "contracts", "libraries", "Scopes.sol"), "utf8");
    const bits = Object.fromEntries(
      [...source.matchAll(/uint256 internal constant (\w+) = (\d+);/g)].map(([, name, value]) => [name, BigInt(value!)]),
    );
    const { ALL, ...single } = SCOPES;
    assert.deepEqual(bits, single);
    assert.equal(ALL, Object.values(single).reduce((a: bigint, b) => a | b, 0n));
  });

  it("the contract accepts SCOPES.ALL and refuses any bit above it (InvalidScopes)", async () => {
    const [custody, key] = await viem.getWalletClients();
    const local = await viem.deployContract("Kith");
    await local.write.register(["scoper", custody!.account.address, `0x${"0".repeat(64)}`]);
    await local.write.addAppKey([1n, key!.account.address, SCOPES.ALL, 2n ** 40n]);
    const [scopes] = await local.read.appKeyOf([1n, key!.account.address]);
    assert.equal(scopes, SCOPES.ALL);
    await viem.assertions.revertWithCustomErrorWithArgs(
      local.write.addAppKey([1n, key!.account.address, SCOPES.ALL + 1n, 2n ** 40n]),
      local,
      "InvalidScopes",
      [SCOPES.ALL + 1n],
    );
  });
});

// KithModeration and KithChannels: their own domains, their own tables (with KithOwnedIds' two
// actions each), proven against the contracts the same way as Kith's.
const moderation = await viem.deployContract("KithModeration", [kith.address]);
const channels = await viem.deployContract("KithChannels", [kith.address]);

const extensions = [
  {
    contractName: "KithModeration",
    contract: moderation,
    table: KITH_MODERATION_ACTIONS as SignedActionTable,
    names: KITH_MODERATION_ACTION_NAMES as string[],
    typeString: moderationActionTypeString as (action: string) => string,
    domain: kithModerationDomain,
    domainName: "Kith Moderation",
  },
  {
    contractName: "KithChannels",
    contract: channels,
    table: KITH_CHANNELS_ACTIONS as SignedActionTable,
    names: KITH_CHANNELS_ACTION_NAMES as string[],
    typeString: channelsActionTypeString as (action: string) => string,
    domain: kithChannelsDomain,
    domainName: "Kith Channels",
  },
];

for (const { contractName, contract, table, names, typeString, domain, domainName } of extensions) {
  describe(`EIP-712 typed data of ${contractName}`, () => {
    const abiFunctions = contract.abi.flatMap((item) => (item.type === "function" ? [item] : []));

    for (const action of names) {
      it(`${action}: the SDK type hashes to ${contractName}.${constantName(action)}, field by field in ${table[action]!.functionName}'s arguments`, async () => {
        const read = contract.read as unknown as Record<string, () => Promise<`0x${string}`>>;
        assert.equal(keccak256(toBytes(typeString(action))), await read[constantName(action)]!());
        const signedFunction = abiFunctions.find((item) => item.name === table[action]!.functionName)!;
        const [auth, ...reversed] = [...signedFunction.inputs].reverse();
        assert.equal(auth!.name, "auth");
        assert.deepEqual(
          reversed.reverse().map((input) => `${input.type} ${input.name}`),
          table[action]!.fields.map((field) => `${field.type} ${field.name}`),
        );
      });
    }

    it("covers every *_TYPEHASH of the contract and every *For function", () => {
      const functions = abiFunctions.map((item) => item.name as string);
      assert.deepEqual(functions.filter((name) => name.endsWith("_TYPEHASH")).sort(), names.map(constantName).sort());
      assert.deepEqual(
        functions.filter((name) => name.endsWith("For")).sort(),
        Object.values(table).map((a) => a.functionName).sort(),
      );
    });

    it(`has the contract's EIP-5267 domain ("${domainName}", version 1)`, async () => {
      const chainId = await (await viem.getPublicClient()).getChainId();
      const expected = domain(chainId, contract.address);
      assert.equal(expected.name, domainName);
      assert.deepEqual(await onChainDomain(contract), { ...expected, verifyingContract: getAddress(expected.verifyingContract) });
    });
  });
}

describe("signed actions of KithModeration and KithChannels, made with the SDK and viem", () => {
  const zeroHash = `0x${"0".repeat(64)}` as const;

  it("KithModeration: a relayer submits alice's signed SubscribeToLabeler (string[] and uint8[]) and the contract accepts it", async () => {
    const [relayer, alice, labeler] = await viem.getWalletClients();
    const local = await viem.deployContract("Kith");
    const localModeration = await viem.deployContract("KithModeration", [local.address]);
    await local.write.register(["alice", alice!.account.address, zeroHash], { account: alice!.account });
    const chainId = await (await viem.getPublicClient()).getChainId();

    const signed = await signModerationAction({
      signer: viemSigner(alice!),
      action: "SubscribeToLabeler",
      message: {
        profileId: 1n,
        labeler: labeler!.account.address,
        values: ["spam", "nsfw"],
        actions: [LABEL_ACTIONS.HIDE, LABEL_ACTIONS.IGNORE],
      },
      nonce: await localModeration.read.nonces([alice!.account.address, 0n]),
      chainId,
      kithModeration: localModeration.address,
    });
    assert.equal(signed.call.functionName, "subscribeToLabelerFor");

    const write = localModeration.write as unknown as Record<string, (args: unknown[], options: object) => Promise<`0x${string}`>>;
    await viem.assertions.emitWithArgs(
      write[signed.call.functionName]!(signed.call.args, { account: relayer!.account }),
      localModeration,
      "LabelPolicySet",
      [1n, getAddress(labeler!.account.address), "nsfw", LABEL_ACTIONS.IGNORE],
    );
    assert.equal(await localModeration.read.nonces([alice!.account.address, 0n]), 1n, "alice's nonce on KithModeration used");
  });

  it("KithChannels: a relayer submits a signed CreateChannel (uint8 enum) and alice's signed PostInChannel; the contract accepts both", async () => {
    const [relayer, alice, founder] = await viem.getWalletClients();
    const local = await viem.deployContract("Kith");
    const localChannels = await viem.deployContract("KithChannels", [local.address]);
    await local.write.register(["alice", alice!.account.address, zeroHash], { account: alice!.account });
    const chainId = await (await viem.getPublicClient()).getChainId();
    const write = localChannels.write as unknown as Record<string, (args: unknown[], options: object) => Promise<`0x${string}`>>;
    const sign = async <A extends "CreateChannel" | "PostInChannel">(signer: typeof alice, action: A, message: Parameters<typeof signChannelsAction<A>>[0]["message"]) =>
      signChannelsAction({
        signer: viemSigner(signer!),
        action,
        message,
        nonce: await localChannels.read.nonces([signer!.account.address, 0n]),
        chainId,
        kithChannels: localChannels.address,
      });

    const created = await sign(founder, "CreateChannel", {
      name: "builders",
      owner: founder!.account.address,
      membership: CHANNEL_MEMBERSHIPS.OPEN,
      gateToken: "0x0000000000000000000000000000000000000000",
      minBalance: 0n,
    });
    await viem.assertions.emitWithArgs(
      write[created.call.functionName]!(created.call.args, { account: relayer!.account }),
      localChannels,
      "ChannelCreated",
      [1n, getAddress(founder!.account.address), "builders"],
    );

    await localChannels.write.joinChannel([1n, 1n], { account: alice!.account });
    const contentHash = keccak256(toBytes("gm builders"));
    const posted = await sign(alice, "PostInChannel", { profileId: 1n, channelId: 1n, contentHash, uri: "ipfs://gm" });
    const postId = await localChannels.read.computeChannelPostId([1n, 1n, contentHash]);
    await viem.assertions.emitWithArgs(
      write[posted.call.functionName]!(posted.call.args, { account: relayer!.account }),
      localChannels,
      "ChannelPosted",
      [postId, 1n, 1n, getAddress(alice!.account.address), contentHash, "ipfs://gm"],
    );
  });
});
