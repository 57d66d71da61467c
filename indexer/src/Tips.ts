import { ponder } from "ponder:registry";
import { notification, post, tip } from "ponder:schema";

import { ordinalOf } from "./lib/events";

ponder.on("KithTips:Tipped", async ({ event, context }) => {
  const { postId, authorId, fromProfileId, tipper, token, amount } = event.args;
  const ordinal = ordinalOf(event);
  await context.db.insert(tip).values({
    ordinal,
    postId,
    authorId,
    fromProfileId: fromProfileId === 0n ? null : fromProfileId,
    tipper,
    token,
    amount,
    createdAt: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  // Totals live on the post row, so a feed page gets them with the posts (no extra query).
  if (await context.db.find(post, { id: postId })) {
    const key = token.toLowerCase();
    await context.db.update(post, { id: postId }).set((p) => {
      const previous = p.tips[key] ?? { total: "0", count: 0 };
      return { tips: { ...p.tips, [key]: { total: String(BigInt(previous.total) + amount), count: previous.count + 1 } } };
    });
  }
  if (fromProfileId !== authorId) {
    await context.db.insert(notification).values({
      recipientId: authorId,
      ordinal,
      kind: "tip",
      actorId: fromProfileId === 0n ? null : fromProfileId,
      subjectId: postId,
      token,
      amount,
      createdAt: event.block.timestamp,
    });
  }
});
