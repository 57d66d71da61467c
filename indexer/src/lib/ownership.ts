// Two-step ownership of moderation lists and channels (IKithOwnedIds), one helper for both tables.
import type { Context } from "ponder:registry";
import { channel, moderationList } from "ponder:schema";
import { zeroAddress } from "viem";

import { invariant } from "./events";

type Db = Context["db"];
type Owned = typeof channel | typeof moderationList;

/** `OwnershipTransferStarted`: `to` is offered `id` (the zero address withdraws the offer). */
export async function offerOwnership(db: Db, table: Owned, what: string, args: { id: bigint; from: `0x${string}`; to: `0x${string}` }) {
  const row = await db.find(table, { id: args.id });
  invariant(row, `OwnershipTransferStarted of unknown ${what} ${args.id}`);
  invariant(sameAddress(row.owner, args.from), `OwnershipTransferStarted of ${what} ${args.id} from ${args.from}, owned by ${row.owner}`);
  await db.update(table, { id: args.id }).set({ pendingOwner: args.to === zeroAddress ? null : args.to });
}

/**
 * `OwnershipTransferred`: the first one of an id (from zero) names the owner its creation event
 * already recorded; each later one starts from the previous owner (see IKithOwnedIds).
 */
export async function transferOwnership(db: Db, table: Owned, what: string, args: { id: bigint; from: `0x${string}`; to: `0x${string}` }) {
  const row = await db.find(table, { id: args.id });
  invariant(row, `OwnershipTransferred of unknown ${what} ${args.id}`);
  const previous = args.from === zeroAddress ? args.to : args.from;
  invariant(sameAddress(row.owner, previous), `OwnershipTransferred of ${what} ${args.id} from ${args.from}, owned by ${row.owner}`);
  await db.update(table, { id: args.id }).set({ owner: args.to, pendingOwner: null });
}

export const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
