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
