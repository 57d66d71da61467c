// Kith tables. Rows are derived from Kith's events only; the GraphQL API in src/api reads them.
// Lists are ordered by `ordinal` = blockNumber * 2^24 + logIndex: unique per event, increasing
// along the chain, so it is both the sort key and the pagination cursor.
import { index, onchainEnum, onchainTable, primaryKey } from "ponder";

export const postKind = onchainEnum("post_kind", ["post", "reply", "quote", "repost"]);
export const notificationKind = onchainEnum("notification_kind", ["follow", "reply", "quote", "repost", "like", "tip"]);

export const profile = onchainTable(
  "profile",
  (t) => ({
    id: t.bigint().primaryKey(),
    handle: t.text().notNull(),
    custody: t.hex().notNull(),
    recovery: t.hex().notNull(),
    pendingCustody: t.hex(),
    metadataHash: t.hex().notNull(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    followerCount: t.integer().notNull().default(0),
    followingCount: t.integer().notNull().default(0),
    /** Live (not deleted) posts, replies and quotes; reposts are not counted. */
    postCount: t.integer().notNull().default(0),
    /** Profiles this one follows that follow it back. */
    mutualCount: t.integer().notNull().default(0),
  }),
  (table) => ({
    // text_pattern_ops: `handle LIKE 'pre%'` (prefix search) uses this index whatever the collation.
    handleIdx: index().on(table.handle.op("text_pattern_ops")),
    custodyIdx: index().on(table.custody),
    metadataIdx: index().on(table.metadataHash),
  }),
);

export const follow = onchainTable(
  "follow",
  (t) => ({
    followerId: t.bigint().notNull(),
    followeeId: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.followerId, table.followeeId] }),
    followersIdx: index().on(table.followeeId, table.ordinal),
    followingIdx: index().on(table.followerId, table.ordinal),
  }),
);

export const block = onchainTable(
  "block",
  (t) => ({
    blockerId: t.bigint().notNull(),
    blockedId: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.blockerId, table.blockedId] }),
    blockedIdx: index().on(table.blockedId),
  }),
);

export const post = onchainTable(
  "post",
  (t) => ({
    id: t.bigint().primaryKey(),
    authorId: t.bigint().notNull(),
    kind: postKind("kind").notNull(),
    /** Parent (reply), quoted post (quote) or reposted post (repost); null for a post. */
    targetId: t.bigint(),
    /** Author of the target (encoded in its id), so feeds can leave out blocked authors. */
    targetAuthorId: t.bigint(),
    /** False for a repost whose target is deleted or not posted (yet): feeds leave it out. */
    targetLive: t.boolean().notNull().default(true),
    /** First post of the thread: itself for anything but a reply; for a reply, its parent's root (its parent while that is not posted yet). */
    rootId: t.bigint().notNull(),
    contentHash: t.hex(),
    uri: t.text().notNull(),
    /** Address that authorized the post: the custody or an app key. */
    actor: t.hex().notNull(),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    /** The channel a `ChannelPosted` post went into; null for posts outside channels. */
    channelId: t.bigint(),
    deleted: t.boolean().notNull().default(false),
    deletedAt: t.bigint(),
    replyCount: t.integer().notNull().default(0),
    quoteCount: t.integer().notNull().default(0),
    repostCount: t.integer().notNull().default(0),
    likeCount: t.integer().notNull().default(0),
    /** Tips per token (the zero address for ETH): { [token]: { total, count } }, totals as decimal strings. */
    tips: t.json().$type<Record<string, { total: string; count: number }>>().notNull().default({}),
  }),
  (table) => ({
    authorIdx: index().on(table.authorId, table.ordinal),
    // Home feeds of profiles that follow many others walk all posts newest first (see store.ts).
    ordinalIdx: index().on(table.ordinal),
    targetIdx: index().on(table.targetId, table.ordinal),
    rootIdx: index().on(table.rootId),
    contentIdx: index().on(table.contentHash),
    channelIdx: index().on(table.channelId, table.ordinal),
  }),
);

/**
 * What events that arrived before their post (post ids are known before sending, and reorgs re-order)
 * added to its counters: a reply, quote, repost, like or tip of a post that does not exist (yet).
 * Created by the first such event, merged into the post row and deleted when the post arrives.
 */
