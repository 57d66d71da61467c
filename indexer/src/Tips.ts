import { ponder } from "ponder:registry";
import { notification, tip } from "ponder:schema";

import { addTip, changeCounters } from "./lib/counters";
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
  await changeCounters(context.db, postId, (p) => ({ tips: addTip(p.tips, token, amount) }));
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
