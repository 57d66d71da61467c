// Every database read of the GraphQL API. A list is one statement that also returns the rows its
// items point at (authors, reposted and quoted posts), which prime the per-request DataLoaders, so
// a home feed page costs one statement. Each statement is counted (see sql.ts).
import DataLoader from "dataloader";
import { appKey, block, follow, notification, post, profile } from "ponder:schema";
import { type SQL, sql } from "drizzle-orm";

import { columns, query, readRow, type RequestScope, tableName } from "./sql";

export type ProfileRow = typeof profile.$inferSelect;
export type PostRow = typeof post.$inferSelect;
export type FollowRow = typeof follow.$inferSelect;
export type AppKeyRow = typeof appKey.$inferSelect;
export type NotificationRow = typeof notification.$inferSelect;

const T = {
  post: tableName(post),
  profile: tableName(profile),
  follow: tableName(follow),
  block: tableName(block),
  appKey: tableName(appKey),
  notification: tableName(notification),
};

function byKey<K, V>(rows: V[], keyOf: (row: V) => K, keys: readonly K[]): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

const list = (ids: readonly bigint[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

export function createLoaders(scope: RequestScope) {
  const loaders = {
    profile: new DataLoader<bigint, ProfileRow | null, string>(
      async (ids) => {
        const rows = await query(scope, sql`SELECT ${columns(profile, "a")} FROM ${T.profile} a WHERE a.id IN (${list(ids)})`);
        return byKey(rows.map((row) => readRow(profile, "a", row)!), (p) => p.id, ids);
      },
      { cacheKeyFn: String },
    ),
    /** Posts with their authors (which prime the profile loader). */
    post: new DataLoader<bigint, PostRow | null, string>(
      async (ids) => {
        const rows = await query(
          scope,
          sql`SELECT ${columns(post, "p")}, ${columns(profile, "a")}
              FROM ${T.post} p LEFT JOIN ${T.profile} a ON a.id = p.author_id
              WHERE p.id IN (${list(ids)})`,
        );
        return byKey(rows.map((row) => primeAuthor(row)), (p) => p.id, ids);
      },
      { cacheKeyFn: String },
    ),
    /** The app key row of (profile, address), or null when that address never was one. */
    appKey: new DataLoader<{ profileId: bigint; key: string }, AppKeyRow | null, string>(
      async (pairs) => {
        const conditions = sql.join(
          pairs.map((p) => sql`(k.profile_id = ${p.profileId} AND k.key = ${p.key.toLowerCase()})`),
          sql` OR `,
        );
        const rows = await query(scope, sql`SELECT ${columns(appKey, "k")} FROM ${T.appKey} k WHERE ${conditions}`);
        return byKey(rows.map((row) => readRow(appKey, "k", row)!), (k) => `${k.profileId}:${k.key}`, pairs.map((p) => `${p.profileId}:${p.key.toLowerCase()}`));
      },
      { cacheKeyFn: (p) => `${p.profileId}:${p.key.toLowerCase()}` },
    ),
  };

  /** Reads post `p` and author `a` from a joined row, priming both loaders. */
  function primeAuthor(row: Record<string, unknown>, postAlias = "p", authorAlias = "a"): PostRow {
    const item = readRow(post, postAlias, row)!;
    const author = readRow(profile, authorAlias, row);
    if (author) loaders.profile.prime(author.id, author);
    loaders.post.prime(item.id, item);
    return item;
  }

  /** Reads a page of joined rows: post p + author a (+ target t + its author ta when present). */
  function readPosts(rows: Record<string, unknown>[]): PostRow[] {
    return rows.map((row) => {
      const item = primeAuthor(row);
      if (row.t__id !== undefined) {
        const target = readRow(post, "t", row);
        if (target) primeAuthor(row, "t", "ta");
        else if (item.targetId !== null) loaders.post.prime(item.targetId, null);
      }
      return item;
    });
  }

  return { ...loaders, primeAuthor, readPosts, scope };
}
export type Loaders = ReturnType<typeof createLoaders>;

export async function profileByHandle(loaders: Loaders, handle: string): Promise<ProfileRow | null> {
  const rows = await query(loaders.scope, sql`SELECT ${columns(profile, "a")} FROM ${T.profile} a WHERE a.handle = ${handle} LIMIT 1`);
  const found = rows[0] ? readRow(profile, "a", rows[0]) : null;
  if (found) loaders.profile.prime(found.id, found);
  return found;
}

/** Profiles whose handle starts with `prefix`, in handle order, after the handle `after`. */
export async function searchProfiles(loaders: Loaders, prefix: string, limit: number, after?: string) {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(profile, "a")} FROM ${T.profile} a
        WHERE a.handle LIKE ${pattern} ${after === undefined ? sql`` : sql`AND a.handle > ${after}`}
        ORDER BY a.handle COLLATE "C" LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const found = readRow(profile, "a", row)!;
    loaders.profile.prime(found.id, found);
    return found;
  });
}

export interface Edge {
  ordinal: bigint;
  createdAt: bigint;
  otherId: bigint;
}

