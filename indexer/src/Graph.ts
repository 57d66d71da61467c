import { ponder } from "ponder:registry";
import { block, follow, notification, profile } from "ponder:schema";

import { invariant, ordinalOf } from "./lib/events";

// The contract guarantees Followed/Unfollowed alternate per pair (see IKithGraph): the handlers
// check it, so a broken guarantee stops the indexer instead of skewing counts.

ponder.on("Kith:Followed", async ({ event, context }) => {
  const { followerId, followeeId } = event.args;
  invariant(!(await context.db.find(follow, { followerId, followeeId })), `Followed(${followerId},${followeeId}) twice`);
  await context.db.insert(follow).values({
    followerId,
    followeeId,
    ordinal: ordinalOf(event),
    createdAt: event.block.timestamp,
  });
  const mutual = (await context.db.find(follow, { followerId: followeeId, followeeId: followerId })) ? 1 : 0;
  await context.db
    .update(profile, { id: followerId })
    .set((row) => ({ followingCount: row.followingCount + 1, mutualCount: row.mutualCount + mutual }));
  await context.db
    .update(profile, { id: followeeId })
    .set((row) => ({ followerCount: row.followerCount + 1, mutualCount: row.mutualCount + mutual }));
  await context.db.insert(notification).values({
    recipientId: followeeId,
    ordinal: ordinalOf(event),
    kind: "follow",
    actorId: followerId,
    createdAt: event.block.timestamp,
  });
});

ponder.on("Kith:Unfollowed", async ({ event, context }) => {
  const { followerId, followeeId } = event.args;
  const existing = await context.db.find(follow, { followerId, followeeId });
  invariant(existing, `Unfollowed(${followerId},${followeeId}) without a follow`);
  await context.db.delete(follow, { followerId, followeeId });
  // The "new follower" notification of a follow that ended is no longer news.
  await context.db.delete(notification, { recipientId: followeeId, ordinal: existing.ordinal });
  const mutual = (await context.db.find(follow, { followerId: followeeId, followeeId: followerId })) ? 1 : 0;
  await context.db
    .update(profile, { id: followerId })
    .set((row) => ({ followingCount: row.followingCount - 1, mutualCount: row.mutualCount - mutual }));
  await context.db
    .update(profile, { id: followeeId })
    .set((row) => ({ followerCount: row.followerCount - 1, mutualCount: row.mutualCount - mutual }));
});

ponder.on("Kith:Blocked", async ({ event, context }) => {
  const { blockerId, blockedId } = event.args;
  await context.db.insert(block).values({
    blockerId,
    blockedId,
    ordinal: ordinalOf(event),
    createdAt: event.block.timestamp,
  });
});

ponder.on("Kith:Unblocked", async ({ event, context }) => {
  const { blockerId, blockedId } = event.args;
  const removed = await context.db.delete(block, { blockerId, blockedId });
  invariant(removed, `Unblocked(${blockerId},${blockedId}) without a block`);
});
