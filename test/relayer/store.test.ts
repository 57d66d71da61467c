// The relayer's store across versions: a store written before batches (each transaction belonged to
// one action by relay_id) opens in the current layout with nothing lost, and a pending action in it
// is still found, settled and charged.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";

import { RelayStore } from "../../relayer/store.ts";

/** The layout of stores written before batches (relayer/store.ts at commit 0ae3a8d). */
const SCHEMA_BEFORE_BATCHES = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE relays (
    id TEXT PRIMARY KEY, action TEXT NOT NULL, signer TEXT NOT NULL, nonce TEXT NOT NULL, subject TEXT NOT NULL,
    gas_limit INTEGER NOT NULL, sender_nonce INTEGER NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL, transaction_hash TEXT NOT NULL, block_number INTEGER, gas_used INTEGER, fee TEXT
  );
  CREATE TABLE transactions (
    hash TEXT PRIMARY KEY, relay_id TEXT NOT NULL REFERENCES relays (id), sender_nonce INTEGER NOT NULL,
    max_fee_per_gas TEXT NOT NULL, max_priority_fee_per_gas TEXT NOT NULL, raw TEXT NOT NULL, sent_at INTEGER NOT NULL, status TEXT NOT NULL
  );
`;

const id = `0x${"1".repeat(64)}` as const;
const first = `0x${"a".repeat(64)}` as const;
const replacement = `0x${"b".repeat(64)}` as const;

describe("relayer store", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kith-store-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("opens a store written before batches in the current layout, with its pending action and both its transactions", () => {
    const file = path.join(dir, "old.sqlite");
    const old = new DatabaseSync(file);
    old.exec(SCHEMA_BEFORE_BATCHES);
    old.prepare("INSERT INTO relays VALUES (?, 'Post', '0xsigner', '7', 'profile:3', 73256, 4, 'pending', 1000, 1000, ?, NULL, NULL, NULL)").run(id, replacement);
    const tx = old.prepare("INSERT INTO transactions VALUES (?, ?, 4, ?, '1', '0x02', ?, ?)");
    tx.run(first, id, "10", 1000, "pending");
    tx.run(replacement, id, "12", 2000, "pending");
    old.close();

    const store = new RelayStore(file);
    try {
      const relay = store.relay(id)!;
      assert.equal(relay.sendId, id);
      assert.equal(relay.batchIndex, null);
      assert.equal(relay.transactionHash, replacement);
      assert.deepEqual(store.transactionsOf(id).map((t) => [t.hash, t.sendId, t.maxFeePerGas]), [
        [first, id, "10"],
        [replacement, id, "12"],
      ]);
      assert.deepEqual(store.pendingSends().map((s) => [s.sendId, s.senderNonce, s.relays.length, s.transactions.length]), [[id, 4, 1, 2]]);
      assert.equal(store.claimOf("0xsigner", 7n)?.id, id);
      assert.equal(store.maxSenderNonce(), 4);
      assert.equal(store.reservedWei(), 73256n * 12n);

      store.settle(id, replacement, [{ relayId: id, status: "mined", blockNumber: 9, gasUsed: 42_000, fee: 504_000n }], 3000);
      assert.equal(store.relay(id)!.status, "mined");
      assert.deepEqual(store.transactionsOf(id).map((t) => t.status), ["replaced", "mined"]);
      assert.deepEqual(store.charges(0, "profile:3").map((c) => [c.createdAt, c.gas]), [[1000, 42_000]]);
    } finally {
      store.close();
    }
    // Opening it again changes nothing (the migration ran once).
    const again = new RelayStore(file);
    try {
      assert.equal(again.relay(id)!.status, "mined");
      assert.equal(again.transactionsOf(id).length, 2);
    } finally {
      again.close();
    }
  });
});
