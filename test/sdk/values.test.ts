// The SDK's one uint256 parser and one revert decoder, used by the relayer and the CLI.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { encodeErrorResult } from "viem";

import { decodeKithRevert, formatKithRevert, kithAbi, kithChannelsAbi, kithModerationAbi, kithTipsAbi, MAX_UINT256, parseUint256 } from "@kith/sdk";

describe("SDK values", () => {
  it("parseUint256 reads decimal uint256s and nothing else", () => {
    assert.equal(parseUint256("0"), 0n);
    assert.equal(parseUint256("42"), 42n);
    assert.equal(parseUint256(7), 7n);
    assert.equal(parseUint256(MAX_UINT256.toString()), MAX_UINT256);
    for (const bad of [(MAX_UINT256 + 1n).toString(), "-1", "1.5", "0x10", " 1", "", "1e3", -1, 1.5, Number.MAX_SAFE_INTEGER + 1, null, undefined, {}, "1".repeat(79)]) {
      assert.equal(parseUint256(bad), undefined, String(bad));
    }
  });

  it("decodeKithRevert names Kith's, KithTips', KithModeration's and KithChannels' errors with their arguments, and nothing else", () => {
    const taken = encodeErrorResult({ abi: kithAbi, errorName: "HandleTaken", args: ["alice", 1n] });
    const revert = decodeKithRevert(taken)!;
    assert.deepEqual({ name: revert.errorName, args: revert.args }, { name: "HandleTaken", args: ["alice", 1n] });
    assert.equal(formatKithRevert(revert), "HandleTaken(handle=alice, ownerId=1)");
    const nothing = encodeErrorResult({ abi: kithTipsAbi, errorName: "NothingToWithdraw", args: [3n, "0x0000000000000000000000000000000000000000"] });
    assert.equal(formatKithRevert(decodeKithRevert(nothing)!), "NothingToWithdraw(profileId=3, token=0x0000000000000000000000000000000000000000)");
    const label = encodeErrorResult({ abi: kithModerationAbi, errorName: "InvalidLabel", args: ["Spam", 0n] });
    assert.equal(formatKithRevert(decodeKithRevert(label)!), "InvalidLabel(value=Spam, index=0)");
    const banned = encodeErrorResult({ abi: kithChannelsAbi, errorName: "Banned", args: [1n, 2n] });
    assert.equal(formatKithRevert(decodeKithRevert(banned)!), "Banned(channelId=1, profileId=2)");
    assert.equal(decodeKithRevert("0x08c379a0"), undefined);
    assert.equal(decodeKithRevert(new Error("not a revert")), undefined);
  });
});