export const earlyCount = onchainTable("early_count", (t) => ({
  postId: t.bigint().primaryKey(),
  replyCount: t.integer().notNull().default(0),
  quoteCount: t.integer().notNull().default(0),
  repostCount: t.integer().notNull().default(0),
  likeCount: t.integer().notNull().default(0),
  tips: t.json().$type<Record<string, { total: string; count: number }>>().notNull().default({}),
}));

export const like = onchainTable(
  "like",
  (t) => ({
    postId: t.bigint().notNull(),
    profileId: t.bigint().notNull(),
    actor: t.hex().notNull(),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.postId, table.profileId] }),
    postIdx: index().on(table.postId, table.ordinal),
  }),
);

/** One row per Tipped event. */
export const tip = onchainTable(
  "tip",
  (t) => ({
    ordinal: t.bigint().primaryKey(),
    postId: t.bigint().notNull(),
    authorId: t.bigint().notNull(),
    /** Null for an anonymous tip. */
    fromProfileId: t.bigint(),
    tipper: t.hex().notNull(),
    /** The zero address for ETH. */
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    postIdx: index().on(table.postId, table.ordinal),
  }),
);

/** What happened to a profile, newest first by (recipientId, ordinal): its primary key. */
export const notification = onchainTable(
  "notification",
  (t) => ({
    recipientId: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
    kind: notificationKind("kind").notNull(),
    /** Who did it: the follower, replier, quoter, reposter, liker or tipper (null: anonymous tip). */
    actorId: t.bigint(),
    /** The reply, quote or repost itself (null for follows, likes and tips). */
    postId: t.bigint(),
    /** The recipient's post that was replied to, quoted, reposted, liked or tipped. */
    subjectId: t.bigint(),
    token: t.hex(),
    amount: t.bigint(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.recipientId, table.ordinal] }),
  }),
);

export const appKey = onchainTable(
  "app_key",
  (t) => ({
    profileId: t.bigint().notNull(),
    key: t.hex().notNull(),
    /** Scope bits (see contracts/libraries/Scopes.sol). */
    scopes: t.integer().notNull(),
    /** Unix seconds after which the key may no longer act. */
    expiry: t.bigint().notNull(),
    addedAt: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
    /** Set by AppKeyRevoked, AllAppKeysRevoked or a custody change. */
    revokedAt: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.profileId, table.key] }),
    profileIdx: index().on(table.profileId, table.ordinal),
  }),
);

// Moderation (KithModeration) and channels (KithChannels). Per-viewer effects (labels, lists) are
// applied at read time (src/api/store.ts): rows are keyed by what the events name, so a label on a
// post that is not indexed yet applies once the post arrives.

export const labelAction = onchainEnum("label_action", ["warn", "hide", "ignore"]);
export const listMode = onchainEnum("list_mode", ["mute", "block"]);
export const membership = onchainEnum("membership", ["open", "approval", "token_gated"]);
export const memberStatus = onchainEnum("member_status", ["requested", "member", "banned"]);
export const moderationKind = onchainEnum("moderation_kind", [
  "create",
  "rules",
  "moderator_added",
  "moderator_removed",
  "moderators_cleared",
  "approve",
  "ban",
  "unban",
  "hide",
  "unhide",
  "pin",
  "unpin",
  "label",
  "label_negated",
]);

/** The latest `Labeled` or `LabelNegated` of each (labeler, subject, value): the one in force. */
export const label = onchainTable(
  "label",
  (t) => ({
    labeler: t.hex().notNull(),
    /** A post id (>= 2**160) or a profile id. */
    subject: t.bigint().notNull(),
    value: t.text().notNull(),
    /** Unix seconds after which it no longer applies; null: never. */
    expiry: t.bigint(),
    negated: t.boolean().notNull(),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.labeler, table.subject, table.value] }),
    subjectIdx: index().on(table.subject, table.ordinal),
    // A viewer's hidden set joins its policies (labeler, value) to the labels.
    valueIdx: index().on(table.labeler, table.value),
  }),
);

/**
 * Every `Labeled` and `LabelNegated`, for channels' moderation logs (labels on their posts).
 * channelId: the subject's channel, set when the label or the channel post arrives, so a log page
 * reads its label events through (channel_id, ordinal) however many posts the channel has.
 */
export const labelEvent = onchainTable(
  "label_event",
  (t) => ({
    ordinal: t.bigint().primaryKey(),
    labeler: t.hex().notNull(),
    subject: t.bigint().notNull(),
    value: t.text().notNull(),
    negated: t.boolean().notNull(),
    channelId: t.bigint(),
    createdAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    subjectIdx: index().on(table.subject, table.ordinal),
    channelIdx: index().on(table.channelId, table.ordinal),
  }),
);

