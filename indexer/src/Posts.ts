import { type Context, ponder } from "ponder:registry";
import { earlyCount, like, notification, post, profile } from "ponder:schema";
import { and, eq, ne } from "ponder";

import { changeCounters } from "./lib/counters";
import { ordinalOf } from "./lib/events";

const KINDS = ["post", "reply", "quote", "repost"] as const;
type Kind = (typeof KINDS)[number];

type Db = Context["db"];

/**
 * Adds `delta` (+1 or -1) to the counters a live post contributes to: its author's, and its
 * target's even when the target is not indexed yet (changeCounters).
 */
async function count(db: Db, row: { authorId: bigint; kind: Kind; targetId: bigint | null }, delta: 1 | -1) {
  if (row.kind !== "repost") {
    await db.update(profile, { id: row.authorId }).set((p) => ({ postCount: p.postCount + delta }));
  }
  if (row.kind === "post" || row.targetId === null) return;
  if (row.kind === "reply") await changeCounters(db, row.targetId, (t) => ({ replyCount: t.replyCount + delta }));
  if (row.kind === "quote") await changeCounters(db, row.targetId, (t) => ({ quoteCount: t.quoteCount + delta }));
  if (row.kind === "repost") await changeCounters(db, row.targetId, (t) => ({ repostCount: t.repostCount + delta }));
}

ponder.on("Kith:Posted", async ({ event, context }) => {
  const { postId, profileId, targetId, kind: kindIndex, actor, contentHash, uri } = event.args;
  const kind = KINDS[kindIndex]!;
  const placement = {
    ordinal: ordinalOf(event),
    createdAt: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  };
  const existing = await context.db.find(post, { id: postId });
  if (existing && !existing.deleted) return; // same author, kind, target and digest: a duplicate
  if (existing) {
    // Posted again after its deletion: live again, as of this block (see IKithPosts.Posted).
    await context.db.update(post, { id: postId }).set({ ...placement, actor, uri, deleted: false, deletedAt: null });
    await setRepostsLive(context.db, postId, true);
  } else {
    const target = kind === "post" ? undefined : await context.db.find(post, { id: targetId });
    const parent = kind === "reply" ? target : undefined;
    const rootId = kind === "reply" ? (parent?.rootId ?? targetId) : postId;
    // Replies, quotes, reposts, likes and tips of this post that were indexed before it.
    const early = await context.db.find(earlyCount, { postId });
    await context.db.insert(post).values({
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
      await context.db.delete(earlyCount, { postId });
      await setRepostsLive(context.db, postId, true);
      // Replies that arrived first took this post as their root; their root is this post's.
      if (rootId !== postId) {
        await context.db.sql.update(post).set({ rootId }).where(and(eq(post.rootId, postId), ne(post.id, postId)));
      }
    }
  }
  await count(context.db, { authorId: profileId, kind, targetId: kind === "post" ? null : targetId }, 1);
  const targetAuthorId = targetId >> 160n;
  if (kind !== "post" && targetAuthorId !== profileId) {
    await context.db
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
});

ponder.on("Kith:PostDeleted", async ({ event, context }) => {
  const existing = await context.db.find(post, { id: event.args.postId });
  if (!existing || existing.deleted) return; // never posted, or already gone: a no-op
  await context.db.update(post, { id: existing.id }).set({ deleted: true, deletedAt: event.block.timestamp });
  await count(context.db, existing, -1);
  await setRepostsLive(context.db, existing.id, false);
});

/**
 * Marks the reposts of `postId` live or not, so feeds filter on a column instead of looking up
 * each repost's target. Deletes and revivals are rare: a set-based statement is fine here.
 */
async function setRepostsLive(db: Db, postId: bigint, live: boolean) {
  await db.sql
    .update(post)
    .set({ targetLive: live })
    .where(and(eq(post.targetId, postId), eq(post.kind, "repost")));
}

// Likes are a set (see IKithPosts.Liked): a repeated Liked or an Unliked without a like is a no-op.
ponder.on("Kith:Liked", async ({ event, context }) => {
  const { postId, profileId, actor } = event.args;
  if (await context.db.find(like, { postId, profileId })) return;
  const ordinal = ordinalOf(event);
  await context.db.insert(like).values({ postId, profileId, actor, ordinal, createdAt: event.block.timestamp });
  await changeCounters(context.db, postId, (p) => ({ likeCount: p.likeCount + 1 }));
  const authorId = postId >> 160n;
  if (authorId !== profileId) {
    await context.db.insert(notification).values({
      recipientId: authorId,
      ordinal,
      kind: "like",
      actorId: profileId,
      subjectId: postId,
      createdAt: event.block.timestamp,
    });
  }
});

ponder.on("Kith:Unliked", async ({ event, context }) => {
  const { postId, profileId } = event.args;
  const existing = await context.db.find(like, { postId, profileId });
  if (!existing) return;
  await context.db.delete(like, { postId, profileId });
  // A like taken back is no longer news: its notification goes too.
  await context.db.delete(notification, { recipientId: postId >> 160n, ordinal: existing.ordinal });
  await changeCounters(context.db, postId, (p) => ({ likeCount: p.likeCount - 1 }));
});
