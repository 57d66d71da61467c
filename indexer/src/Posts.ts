import { ponder } from "ponder:registry";
import { like, notification, post } from "ponder:schema";

import { changeCounters } from "./lib/counters";
import { ordinalOf } from "./lib/events";
import { count, indexPost, KINDS, setRepostsLive } from "./lib/posts";

ponder.on("Kith:Posted", async ({ event, context }) => {
  const { kind, ...args } = event.args;
  await indexPost(context.db, event, { ...args, kind: KINDS[kind]! });
});

ponder.on("Kith:PostDeleted", async ({ event, context }) => {
  const existing = await context.db.find(post, { id: event.args.postId });
  if (!existing || existing.deleted) return; // never posted, or already gone: a no-op
  await context.db.update(post, { id: existing.id }).set({ deleted: true, deletedAt: event.block.timestamp });
  await count(context.db, existing, -1);
  await setRepostsLive(context.db, existing.id, false);
});

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