export const labelerSubscription = onchainTable(
  "labeler_subscription",
  (t) => ({
    profileId: t.bigint().notNull(),
    labeler: t.hex().notNull(),
    subscribedAt: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.profileId, table.labeler] }),
  }),
);

/** The latest `LabelPolicySet` per (profile, labeler, value); forgotten on unsubscribe. */
export const labelPolicy = onchainTable(
  "label_policy",
  (t) => ({
    profileId: t.bigint().notNull(),
    labeler: t.hex().notNull(),
    value: t.text().notNull(),
    action: labelAction("action").notNull(),
    ordinal: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.profileId, table.labeler, table.value] }),
  }),
);

export const moderationList = onchainTable(
  "moderation_list",
  (t) => ({
    id: t.bigint().primaryKey(),
    name: t.text().notNull(),
    owner: t.hex().notNull(),
    pendingOwner: t.hex(),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    memberCount: t.integer().notNull().default(0),
    subscriberCount: t.integer().notNull().default(0),
  }),
);

export const listMember = onchainTable(
  "list_member",
  (t) => ({
    listId: t.bigint().notNull(),
    profileId: t.bigint().notNull(),
    /** Of the latest `ListMemberAdded`. */
    ordinal: t.bigint().notNull(),
    addedAt: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.listId, table.profileId] }),
    listIdx: index().on(table.listId, table.ordinal),
    profileIdx: index().on(table.profileId, table.ordinal),
  }),
);

export const listSubscription = onchainTable(
  "list_subscription",
  (t) => ({
    profileId: t.bigint().notNull(),
    listId: t.bigint().notNull(),
    mode: listMode("mode").notNull(),
    subscribedAt: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.profileId, table.listId] }),
    listIdx: index().on(table.listId, table.ordinal),
  }),
);

export const channel = onchainTable(
  "channel",
  (t) => ({
    id: t.bigint().primaryKey(),
    name: t.text().notNull(),
    owner: t.hex().notNull(),
    pendingOwner: t.hex(),
    membership: membership("membership").notNull(),
    /** Null unless token gated. */
    gateToken: t.hex(),
    minBalance: t.bigint(),
    /** The latest `PostPinned`; null when none or unpinned. */
    pinnedPostId: t.bigint(),
    memberCount: t.integer().notNull().default(0),
    ordinal: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
  }),
  (table) => ({
    nameIdx: index().on(table.name),
    ordinalIdx: index().on(table.ordinal),
  }),
);

/** A profile's standing in a channel; no row: never joined, left, or unbanned. */
export const channelMember = onchainTable(
  "channel_member",
  (t) => ({
    channelId: t.bigint().notNull(),
    profileId: t.bigint().notNull(),
    status: memberStatus("status").notNull(),
    /** Of the event that gave the status. */
    ordinal: t.bigint().notNull(),
    since: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.channelId, table.profileId] }),
    statusIdx: index().on(table.channelId, table.status, table.ordinal),
    profileIdx: index().on(table.profileId, table.status, table.ordinal),
  }),
);

export const channelModerator = onchainTable(
  "channel_moderator",
  (t) => ({
    channelId: t.bigint().notNull(),
    account: t.hex().notNull(),
    ordinal: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.channelId, table.account] }),
  }),
);

/** The latest `PostHidden` per (channel, post). */
export const channelPostHide = onchainTable(
  "channel_post_hide",
  (t) => ({
    channelId: t.bigint().notNull(),
    postId: t.bigint().notNull(),
    hidden: t.boolean().notNull(),
    /** Of that event: its moderation log row. */
    ordinal: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.channelId, table.postId] }),
  }),
);

/** What a channel's owner and moderators did, newest first by (channelId, ordinal). Labels on its posts join at read. */
export const moderationLog = onchainTable(
  "moderation_log",
  (t) => ({
    channelId: t.bigint().notNull(),
    ordinal: t.bigint().notNull(),
    kind: moderationKind("kind").notNull(),
    actor: t.hex().notNull(),
    profileId: t.bigint(),
    postId: t.bigint(),
    /** For MODERATOR_ADDED/REMOVED: the account named. */
    account: t.hex(),
    reason: t.text(),
    createdAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.channelId, table.ordinal] }),
  }),
);
