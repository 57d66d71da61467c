import { type Context, ponder } from "ponder:registry";
import { channel, channelMember, channelModerator, channelPostHide, labelEvent, moderationLog } from "ponder:schema";
import { eq } from "ponder";
import { zeroAddress } from "viem";

import { invariant, ordinalOf } from "./lib/events";
import { offerOwnership, transferOwnership } from "./lib/ownership";
import { indexPost } from "./lib/posts";

const MEMBERSHIPS = ["open", "approval", "token_gated"] as const;

type Db = Context["db"];
type ChannelEvent = Parameters<typeof ordinalOf>[0] & { block: { timestamp: bigint }; transaction: { hash: `0x${string}` } };
type LogEntry = Omit<typeof moderationLog.$inferInsert, "channelId" | "ordinal" | "createdAt" | "blockNumber" | "transactionHash">;

/** Appends to the channel's moderation log, at the event's position. */
async function log(db: Db, event: ChannelEvent, channelId: bigint, entry: LogEntry) {
  await db.insert(moderationLog).values({
    channelId,
    ordinal: ordinalOf(event),
    createdAt: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
    ...entry,
  });
}

async function requireChannel(db: Db, channelId: bigint, what: string) {
  const row = await db.find(channel, { id: channelId });
  invariant(row, `${what} of unknown channel ${channelId}`);
  return row;
}

/** Sets the standing of `profileId`, keeping the channel's member count (status "member") exact. */
async function setStatus(db: Db, event: ChannelEvent, channelId: bigint, profileId: bigint, status: "requested" | "member" | "banned" | null) {
  const before = await db.find(channelMember, { channelId, profileId });
  if (status === null) await db.delete(channelMember, { channelId, profileId });
  else {
    const row = { status, ordinal: ordinalOf(event), since: event.block.timestamp };
    await db.insert(channelMember).values({ channelId, profileId, ...row }).onConflictDoUpdate(row);
  }
  const delta = (status === "member" ? 1 : 0) - (before?.status === "member" ? 1 : 0);
  if (delta !== 0) await db.update(channel, { id: channelId }).set((c) => ({ memberCount: c.memberCount + delta }));
  return before;
}

ponder.on("KithChannels:ChannelCreated", async ({ event, context }) => {
  const { channelId, owner, name } = event.args;
  invariant(!(await context.db.find(channel, { id: channelId })), `channel ${channelId} created twice`);
  // The rule comes with RulesChanged in the same transaction (see IKithChannels.ChannelCreated).
  await context.db.insert(channel).values({ id: channelId, name, owner, membership: "open", ordinal: ordinalOf(event), createdAt: event.block.timestamp });
  await log(context.db, event, channelId, { kind: "create", actor: owner });
});

ponder.on("KithChannels:RulesChanged", async ({ event, context }) => {
  const { channelId, membership, gateToken, minBalance } = event.args;
  const row = await requireChannel(context.db, channelId, "RulesChanged");
  const gated = MEMBERSHIPS[membership] === "token_gated";
  await context.db
    .update(channel, { id: channelId })
    .set({ membership: MEMBERSHIPS[membership]!, gateToken: gated ? gateToken : null, minBalance: gated ? minBalance : null });
  await log(context.db, event, channelId, { kind: "rules", actor: row.owner });
});

ponder.on("KithChannels:OwnershipTransferStarted", async ({ event, context }) => {
  await offerOwnership(context.db, channel, "channel", event.args);
});

ponder.on("KithChannels:OwnershipTransferred", async ({ event, context }) => {
  await transferOwnership(context.db, channel, "channel", event.args);
});

// Right after OwnershipTransferred of an accepted transfer (IKithChannels.ModeratorsCleared): the
// new owner starts without the moderators named before.
ponder.on("KithChannels:ModeratorsCleared", async ({ event, context }) => {
  const { channelId } = event.args;
  const row = await requireChannel(context.db, channelId, "ModeratorsCleared");
  await context.db.sql.delete(channelModerator).where(eq(channelModerator.channelId, channelId));
  await log(context.db, event, channelId, { kind: "moderators_cleared", actor: row.owner });
});

ponder.on("KithChannels:ModeratorSet", async ({ event, context }) => {
  const { channelId, account, enabled } = event.args;
  const row = await requireChannel(context.db, channelId, "ModeratorSet");
  if (enabled) {
    await context.db.insert(channelModerator).values({ channelId, account, ordinal: ordinalOf(event) }).onConflictDoNothing();
  } else {
    await context.db.delete(channelModerator, { channelId, account });
  }
  await log(context.db, event, channelId, { kind: enabled ? "moderator_added" : "moderator_removed", actor: row.owner, account });
});