/**
 * A page of follow edges of `profileId`, newest first: its followers, the profiles it follows, or
 * its mutuals (follows that are followed back). The other profile comes in the same statement.
 */
export async function edgePage(
  loaders: Loaders,
  direction: "followers" | "following" | "mutuals",
  profileId: bigint,
  limit: number,
  before?: bigint,
): Promise<Edge[]> {
  const self = direction === "followers" ? sql.raw("f.followee_id") : sql.raw("f.follower_id");
  const other = direction === "followers" ? sql.raw("f.follower_id") : sql.raw("f.followee_id");
  const mutual =
    direction === "mutuals"
      ? sql`AND EXISTS (SELECT 1 FROM ${T.follow} r WHERE r.follower_id = f.followee_id AND r.followee_id = f.follower_id)`
      : sql``;
  const rows = await query(
    loaders.scope,
    sql`SELECT f.ordinal AS "f__ordinal", f.created_at AS "f__created_at", ${columns(profile, "a")}
        FROM ${T.follow} f JOIN ${T.profile} a ON a.id = ${other}
        WHERE ${self} = ${profileId} ${mutual} ${before === undefined ? sql`` : sql`AND f.ordinal < ${before}`}
        ORDER BY f.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const other = readRow(profile, "a", row)!;
    loaders.profile.prime(other.id, other);
    return { ordinal: BigInt(row.f__ordinal as string), createdAt: BigInt(row.f__created_at as string), otherId: other.id };
  });
}

export async function isFollowing(loaders: Loaders, followerId: bigint, followeeId: bigint): Promise<boolean> {
  const rows = await query(
    loaders.scope,
    sql`SELECT 1 FROM ${T.follow} f WHERE f.follower_id = ${followerId} AND f.followee_id = ${followeeId}`,
  );
  return rows.length > 0;
}

/** Feed kinds: replies live in threads. */
const FEED_KINDS = sql.raw(`('post', 'quote', 'repost')`);

/**
 * Conditions every listed post `p` meets: live; a repost only while its target is live (a column
 * the handlers keep); nothing by, or pointing at, a profile `viewerId` blocks. The viewer's blocks
 * are read once per statement (an uncorrelated subquery), not once per row.
 */
function visible(viewerId: bigint | undefined): SQL {
  if (viewerId === undefined) return sql`NOT p.deleted AND p.target_live`;
  const blocked = sql`ARRAY(SELECT b.blocked_id FROM ${T.block} b WHERE b.blocker_id = ${viewerId})`;
  return sql`NOT p.deleted AND p.target_live
    AND NOT (p.author_id = ANY(${blocked}) OR coalesce(p.target_author_id = ANY(${blocked}), false))`;
}

/** Joins that bring each post's author (a), target (t) and target's author (ta), after the LIMIT. */
const relations = sql`${columns(profile, "a")}, ${columns(post, "t")}, ${columns(profile, "ta")}`;
const joins = (alias: string) =>
  sql`LEFT JOIN ${T.profile} a ON a.id = ${sql.raw(alias)}.author_id
      LEFT JOIN ${T.post} t ON t.id = ${sql.raw(alias)}.target_id
      LEFT JOIN ${T.profile} ta ON ta.id = t.author_id`;

/**
 * Above this many followees, a home feed walks all posts newest first instead of each followee's
 * (KITH_DENSE_FOLLOWING overrides it; the tests run both plans).
 */
export const DENSE_FOLLOWING = Number(process.env.KITH_DENSE_FOLLOWING ?? 500);

/**
 * Posts, quotes and reposts by the profiles `viewerId` follows, newest first, without deleted
 * posts, reposts of deleted posts, or anything by or pointing at a profile the viewer blocks.
 * Two plans in one statement; Postgres runs only the one whose one-time filter holds:
 * - most profiles follow few others: take each followee's newest page through the
 *   (author_id, ordinal) index (LATERAL) and merge: cost grows with the number of followees;
 * - profiles following more than DENSE_FOLLOWING others: walk all posts newest first through the
 *   ordinal index and keep those by followees: their posts are dense in the global stream.
 * Authors and targets are joined after the LIMIT, for the page's rows only.
 */
export async function homeFeedPage(loaders: Loaders, viewerId: bigint, limit: number, before?: bigint) {
  const n = limit + 1;
  const position = before === undefined ? sql`` : sql`AND p.ordinal < ${before}`;
  const filters = sql`p.kind IN ${FEED_KINDS} AND ${visible(viewerId)} ${position}`;
  const followingCount = sql`(SELECT v.following_count FROM ${T.profile} v WHERE v.id = ${viewerId})`;
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${relations}
        FROM (
          (SELECT p.* FROM ${T.follow} f
            CROSS JOIN LATERAL (
              SELECT * FROM ${T.post} p WHERE p.author_id = f.followee_id AND ${filters}
              ORDER BY p.ordinal DESC LIMIT ${n}
            ) p
            WHERE f.follower_id = ${viewerId} AND ${followingCount} <= ${DENSE_FOLLOWING}
            ORDER BY p.ordinal DESC LIMIT ${n})
          UNION ALL
          (SELECT p.* FROM ${T.post} p
            WHERE ${followingCount} > ${DENSE_FOLLOWING} AND ${filters}
              AND EXISTS (SELECT 1 FROM ${T.follow} f WHERE f.follower_id = ${viewerId} AND f.followee_id = p.author_id)
            ORDER BY p.ordinal DESC LIMIT ${n})
        ) p
        ${joins("p")}
        ORDER BY p.ordinal DESC LIMIT ${n}`,
  );
  return loaders.readPosts(rows);
}

