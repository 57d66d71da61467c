// What the relayer has accepted and sent, on disk (SQLite, through Node's built-in node:sqlite):
// every accepted action and each transaction sent for it, written before the transaction is
// broadcast. A relayer killed at any instruction restarts knowing which of its transactions are
// pending, mined, reverted, replaced or dropped, rebroadcasts what never reached the node, and never
// sends an action under a second sender nonce. A "send" is one transaction (and its replacements)
// carrying one action, or a batch of actions through KithBatch: its rows share a send id. The same rows are the sponsorship ledger: gas spent
// per profile per day and in total per hour are sums over them, so budgets survive restarts too.
import { DatabaseSync } from "node:sqlite";

import type { Hex } from "viem";

/** An accepted action's state: `pending` until one of its transactions is mined (or it is dropped). */
export type RelayStatus = "pending" | "mined" | "reverted" | "dropped";
/** A transaction's state: `replaced` when another transaction for the same action took its place. */
export type TransactionStatus = "pending" | "mined" | "reverted" | "replaced" | "dropped";

export interface RelayRecord {
  /** keccak256 of the signature: what a client can look the action up by. */
  id: Hex;
  action: string;
  signer: string;
  nonce: string;
  /** Whose sponsorship budget pays: `profile:<id>` or `address:<custody>`. */
  subject: string;
  gasLimit: number;
  senderNonce: number;
  status: RelayStatus;
  createdAt: number;
  updatedAt: number;
  /** The transaction that was mined, or the latest one sent. */
  transactionHash: Hex;
  /** The send this action went out in: its own id when alone, the batch's id when batched. */
  sendId: string;
  /** Its position in the batch (KithBatch's call index); null when sent alone. */
  batchIndex: number | null;
  blockNumber: number | null;
  gasUsed: number | null;
  /** Wei paid, once mined. */
  fee: string | null;
}

