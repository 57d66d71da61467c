// The relayer's batcher: what goes out together, and when.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { Hex } from "viem";

import { Batcher } from "../../relayer/batcher.ts";
import type { Outgoing, Sender } from "../../relayer/sender.ts";

/** A sender that records each send's actions (by id) and answers with a hash per send. */
function recordingSender() {
  const sends: string[][] = [];
  const sender = {
    send: async (outgoings: Outgoing[]) => {
      sends.push(outgoings.map((o) => o.relay.id));
      return `0x${String(sends.length).padStart(64, "0")}` as Hex;
    },
  } as unknown as Sender;
  return { sender, sends };
}

const outgoing = (id: string, gas: bigint): Outgoing => ({
  relay: { id: id as Hex, action: "Post", signer: "0x", nonce: "0", subject: "profile:1" },
  to: "0x0000000000000000000000000000000000000001",
  data: "0x",
  gas,
});

describe("relayer batcher", () => {
  it("sends a full batch at once, and what is left when the window closes", async () => {
    const { sender, sends } = recordingSender();
    const batcher = new Batcher(sender, { windowMs: 50, maxSize: 2 });
    const hashes = await Promise.all(["a", "b", "c"].map((id) => batcher.send(outgoing(id, 100_000n))));
    assert.deepEqual(sends, [["a", "b"], ["c"]]);
    assert.equal(hashes[0], hashes[1]);
    assert.notEqual(hashes[1], hashes[2]);
  });

  it("never lets a batch's gas budgets add up past maxGas: the action that would goes in the next batch", async () => {
    const { sender, sends } = recordingSender();
    const batcher = new Batcher(sender, { windowMs: 50, maxSize: 20, maxGas: 12_000_000n });
    await Promise.all([
      batcher.send(outgoing("a", 5_000_000n)),
      batcher.send(outgoing("b", 5_000_000n)),
      batcher.send(outgoing("c", 5_000_000n)),
      batcher.send(outgoing("d", 1_000_000n)),
    ]);
    assert.deepEqual(sends, [["a", "b"], ["c", "d"]]);
  });

  it("gives every action of a refused send the refusal", async () => {
    const sender = { send: async () => Promise.reject(new Error("underpriced")) } as unknown as Sender;
    const batcher = new Batcher(sender, { windowMs: 10, maxSize: 20 });
    const results = await Promise.allSettled(["a", "b"].map((id) => batcher.send(outgoing(id, 1n))));
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
  });
});
