// Inserting a post, shared by Kith's `Posted` and KithChannels' `ChannelPosted`: counters, thread
// roots, early counts and notifications work the same for both.
import type { Context } from "ponder:registry";
import { earlyCount, notification, post, profile } from "ponder:schema";
import { and, eq, ne } from "ponder";

import { changeCounters } from "./counters";
import { ordinalOf } from "./events";

export const KINDS = ["post", "reply", "quote", "repost"] as const;
export type Kind = (typeof KINDS)[number];

type Db = Context["db"];

export interface PostedEvent {
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: `0x${string}` };
}

export interface PostedArgs {
  postId: bigint;
  profileId: bigint;
  kind: Kind;
  /** 0 for a post. */
  targetId: bigint;
  actor: `0x${string}`;
  contentHash: `0x${string}`;
  uri: string;
  /** The channel of a `ChannelPosted` post. */
  channelId?: bigint;
}

/**
 * Adds `delta` (+1 or -1) to the counters a live post contributes to: its author's, and its
 * target's even when the target is not indexed yet (changeCounters).
 */
export async function count(db: Db, row: { authorId: bigint; kind: Kind; targetId: bigint | null }, delta: 1 | -1) {
  if (row.kind !== "repost") {
    await db.update(profile, { id: row.authorId }).set((p) => ({ postCount: p.postCount + delta }));
  }
  if (row.kind === "post" || row.targetId === null) return;
  if (row.kind === "reply") await changeCounters(db, row.targetId, (t) => ({ replyCount: t.replyCount + delta }));
  if (row.kind === "quote") await changeCounters(db, row.targetId, (t) => ({ quoteCount: t.quoteCount + delta }));
  if (row.kind === "repost") await changeCounters(db, row.targetId, (t) => ({ repostCount: t.repostCount + delta }));
}

/** Indexes a `Posted` (or `ChannelPosted`) event: a new post, a duplicate (no-op) or a revival after deletion. */
export async function indexPost(db: Db, event: PostedEvent, args: PostedArgs) {
  const { postId, profileId, targetId, kind, actor, contentHash, uri } = args;
  const placement = {
    ordinal: ordinalOf(event),
    createdAt: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  };
  const existing = await db.find(post, { id: postId });
  if (existing && !existing.deleted) return; // same author, kind, target and digest: a duplicate
  if (existing) {
    // Posted again after its deletion: live again, as of this block (see IKithPosts.Posted).
    await db.update(post, { id: postId }).set({ ...placement, actor, uri, deleted: false, deletedAt: null });
    await setRepostsLive(db, postId, true);
  } else {
    const target = kind === "post" ? undefined : await db.find(post, { id: targetId });
    const parent = kind === "reply" ? target : undefined;
    const rootId = kind === "reply" ? (parent?.rootId ?? targetId) : postId;
    // Replies, quotes, reposts, likes and tips of this post that were indexed before it.
    const early = await db.find(earlyCount, { postId });
    await db.insert(post).values({
      id: postId,
      authorId: profileId,
      kind,
      targetId: kind === "post" ? null : targetId,
      targetAuthorId: kind === "post" ? null : targetId >> 160n,
      targetLive: kind !== "repost" || (target !== undefined && target !== null && !target.deleted),
      rootId,
      contentHash: kind === "repost" ? null : contentHash,
      uri,
      actor,
      channelId: args.channelId ?? null,
      ...placement,
      ...(early && {
        replyCount: early.replyCount,
        quoteCount: early.quoteCount,
        repostCount: early.repostCount,
        likeCount: early.likeCount,
        tips: early.tips,
      }),
    });
    if (early) {
      // Rare (only out of order): set-based statements are fine here.
      await db.delete(earlyCount, { postId });
      await setRepostsLive(db, postId, true);
      // Replies that arrived first took this post as their root; their root is this post's.
      if (rootId !== postId) {
        await db.sql.update(post).set({ rootId }).where(and(eq(post.rootId, postId), ne(post.id, postId)));
      }
    }
  }
  await count(db, { authorId: profileId, kind, targetId: kind === "post" ? null : targetId }, 1);
  const targetAuthorId = targetId >> 160n;
  if (kind !== "post" && targetAuthorId !== profileId) {
    await db
      .insert(notification)
      .values({
        recipientId: targetAuthorId,
        ordinal: placement.ordinal,
        kind,
        actorId: profileId,
        postId,
        subjectId: targetId,
        createdAt: placement.createdAt,
      })
      .onConflictDoNothing();
  }
}

/**
 * Marks the reposts of `postId` live or not, so feeds filter on a column instead of looking up
 * each repost's target. Deletes and revivals are rare: a set-based statement is fine here.
 */
export async function setRepostsLive(db: Db, postId: bigint, live: boolean) {
  await db.sql
    .update(post)
    .set({ targetLive: live })
    .where(and(eq(post.targetId, postId), eq(post.kind, "repost")));
}
