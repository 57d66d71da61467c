// Every database read of the GraphQL API. Lists fetch one page in one statement; single rows go
// through per-request DataLoaders, so a page of posts loads its authors in one more statement.
import DataLoader from "dataloader";
import { db } from "ponder:api";
import { appKey, follow, post, profile } from "ponder:schema";
import { alias, and, asc, desc, eq, exists, gt, inArray, isNull, lt, not, or, sql } from "ponder";

export type ProfileRow = typeof profile.$inferSelect;
export type PostRow = typeof post.$inferSelect;
export type FollowRow = typeof follow.$inferSelect;
export type AppKeyRow = typeof appKey.$inferSelect;

/** Kinds shown in feeds and on profiles by default: replies live in threads. */
const FEED_KINDS = ["post", "quote", "repost"] as const;

function byId<T extends { id: bigint }>(rows: T[], ids: readonly bigint[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createLoaders() {
  return {
    profile: new DataLoader<bigint, ProfileRow | null, string>(
      async (ids) => byId(await db.select().from(profile).where(inArray(profile.id, [...ids])), ids),
      { cacheKeyFn: String },
    ),
    post: new DataLoader<bigint, PostRow | null, string>(
      async (ids) => byId(await db.select().from(post).where(inArray(post.id, [...ids])), ids),
      { cacheKeyFn: String },
    ),
    /** The app key row of (profile, address), or null when that address never was one. */
    appKey: new DataLoader<{ profileId: bigint; key: string }, AppKeyRow | null, string>(
      async (pairs) => {
        const rows = await db
          .select()
          .from(appKey)
          .where(or(...pairs.map((p) => and(eq(appKey.profileId, p.profileId), eq(appKey.key, p.key as `0x${string}`)))));
        const map = new Map(rows.map((row) => [`${row.profileId}:${row.key}`, row]));
        return pairs.map((p) => map.get(`${p.profileId}:${p.key}`) ?? null);
      },
      { cacheKeyFn: (p) => `${p.profileId}:${p.key}` },
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export async function profileByHandle(handle: string): Promise<ProfileRow | null> {
  const rows = await db.select().from(profile).where(eq(profile.handle, handle)).limit(1);
  return rows[0] ?? null;
}

/** A page of follow edges of `profileId`, newest first: its followers or the profiles it follows. */
export function followPage(direction: "followers" | "following", profileId: bigint, limit: number, before?: bigint) {
  const self = direction === "followers" ? follow.followeeId : follow.followerId;
  return db
    .select()
    .from(follow)
    .where(and(eq(self, profileId), before === undefined ? undefined : lt(follow.ordinal, before)))
    .orderBy(desc(follow.ordinal))
    .limit(limit + 1);
}

const target = alias(post, "target");

/** Reposts show only while the reposted post is live; other kinds always qualify. */
const repostTargetLive = or(
  not(eq(post.kind, "repost")),
  exists(
    db
      .select({ one: sql`1` })
      .from(target)
      .where(and(eq(target.id, post.targetId), eq(target.deleted, false))),
  ),
);

/** Posts, quotes and reposts by the profiles `viewerId` follows, newest first, deleted ones excluded. */
export function homeFeedPage(viewerId: bigint, limit: number, before?: bigint) {
  const followees = db.select({ id: follow.followeeId }).from(follow).where(eq(follow.followerId, viewerId));
  return db
    .select()
    .from(post)
    .where(
      and(
        inArray(post.authorId, followees),
        inArray(post.kind, [...FEED_KINDS]),
        eq(post.deleted, false),
        repostTargetLive,
        before === undefined ? undefined : lt(post.ordinal, before),
      ),
    )
    .orderBy(desc(post.ordinal))
    .limit(limit + 1);
}

/** A profile's live posts, newest first; replies only when asked for. */
export function profilePostsPage(authorId: bigint, includeReplies: boolean, limit: number, before?: bigint) {
  return db
    .select()
    .from(post)
    .where(
      and(
        eq(post.authorId, authorId),
        includeReplies ? undefined : inArray(post.kind, [...FEED_KINDS]),
        eq(post.deleted, false),
        repostTargetLive,
        before === undefined ? undefined : lt(post.ordinal, before),
      ),
    )
    .orderBy(desc(post.ordinal))
    .limit(limit + 1);
}

/** App keys of a profile, newest first; only those in force at `now` unless `includeInactive`. */
export function appKeyPage(profileId: bigint, includeInactive: boolean, now: bigint, limit: number, before?: bigint) {
  return db
    .select()
    .from(appKey)
    .where(
      and(
        eq(appKey.profileId, profileId),
        includeInactive ? undefined : and(isNull(appKey.revokedAt), gt(appKey.expiry, now)),
        before === undefined ? undefined : lt(appKey.ordinal, before),
      ),
    )
    .orderBy(desc(appKey.ordinal))
    .limit(limit + 1);
}

/** Live replies to `postId` in conversation order (oldest first). */
export function repliesPage(postId: bigint, limit: number, after?: bigint) {
  return db
    .select()
    .from(post)
    .where(
      and(
        eq(post.targetId, postId),
        eq(post.kind, "reply"),
        eq(post.deleted, false),
        after === undefined ? undefined : gt(post.ordinal, after),
      ),
    )
    .orderBy(asc(post.ordinal))
    .limit(limit + 1);
}
