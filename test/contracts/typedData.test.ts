// The SDK's EIP-712 types are the one TypeScript source of what the contract hashes: each type
// string must hash to the contract's *_TYPEHASH, and the domain must be the contract's.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { getAddress, keccak256, toBytes } from "viem";

import { kithAbi } from "../../sdk/src/abis.ts";
import { actionTypeString, KITH_ACTION_NAMES, KITH_ACTIONS, kithDomain } from "../../sdk/src/typedData.ts";

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
