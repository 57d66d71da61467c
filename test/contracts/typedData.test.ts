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