/** A profile's live posts, quotes and reposts (replies too when asked), newest first. */
export async function profilePostsPage(
  loaders: Loaders,
  authorId: bigint,
  includeReplies: boolean,
  viewerId: bigint | undefined,
  limit: number,
  before?: bigint,
) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${relations}
        FROM (
          SELECT * FROM ${T.post} p
          WHERE p.author_id = ${authorId} ${includeReplies ? sql`` : sql`AND p.kind IN ${FEED_KINDS}`}
            AND ${visible(viewerId)} ${before === undefined ? sql`` : sql`AND p.ordinal < ${before}`}
          ORDER BY p.ordinal DESC LIMIT ${limit + 1}
        ) p
        ${joins("p")}
        ORDER BY p.ordinal DESC`,
  );
  return loaders.readPosts(rows);
}

/**
 * Live posts of one kind that point at `postId`: replies oldest first (conversation order),
 * quotes and reposts newest first. Replies by profiles the viewer blocks are left out.
 */
export async function targetingPage(
  loaders: Loaders,
  postId: bigint,
  kind: "reply" | "quote" | "repost",
  viewerId: bigint | undefined,
  limit: number,
  cursor?: bigint,
) {
  const ascending = kind === "reply";
  const position = cursor === undefined ? sql`` : ascending ? sql`AND p.ordinal > ${cursor}` : sql`AND p.ordinal < ${cursor}`;
  const blocked =
    viewerId === undefined
      ? sql``
      : sql`AND NOT EXISTS (SELECT 1 FROM ${T.block} b WHERE b.blocker_id = ${viewerId} AND b.blocked_id = p.author_id)`;
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${columns(profile, "a")}
        FROM ${T.post} p LEFT JOIN ${T.profile} a ON a.id = p.author_id
        WHERE p.target_id = ${postId} AND p.kind = ${kind} AND NOT p.deleted ${blocked} ${position}
        ORDER BY p.ordinal ${sql.raw(ascending ? "ASC" : "DESC")} LIMIT ${limit + 1}`,
  );
  return rows.map((row) => loaders.primeAuthor(row));
}

/**
 * Notifications of `recipientId`, newest first. Left out: those whose reply, quote or repost was
 * deleted, those about a deleted post, and those by profiles the recipient blocks.
 */
export async function notificationPage(loaders: Loaders, recipientId: bigint, limit: number, before?: bigint) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(notification, "n")}, ${columns(profile, "a")}, ${columns(post, "p")}, ${columns(post, "t")}
        FROM ${T.notification} n
        LEFT JOIN ${T.profile} a ON a.id = n.actor_id
        LEFT JOIN ${T.post} p ON p.id = n.post_id
        LEFT JOIN ${T.post} t ON t.id = n.subject_id
        WHERE n.recipient_id = ${recipientId} ${before === undefined ? sql`` : sql`AND n.ordinal < ${before}`}
          AND (n.post_id IS NULL OR NOT p.deleted)
          AND (t.id IS NULL OR NOT t.deleted)
          AND (n.actor_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM ${T.block} b WHERE b.blocker_id = ${recipientId} AND b.blocked_id = n.actor_id))
        ORDER BY n.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const item = readRow(notification, "n", row)!;
    const actor = readRow(profile, "a", row);
    if (actor) loaders.profile.prime(actor.id, actor);
    for (const alias of ["p", "t"]) {
      const related = readRow(post, alias, row);
      if (related) loaders.post.prime(related.id, related);
    }
    return item;
  });
}

/** App keys of a profile, newest first; only those in force at `now` unless `includeInactive`. */
export async function appKeyPage(
  loaders: Loaders,
  profileId: bigint,
  includeInactive: boolean,
  now: bigint,
  limit: number,
  before?: bigint,
) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(appKey, "k")} FROM ${T.appKey} k
        WHERE k.profile_id = ${profileId}
          ${includeInactive ? sql`` : sql`AND k.revoked_at IS NULL AND k.expiry > ${now}`}
          ${before === undefined ? sql`` : sql`AND k.ordinal < ${before}`}
        ORDER BY k.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => readRow(appKey, "k", row)!);
}

/** Whether a post or a profile records `digest`: only such bodies are stored (see content.ts). */
export async function isReferenced(digest: `0x${string}`): Promise<boolean> {
  const rows = await query(
    { statements: 0 },
    sql`SELECT 1 FROM ${T.post} p WHERE p.content_hash = ${digest}
        UNION ALL SELECT 1 FROM ${T.profile} a WHERE a.metadata_hash = ${digest} LIMIT 1`,
  );
  return rows.length > 0;
}
