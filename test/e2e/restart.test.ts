// A second local chain indexed into the same Postgres database as an earlier one (what
// `npm start -- --postgres <url>` does on every start). Ponder keeps its RPC cache in the
// database's `ponder_sync` schema, shared by every schema and keyed by chain id and block number;
// each fresh anvil chain 31337 has other contents under the same numbers and, Kith being deployed
// by the same account, the same contract addresses. The index must show the new chain only.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";

import { zeroHash } from "viem";

import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { type Stack, startStack } from "./stack.ts";

const databaseUrl = process.env.KITH_TEST_DATABASE_URL;
const owner = devAccount(1);
/** More blocks than Ponder leaves to its realtime sync on chain 31337, so some get cached. */
const BLOCKS = 64;

async function chainWithProfile(handle: string): Promise<{ stack: Stack; head: bigint }> {
  const stack = await startStack();
  await stack.send(owner, (k) => k.write.register([handle, owner.address, zeroHash]));
  const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, owner);
  await publicClient.request({ method: "anvil_mine" as never, params: [`0x${BLOCKS.toString(16)}`] as never });
  return { stack, head: await publicClient.getBlockNumber() };
}

describe("a fresh local chain indexed into a Postgres database that indexed another one", {
  skip: databaseUrl ? false : "KITH_TEST_DATABASE_URL is not set: SKIPPED (`.ci/run` sets it)",
}, () => {
  let running: Stack | undefined;
  after(() => running?.stop());

  it("shows the second chain's profile, not the first one's from Ponder's cache", async () => {
    const first = await chainWithProfile("ann");
    running = first.stack;
    const firstIndexer = await first.stack.startIndexer({ databaseUrl });
    await firstIndexer.waitForBlock(first.head);
    assert.deepEqual((await firstIndexer.request(`{ profile(id: "1") { handle } }`)).data, { profile: { handle: "ann" } });
    await first.stack.stop();
    running = undefined;

    const second = await chainWithProfile("bea");
    running = second.stack;
    assert.equal(second.stack.deployment.contracts.Kith.address, first.stack.deployment.contracts.Kith.address);
    const secondIndexer = await second.stack.startIndexer({ databaseUrl });
    await secondIndexer.waitForBlock(second.head);
    assert.deepEqual((await secondIndexer.request(`{ profile(id: "1") { handle } }`)).data, { profile: { handle: "bea" } });
  });
});
