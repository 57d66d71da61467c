import { type Context, ponder } from "ponder:registry";
import { label, labelEvent, post, labelerSubscription, labelPolicy, listMember, listSubscription, moderationList } from "ponder:schema";
import { and, eq } from "ponder";

import { invariant, ordinalOf } from "./lib/events";
import { offerOwnership, transferOwnership } from "./lib/ownership";

const ACTIONS = ["warn", "hide", "ignore"] as const;
const MODES = ["mute", "block"] as const;

const placed = (event: { block: { number: bigint; timestamp: bigint }; log: { logIndex: number }; transaction: { hash: `0x${string}` } }) => ({
  ordinal: ordinalOf(event),
  createdAt: event.block.timestamp,
  transactionHash: event.transaction.hash,
});

// The latest Labeled or LabelNegated of a (labeler, subject, value) is in force (IKithModeration):
// one row per triple, replaced by each event. Subjects are not checked to exist: the row is keyed
// by the subject id and joined at read, so it applies to a post indexed later.
/** The channel of the labelled post, if it is indexed (ChannelPosted fills it for later posts). */
async function channelOf(db: Context["db"], subject: bigint) {
  return (await db.find(post, { id: subject }))?.channelId ?? null;
}

ponder.on("KithModeration:Labeled", async ({ event, context }) => {
  const { labeler, subject, value, expiry } = event.args;
  invariant(subject !== 0n, "Labeled with subject 0");
  const row = { expiry: expiry === 0n ? null : expiry, negated: false, ...placed(event) };
  await context.db.insert(label).values({ labeler, subject, value, ...row }).onConflictDoUpdate(row);
  await context.db.insert(labelEvent).values({ labeler, subject, value, negated: false, channelId: await channelOf(context.db, subject), blockNumber: event.block.number, ...placed(event) });
});

ponder.on("KithModeration:LabelNegated", async ({ event, context }) => {
  const { labeler, subject, value } = event.args;
  const row = { expiry: null, negated: true, ...placed(event) };
  await context.db.insert(label).values({ labeler, subject, value, ...row }).onConflictDoUpdate(row);
  await context.db.insert(labelEvent).values({ labeler, subject, value, negated: true, channelId: await channelOf(context.db, subject), blockNumber: event.block.number, ...placed(event) });
});

ponder.on("KithModeration:ListCreated", async ({ event, context }) => {
  const { listId, owner, name } = event.args;
  invariant(!(await context.db.find(moderationList, { id: listId })), `list ${listId} created twice`);
  const { ordinal, createdAt } = placed(event);
  await context.db.insert(moderationList).values({ id: listId, name, owner, ordinal, createdAt });
});

ponder.on("KithModeration:OwnershipTransferStarted", async ({ event, context }) => {
  await offerOwnership(context.db, moderationList, "list", event.args);
});

ponder.on("KithModeration:OwnershipTransferred", async ({ event, context }) => {
  await transferOwnership(context.db, moderationList, "list", event.args);
});

// Members may be added again without a removal, and removed when they are not members.
ponder.on("KithModeration:ListMemberAdded", async ({ event, context }) => {
  const { listId, profileId } = event.args;
  invariant(await context.db.find(moderationList, { id: listId }), `ListMemberAdded to unknown list ${listId}`);
  const row = { ordinal: ordinalOf(event), addedAt: event.block.timestamp };
  const known = await context.db.find(listMember, { listId, profileId });
  await context.db.insert(listMember).values({ listId, profileId, ...row }).onConflictDoUpdate(row);
  if (!known) await context.db.update(moderationList, { id: listId }).set((l) => ({ memberCount: l.memberCount + 1 }));
});

ponder.on("KithModeration:ListMemberRemoved", async ({ event, context }) => {
  const { listId, profileId } = event.args;
  if (await context.db.delete(listMember, { listId, profileId })) {
    await context.db.update(moderationList, { id: listId }).set((l) => ({ memberCount: l.memberCount - 1 }));
  }
});

// Subscribing again keeps the policies; unsubscribing forgets them.
ponder.on("KithModeration:LabelerSubscribed", async ({ event, context }) => {
  const { profileId, labeler } = event.args;
  const row = { subscribedAt: event.block.timestamp, ordinal: ordinalOf(event) };
  await context.db.insert(labelerSubscription).values({ profileId, labeler, ...row }).onConflictDoNothing();
});

ponder.on("KithModeration:LabelPolicySet", async ({ event, context }) => {
  const { profileId, labeler, value, action } = event.args;
  invariant(await context.db.find(labelerSubscription, { profileId, labeler }), `LabelPolicySet(${profileId},${labeler}) without a subscription`);
  const row = { action: ACTIONS[action]!, ordinal: ordinalOf(event) };
  await context.db.insert(labelPolicy).values({ profileId, labeler, value, ...row }).onConflictDoUpdate(row);
});

ponder.on("KithModeration:LabelerUnsubscribed", async ({ event, context }) => {
  const { profileId, labeler } = event.args;
  await context.db.delete(labelerSubscription, { profileId, labeler });
  // Rare: a set-based statement is fine here.
  await context.db.sql.delete(labelPolicy).where(and(eq(labelPolicy.profileId, profileId), eq(labelPolicy.labeler, labeler)));
});

ponder.on("KithModeration:ListSubscribed", async ({ event, context }) => {
  const { profileId, listId, mode } = event.args;
  invariant(await context.db.find(moderationList, { id: listId }), `ListSubscribed to unknown list ${listId}`);
  const existing = await context.db.find(listSubscription, { profileId, listId });
  if (existing) {
    await context.db.update(listSubscription, { profileId, listId }).set({ mode: MODES[mode]! });
    return;
  }
  await context.db
    .insert(listSubscription)
    .values({ profileId, listId, mode: MODES[mode]!, subscribedAt: event.block.timestamp, ordinal: ordinalOf(event) });
  await context.db.update(moderationList, { id: listId }).set((l) => ({ subscriberCount: l.subscriberCount + 1 }));
});

ponder.on("KithModeration:ListUnsubscribed", async ({ event, context }) => {
  const { profileId, listId } = event.args;
  if (await context.db.delete(listSubscription, { profileId, listId })) {
    await context.db.update(moderationList, { id: listId }).set((l) => ({ subscriberCount: l.subscriberCount - 1 }));
  }
});