export interface TransactionRecord {
  hash: Hex;
  /** The send it belongs to (see RelayRecord.sendId). */
  sendId: string;
  senderNonce: number;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** The signed transaction, so it can be broadcast again after a crash or a node restart. */
  raw: Hex;
  sentAt: number;
  status: TransactionStatus;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS relays (
    id TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    signer TEXT NOT NULL,
    nonce TEXT NOT NULL,
    subject TEXT NOT NULL,
    gas_limit INTEGER NOT NULL,
    sender_nonce INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    transaction_hash TEXT NOT NULL,
    block_number INTEGER,
    gas_used INTEGER,
    fee TEXT,
    send_id TEXT NOT NULL,
    batch_index INTEGER
  );
  CREATE INDEX IF NOT EXISTS relays_pending ON relays (status) WHERE status = 'pending';
  CREATE INDEX IF NOT EXISTS relays_claims ON relays (signer, nonce);
  CREATE INDEX IF NOT EXISTS relays_subject ON relays (subject, created_at);
  CREATE INDEX IF NOT EXISTS relays_created ON relays (created_at);
  CREATE INDEX IF NOT EXISTS relays_send ON relays (send_id);
  CREATE TABLE IF NOT EXISTS transactions (
    hash TEXT PRIMARY KEY,
    send_id TEXT NOT NULL,
    sender_nonce INTEGER NOT NULL,
    max_fee_per_gas TEXT NOT NULL,
    max_priority_fee_per_gas TEXT NOT NULL,
    raw TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    status TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS transactions_send ON transactions (send_id);
`;

/**
 * Stores written before batches (transactions belonged to one relay, by relay_id) take the current
 * layout in one transaction: each old action becomes a send of its own, under its own id. The old
 * transactions move aside, SCHEMA creates the new table, and they are copied into it.
 */
const BEFORE_SENDS = `
  ALTER TABLE relays ADD COLUMN send_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE relays ADD COLUMN batch_index INTEGER;
  UPDATE relays SET send_id = id;
  ALTER TABLE transactions RENAME TO transactions_before_sends;
`;
const AFTER_SENDS = `
  INSERT INTO transactions SELECT hash, relay_id, sender_nonce, max_fee_per_gas, max_priority_fee_per_gas, raw, sent_at, status FROM transactions_before_sends;
  DROP TABLE transactions_before_sends;
`;

type Row = Record<string, string | number | null>;

const relayOf = (row: Row): RelayRecord => ({
  id: row.id as Hex,
  action: row.action as string,
  signer: row.signer as string,
  nonce: row.nonce as string,
  subject: row.subject as string,
  gasLimit: row.gas_limit as number,
  senderNonce: row.sender_nonce as number,
  status: row.status as RelayStatus,
  createdAt: row.created_at as number,
  updatedAt: row.updated_at as number,
  transactionHash: row.transaction_hash as Hex,
  sendId: row.send_id as string,
  batchIndex: row.batch_index as number | null,
  blockNumber: row.block_number as number | null,
  gasUsed: row.gas_used as number | null,
  fee: row.fee as string | null,
});

const transactionOf = (row: Row): TransactionRecord => ({
  hash: row.hash as Hex,
  sendId: row.send_id as string,
  senderNonce: row.sender_nonce as number,
  maxFeePerGas: row.max_fee_per_gas as string,
  maxPriorityFeePerGas: row.max_priority_fee_per_gas as string,
  raw: row.raw as Hex,
  sentAt: row.sent_at as number,
  status: row.status as TransactionStatus,
});

export class RelayStore {
  readonly #db: DatabaseSync;

  /** Opens (or creates) the store in `file`; ":memory:" keeps nothing across restarts. */
  constructor(file: string) {
    this.#db = new DatabaseSync(file);
    // WAL with full sync: a commit is on disk before the transaction it records is broadcast.
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    const columns = this.#db.prepare("SELECT name FROM pragma_table_info('transactions')").all() as { name: string }[];
    if (columns.some((column) => column.name === "relay_id")) {
      this.#transaction(() => {
        this.#db.exec(BEFORE_SENDS);
        this.#db.exec(SCHEMA);
        this.#db.exec(AFTER_SENDS);
      });
    } else this.#db.exec(SCHEMA);
  }

  close() {
    this.#db.close();
  }

  /**
   * Binds the store to one chain (by its genesis block), contract and paying account: its signed
   * transactions mean nothing elsewhere, and broadcasting them on another chain would be wrong.
   */
  bind(identity: { chainId: number; genesis: string; kith: string; account: string }) {
    const wanted = JSON.stringify({ ...identity, kith: identity.kith.toLowerCase(), account: identity.account.toLowerCase() });
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = 'identity'").get() as { value: string } | undefined;
    if (!row) this.#db.prepare("INSERT INTO meta (key, value) VALUES ('identity', ?)").run(wanted);
    else if (row.value !== wanted) {
      throw new Error(`this relayer store belongs to ${row.value}, not to ${wanted}: give this chain, contract or account a store of its own`);
    }
  }

  #transaction(work: () => void) {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      work();
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #insertTransaction(tx: TransactionRecord) {
    this.#db
      .prepare(
        `INSERT INTO transactions (hash, send_id, sender_nonce, max_fee_per_gas, max_priority_fee_per_gas, raw, sent_at, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(tx.hash, tx.sendId, tx.senderNonce, tx.maxFeePerGas, tx.maxPriorityFeePerGas, tx.raw, tx.sentAt, tx.status);
  }

  /**
   * Records a send before its transaction is broadcast: its accepted actions (one, or a batch in
   * call order) and its first transaction.
   */
  insert(relays: Omit<RelayRecord, "blockNumber" | "gasUsed" | "fee">[], tx: TransactionRecord) {
    this.#transaction(() => {
      for (const relay of relays) {
        // A signature seen before whose action was dropped or reverted may be sent again: the old
        // attempt's row gives way to the new one (and its transactions, when it went alone).
        this.#db.prepare("DELETE FROM transactions WHERE send_id = ?").run(relay.id);
        this.#db.prepare("DELETE FROM relays WHERE id = ?").run(relay.id);
        this.#db
          .prepare(
            `INSERT INTO relays (id, action, signer, nonce, subject, gas_limit, sender_nonce, status, created_at, updated_at, transaction_hash, send_id, batch_index)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(relay.id, relay.action, relay.signer, relay.nonce, relay.subject, relay.gasLimit, relay.senderNonce, relay.status, relay.createdAt, relay.updatedAt, relay.transactionHash, relay.sendId, relay.batchIndex);
      }
      this.#insertTransaction(tx);
    });
  }

  /** Forgets a send whose first transaction the node refused: it was never sent. */
  forget(sendId: string) {
    this.#transaction(() => {
      this.#db.prepare("DELETE FROM transactions WHERE send_id = ?").run(sendId);
      this.#db.prepare("DELETE FROM relays WHERE send_id = ?").run(sendId);
    });
  }

  /** Records a replacement (same sender nonce, higher fee), before it is broadcast. */
  addReplacement(tx: TransactionRecord) {
    this.#transaction(() => {
      this.#insertTransaction(tx);
      this.#db.prepare("UPDATE relays SET transaction_hash = ?, updated_at = ? WHERE send_id = ?").run(tx.hash, tx.sentAt, tx.sendId);
    });
  }

  /**
   * Settles a send: transaction `hash` was mined (or reverted as a whole), its other transactions
   * were replaced; each action gets its own outcome (in a batch, one call may fail alone).
   */
  settle(
    sendId: string,
    hash: Hex,
    outcomes: { relayId: Hex; status: "mined" | "reverted"; blockNumber: number; gasUsed: number; fee: bigint }[],
    now = Date.now(),
  ) {
    this.#transaction(() => {
      const update = this.#db.prepare("UPDATE relays SET status = ?, transaction_hash = ?, block_number = ?, gas_used = ?, fee = ?, updated_at = ? WHERE id = ?");
      for (const outcome of outcomes) update.run(outcome.status, hash, outcome.blockNumber, outcome.gasUsed, outcome.fee.toString(), now, outcome.relayId);
      const mined = outcomes.some((outcome) => outcome.status === "mined") ? "mined" : "reverted";
      this.#db.prepare("UPDATE transactions SET status = CASE WHEN hash = ? THEN ? ELSE 'replaced' END WHERE send_id = ?").run(hash, mined, sendId);
    });
  }

  /** Marks a send dropped: its sender nonce was used by a transaction the relayer did not send for it. */
  drop(sendId: string, now = Date.now()) {
    this.#transaction(() => {
      this.#db.prepare("UPDATE relays SET status = 'dropped', gas_used = 0, updated_at = ? WHERE send_id = ?").run(now, sendId);
      this.#db.prepare("UPDATE transactions SET status = 'dropped' WHERE send_id = ?").run(sendId);
    });
  }

  /** Pending actions, one by one (what /info counts). */
  pending(): RelayRecord[] {
    return (this.#db.prepare("SELECT * FROM relays WHERE status = 'pending' ORDER BY sender_nonce, batch_index").all() as Row[]).map(relayOf);
  }

  /** Pending sends in sender-nonce order: each with its actions (in call order) and its transactions. */
  pendingSends(): { sendId: string; senderNonce: number; relays: RelayRecord[]; transactions: TransactionRecord[] }[] {
    const sends = new Map<string, RelayRecord[]>();
    for (const relay of this.pending()) sends.set(relay.sendId, [...(sends.get(relay.sendId) ?? []), relay]);
    return [...sends].map(([sendId, relays]) => ({ sendId, senderNonce: relays[0]!.senderNonce, relays, transactions: this.transactionsOf(sendId) }));
  }

  /** The transactions of a send, oldest first. */
  transactionsOf(sendId: string): TransactionRecord[] {
    return (this.#db.prepare("SELECT * FROM transactions WHERE send_id = ? ORDER BY sent_at, rowid").all(sendId) as Row[]).map(transactionOf);
  }

  /** The actions of a send, in call order. */
  relaysOf(sendId: string): RelayRecord[] {
    return (this.#db.prepare("SELECT * FROM relays WHERE send_id = ? ORDER BY batch_index").all(sendId) as Row[]).map(relayOf);
  }

  relay(id: Hex): RelayRecord | undefined {
    const row = this.#db.prepare("SELECT * FROM relays WHERE id = ?").get(id.toLowerCase()) as Row | undefined;
    return row && relayOf(row);
  }

  transaction(hash: Hex): TransactionRecord | undefined {
    const row = this.#db.prepare("SELECT * FROM transactions WHERE hash = ?").get(hash.toLowerCase()) as Row | undefined;
    return row && transactionOf(row);
  }

  /** The pending or mined action of `signer` with `nonce`, if any: the (signer, nonce) claim. */
  claimOf(signer: string, nonce: bigint): RelayRecord | undefined {
    const row = this.#db
      .prepare("SELECT * FROM relays WHERE signer = ? AND nonce = ? AND status IN ('pending', 'mined') LIMIT 1")
      .get(signer.toLowerCase(), nonce.toString()) as Row | undefined;
    return row && relayOf(row);
  }

  /** The highest sender nonce used so far. */
  maxSenderNonce(): number | undefined {
    const row = this.#db.prepare("SELECT MAX(sender_nonce) AS n FROM transactions").get() as Row;
    return row.n === null ? undefined : (row.n as number);
  }

  /**
   * Gas charged since `since` (ms), oldest first, for one subject or (without one) in total: what
   * was used once mined, the whole gas limit while pending, nothing for dropped actions.
   */
  charges(since: number, subject?: string): { createdAt: number; gas: number }[] {
    const sql = `SELECT created_at AS createdAt, COALESCE(gas_used, gas_limit) AS gas FROM relays
                 WHERE created_at >= ? ${subject === undefined ? "" : "AND subject = ?"} AND status != 'dropped' ORDER BY created_at`;
    const args = subject === undefined ? [since] : [since, subject];
    return this.#db.prepare(sql).all(...args) as { createdAt: number; gas: number }[];
  }

  /** Wei the pending transactions may still cost: gas limit times max fee of each action's latest transaction. */
  reservedWei(): bigint {
    const rows = this.#db
      .prepare(
        `SELECT r.gas_limit AS gas, t.max_fee_per_gas AS fee FROM relays r JOIN transactions t ON t.hash = r.transaction_hash WHERE r.status = 'pending'`,
      )
      .all() as { gas: number; fee: string }[];
    return rows.reduce((sum, row) => sum + BigInt(row.gas) * BigInt(row.fee), 0n);
  }
}