ponder.on("KithChannels:MembershipRequested", async ({ event, context }) => {
  const { channelId, profileId } = event.args;
  await requireChannel(context.db, channelId, "MembershipRequested");
  const before = await setStatus(context.db, event, channelId, profileId, "requested");
  invariant(!before, `MembershipRequested(${channelId},${profileId}) while ${before?.status}`);
});

// A member from MemberJoined until MemberLeft or MemberBanned (IKithChannels).
ponder.on("KithChannels:MemberJoined", async ({ event, context }) => {
  const { channelId, profileId, moderator } = event.args;
  await requireChannel(context.db, channelId, "MemberJoined");
  const before = await setStatus(context.db, event, channelId, profileId, "member");
  const approved = moderator !== zeroAddress;
  invariant(approved ? before?.status === "requested" : !before, `MemberJoined(${channelId},${profileId}) while ${before?.status ?? "not a member"}`);
  if (approved) await log(context.db, event, channelId, { kind: "approve", actor: moderator, profileId });
});

ponder.on("KithChannels:MemberLeft", async ({ event, context }) => {
  const { channelId, profileId } = event.args;
  const before = await setStatus(context.db, event, channelId, profileId, null);
  invariant(before && before.status !== "banned", `MemberLeft(${channelId},${profileId}) while ${before?.status ?? "not a member"}`);
});

ponder.on("KithChannels:MemberBanned", async ({ event, context }) => {
  const { channelId, profileId, moderator, reason } = event.args;
  await requireChannel(context.db, channelId, "MemberBanned");
  const before = await setStatus(context.db, event, channelId, profileId, "banned");
  invariant(before?.status !== "banned", `MemberBanned(${channelId},${profileId}) twice`);
  await log(context.db, event, channelId, { kind: "ban", actor: moderator, profileId, reason });
});

ponder.on("KithChannels:MemberUnbanned", async ({ event, context }) => {
  const { channelId, profileId, moderator, reason } = event.args;
  const before = await setStatus(context.db, event, channelId, profileId, null);
  invariant(before?.status === "banned", `MemberUnbanned(${channelId},${profileId}) without a ban`);
  await log(context.db, event, channelId, { kind: "unban", actor: moderator, profileId, reason });
});

// The latest PostHidden per (channel, post) is in force; the feed applies it to the channel's own
// posts only (the post may be indexed later, or not be in the channel at all).
ponder.on("KithChannels:PostHidden", async ({ event, context }) => {
  const { channelId, postId, moderator, hidden, reason } = event.args;
  await requireChannel(context.db, channelId, "PostHidden");
  const row = { hidden, ordinal: ordinalOf(event) };
  await context.db.insert(channelPostHide).values({ channelId, postId, ...row }).onConflictDoUpdate(row);
  await log(context.db, event, channelId, { kind: hidden ? "hide" : "unhide", actor: moderator, postId, reason });
});

ponder.on("KithChannels:PostPinned", async ({ event, context }) => {
  const { channelId, postId, moderator } = event.args;
  await requireChannel(context.db, channelId, "PostPinned");
  await context.db.update(channel, { id: channelId }).set({ pinnedPostId: postId === 0n ? null : postId });
  await log(context.db, event, channelId, { kind: postId === 0n ? "unpin" : "pin", actor: moderator, postId: postId === 0n ? null : postId });
});

// A channel post is a post (kind post) with its channel: replies, likes, reposts, quotes, tips,
// counters and notifications of it work as for any post.
ponder.on("KithChannels:ChannelPosted", async ({ event, context }) => {
  const { postId, channelId, profileId, actor, contentHash, uri } = event.args;
  const member = await context.db.find(channelMember, { channelId, profileId });
  invariant(member?.status === "member", `ChannelPosted(${channelId}) by ${profileId} while ${member?.status ?? "not a member"}`);
  invariant(postId >> 160n === profileId, `ChannelPosted ${postId} not by its author ${profileId}`);
  await indexPost(context.db, event, { postId, profileId, kind: "post", targetId: 0n, actor, contentHash, uri, channelId });
  // Labels placed on the id before the post existed belong to the channel's log from now on.
  await context.db.sql.update(labelEvent).set({ channelId }).where(eq(labelEvent.subject, postId));
});
