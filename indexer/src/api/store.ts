// Every database read of the GraphQL API. A list is one statement that also returns the rows its
// items point at (authors, reposted and quoted posts), which prime the per-request DataLoaders, so
// a home feed page costs one statement. Each statement is counted (see sql.ts).
import DataLoader from "dataloader";
import {
  appKey,
  block,
  channel,
  channelMember,
  channelModerator,
  channelPostHide,
  follow,
  label,
  labelerSubscription,
  labelEvent,
  labelPolicy,
  listMember,
  listSubscription,
  moderationList,
  moderationLog,
  notification,
  post,
  profile,
} from "ponder:schema";
import { type SQL, sql } from "drizzle-orm";

import { MAX_UNPAGED_ITEMS } from "./pagination";
import { columns, literal, query, readRow, type RequestScope, tableName } from "./sql";

export type ProfileRow = typeof profile.$inferSelect;
export type PostRow = typeof post.$inferSelect;
export type FollowRow = typeof follow.$inferSelect;
export type AppKeyRow = typeof appKey.$inferSelect;
export type NotificationRow = typeof notification.$inferSelect;
export type LabelRow = typeof label.$inferSelect & { action?: (typeof labelPolicy.$inferSelect)["action"] | null };
export type ListRow = typeof moderationList.$inferSelect;
export type ChannelRow = typeof channel.$inferSelect;
export type ModerationLogRow = Omit<typeof moderationLog.$inferSelect, "kind" | "channelId"> & { kind: string; value: string | null };

/**
 * Who a per-viewer read is for, and "now" for labels: the indexed block's time (expiries are
 * judged by chain time, as app keys are).
 */
export interface Viewer {
  id: bigint;
  now: bigint;
}

const T = {
  post: tableName(post),
  profile: tableName(profile),
  follow: tableName(follow),
  block: tableName(block),
  appKey: tableName(appKey),
  notification: tableName(notification),
  label: tableName(label),
  labelEvent: tableName(labelEvent),
  labelerSubscription: tableName(labelerSubscription),
  labelPolicy: tableName(labelPolicy),
  list: tableName(moderationList),
  listMember: tableName(listMember),
  listSubscription: tableName(listSubscription),
  channel: tableName(channel),
  channelMember: tableName(channelMember),
  channelModerator: tableName(channelModerator),
  channelPostHide: tableName(channelPostHide),
  moderationLog: tableName(moderationLog),
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

  const perViewer = new Map<string, { labels: DataLoader<bigint, LabelRow[], string>; hiddenFor: DataLoader<bigint, HiddenRow[], string> }>();
  /** Labels and hidden reasons at `now`, batched per viewer (every post of a page in one statement); viewerId undefined: anyone. */
  function forViewer(viewerId: bigint | undefined, now: bigint) {
    const key = `${viewerId ?? ""}@${now}`;
    let found = perViewer.get(key);
    if (!found) {
      found = {
        labels: new DataLoader((subjects) => readLabels(scope, subjects, viewerId, now), { cacheKeyFn: String }),
        hiddenFor: new DataLoader((postIds) => readHiddenReasons(scope, postIds, { id: viewerId!, now }), { cacheKeyFn: String }),
      };
      perViewer.set(key, found);
    }
    return found;
  }

  return {
    ...loaders,
    channel: new DataLoader<bigint, ChannelRow | null, string>(
      async (ids) => {
        const rows = await query(scope, sql`SELECT ${columns(channel, "c")} FROM ${T.channel} c WHERE c.id IN (${list(ids)})`);
        return byKey(rows.map((row) => readRow(channel, "c", row)!), (c) => c.id, ids);
      },
      { cacheKeyFn: String },
    ),
    list: new DataLoader<bigint, ListRow | null, string>(
      async (ids) => {
        const rows = await query(scope, sql`SELECT ${columns(moderationList, "l")} FROM ${T.list} l WHERE l.id IN (${list(ids)})`);
        return byKey(rows.map((row) => readRow(moderationList, "l", row)!), (l) => l.id, ids);
      },
      { cacheKeyFn: String },
    ),
    forViewer,
    primeAuthor,
    readPosts,
    scope,
  };
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
 * What a viewer is not shown, as correlated probes per candidate row, each one or two index
 * lookups (block pk, list_member (profile_id), list_subscription pk, label (subject),
 * label_policy pk). Their cost is bounded by the row, never by how many subjects the viewer's
 * labelers labelled or how many members its lists have (labels and members are cheap events):
 * - blocked: a profile it blocks itself or a member of a list it subscribes to as a BLOCK list.
 *   One probe serves both, so a block list acts exactly like the viewer's own blocks;
 * - muted: a member of one of its MUTE lists;
 * - hidden: a post or profile labelled, in force at the indexed block, with a value the viewer's
 *   policy for that labeler HIDEs (a policy exists only while the viewer subscribes: Moderation.ts).
 * Each takes SQL expressions for profile (or subject) ids; NULLs match nothing.
 */
function viewerProbes(viewer: Viewer) {
  // Each probe first asks, once per statement, whether the viewer uses that kind of moderation at
  // all (an uncorrelated EXISTS: Postgres runs it once, as an InitPlan, and AND stops there when it
  // is false): most viewers block nobody and subscribe to no list or label policy, and then no
  // listed row pays for a probe. Equivalent, as each per-row probe joins those same rows.
  const usesList = (mode: "mute" | "block") =>
    sql`EXISTS (SELECT 1 FROM ${T.listSubscription} s WHERE s.profile_id = ${viewer.id} AND s.mode = ${mode})`;
  const onList = (mode: "mute" | "block", profileIds: SQL) =>
    sql`(${usesList(mode)} AND EXISTS (SELECT 1 FROM ${T.listMember} m JOIN ${T.listSubscription} s ON s.profile_id = ${viewer.id} AND s.list_id = m.list_id
        WHERE m.profile_id IN (${profileIds}) AND s.mode = ${mode}))`;
  return {
    blocked: (profileIds: SQL) =>
      sql`((EXISTS (SELECT 1 FROM ${T.block} b WHERE b.blocker_id = ${viewer.id})
          AND EXISTS (SELECT 1 FROM ${T.block} b WHERE b.blocker_id = ${viewer.id} AND b.blocked_id IN (${profileIds})))
        OR ${onList("block", profileIds)})`,
    muted: (profileIds: SQL) => onList("mute", profileIds),
    hidden: (subjects: SQL) =>
      sql`(EXISTS (SELECT 1 FROM ${T.labelPolicy} lp WHERE lp.profile_id = ${viewer.id} AND lp.action = 'hide')
        AND EXISTS (SELECT 1 FROM ${T.label} l JOIN ${T.labelPolicy} lp
          ON lp.profile_id = ${viewer.id} AND lp.labeler = l.labeler AND lp.value = l.value AND lp.action = 'hide'
          WHERE l.subject IN (${subjects}) AND ${labelInForce("l", viewer.now)}))`,
  };
}

/** A label row `alias` that applies at `now`: its latest event is Labeled and it has not expired. */
const labelInForce = (alias: string, now: bigint) =>
  sql`NOT ${sql.raw(alias)}.negated AND (${sql.raw(alias)}.expiry IS NULL OR ${sql.raw(alias)}.expiry > ${now})`;

/**
 * Conditions every listed post `p` meets: live; a repost only while its target is live (a column
 * the handlers keep). With a viewer (viewerProbes): nothing by, or pointing at (reposts, quotes), a blocked
 * profile; nothing by a muted one; nothing labelled hidden, nor by a profile labelled hidden, nor
 * a repost of such a post.
 */
function visible(viewer: Viewer | undefined): SQL {
  const live = sql`NOT p.deleted AND p.target_live`;
  if (viewer === undefined) return live;
  const { blocked, muted, hidden } = viewerProbes(viewer);
  const repostTarget = (column: string) => sql.raw(`CASE WHEN p.kind = 'repost' THEN p.${column} END`);
  return sql`${live}
    AND NOT ${blocked(sql`p.author_id, p.target_author_id`)}
    AND NOT ${muted(sql`p.author_id`)}
    AND NOT ${hidden(sql`p.id, p.author_id, ${repostTarget("target_id")}, ${repostTarget("target_author_id")}`)}`;
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
 * posts, reposts of deleted posts, or what the viewer's blocks, lists and labelers leave out (visible).
 * Two plans in one statement; Postgres runs only the one whose one-time filter holds:
 * - most profiles follow few others: take each followee's newest page through the
 *   (author_id, ordinal) index (LATERAL) and merge: cost grows with the number of followees;
 * - profiles following more than DENSE_FOLLOWING others: walk all posts newest first through the
 *   ordinal index and keep those by followees: their posts are dense in the global stream. The
 *   follow probe is fenced (OFFSET 0: Postgres does not turn it into a join), so it stays a probe
 *   per post however few followees the planner guesses: a generic plan of the prepared statement
 *   (sql.ts) guesses 19 for any viewer and, unfenced, joined the viewer's follows to all their
 *   posts and sorted them (profile 82118, 4,001 followees: 33,624 posts, 260-373 ms against 5 ms).
 * Authors and targets are joined after the LIMIT, for the page's rows only.
 */
export async function homeFeedPage(loaders: Loaders, viewer: Viewer, limit: number, before?: bigint) {
  const viewerId = viewer.id;
  const n = literal(limit + 1);
  const position = before === undefined ? sql`` : sql`AND p.ordinal < ${before}`;
  const filters = sql`p.kind IN ${FEED_KINDS} AND ${visible(viewer)} ${position}`;
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
              AND EXISTS (SELECT 1 FROM ${T.follow} f WHERE f.follower_id = ${viewerId} AND f.followee_id = p.author_id OFFSET 0)
            ORDER BY p.ordinal DESC LIMIT ${n})
        ) p
        ${joins("p")}
        ORDER BY p.ordinal DESC LIMIT ${n}`,
    { prepared: true },
  );
  return loaders.readPosts(rows);
}

/** A profile's live posts, quotes and reposts (replies too when asked), newest first. */
export async function profilePostsPage(
  loaders: Loaders,
  authorId: bigint,
  includeReplies: boolean,
  viewer: Viewer | undefined,
  limit: number,
  before?: bigint,
) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${relations}
        FROM (
          SELECT * FROM ${T.post} p
          WHERE p.author_id = ${authorId} ${includeReplies ? sql`` : sql`AND p.kind IN ${FEED_KINDS}`}
            AND ${visible(viewer)} ${before === undefined ? sql`` : sql`AND p.ordinal < ${before}`}
          ORDER BY p.ordinal DESC LIMIT ${literal(limit + 1)}
        ) p
        ${joins("p")}
        ORDER BY p.ordinal DESC`,
    { prepared: true },
  );
  return loaders.readPosts(rows);
}

/**
 * Live posts of one kind that point at `postId`: replies oldest first (conversation order),
 * quotes and reposts newest first. With a viewer, replies by blocked or muted profiles and
 * replies labelled hidden (or by a profile labelled hidden) are left out (see viewerProbes).
 */
export async function targetingPage(
  loaders: Loaders,
  postId: bigint,
  kind: "reply" | "quote" | "repost",
  viewer: Viewer | undefined,
  limit: number,
  cursor?: bigint,
) {
  const ascending = kind === "reply";
  const position = cursor === undefined ? sql`` : ascending ? sql`AND p.ordinal > ${cursor}` : sql`AND p.ordinal < ${cursor}`;
  let blocked = sql``;
  if (viewer !== undefined) {
    const probes = viewerProbes(viewer);
    blocked = sql`AND NOT ${probes.blocked(sql`p.author_id`)} AND NOT ${probes.muted(sql`p.author_id`)}
      AND NOT ${probes.hidden(sql`p.id, p.author_id`)}`;
  }
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${columns(profile, "a")}
        FROM ${T.post} p LEFT JOIN ${T.profile} a ON a.id = p.author_id
        WHERE p.target_id = ${postId} AND p.kind = ${kind} AND NOT p.deleted ${blocked} ${position}
        ORDER BY p.ordinal ${sql.raw(ascending ? "ASC" : "DESC")} LIMIT ${literal(limit + 1)}`,
    { prepared: true },
  );
  return rows.map((row) => loaders.primeAuthor(row));
}

/**
 * Notifications of `recipientId`, newest first. Left out: those whose reply, quote or repost was
 * deleted, those about a deleted post, those by profiles the recipient blocks, mutes or has on a
 * block list, and those whose post, subject or actor its labelers label hidden (see viewerProbes).
 */
export async function notificationPage(loaders: Loaders, recipient: Viewer, limit: number, before?: bigint) {
  const recipientId = recipient.id;
  const { blocked, muted, hidden } = viewerProbes(recipient);
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
          AND NOT ${blocked(sql`n.actor_id`)} AND NOT ${muted(sql`n.actor_id`)}
          AND NOT ${hidden(sql`n.actor_id, n.post_id, n.subject_id`)}
        ORDER BY n.ordinal DESC LIMIT ${literal(limit + 1)}`,
    { prepared: true },
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

/** The digest of "no body" (reposts, profiles without a metadata document). */
export const ZERO_DIGEST = `0x${"0".repeat(64)}`;

/**
 * Digests the chain records, walked in order for the background fill (contentFill.ts): posts by
 * ordinal (live ones with a body), or profiles by id (with a metadata document), after `after`.
 */
export async function referencedDigestsAfter(source: "post" | "profile", after: bigint, limit: number) {
  const rows = await query(
    { statements: 0 },
    source === "post"
      ? sql`SELECT p.ordinal AS position, p.content_hash AS digest FROM ${T.post} p
            WHERE p.ordinal > ${after} AND p.content_hash IS NOT NULL AND p.content_hash <> ${ZERO_DIGEST} AND NOT p.deleted
            ORDER BY p.ordinal LIMIT ${limit}`
      : sql`SELECT a.id AS position, a.metadata_hash AS digest FROM ${T.profile} a
            WHERE a.id > ${after} AND a.metadata_hash <> ${ZERO_DIGEST} ORDER BY a.id LIMIT ${limit}`,
  );
  return rows.map((row) => ({ position: BigInt(row.position as string), digest: row.digest as `0x${string}` }));
}

/**
 * Labels in force on each of `subjects` (a post or a profile id), newest first, at most
 * MAX_UNPAGED_ITEMS each. With a viewer: only its labelers', not IGNOREd, with its action
 * (WARN unless a policy says otherwise).
 */
async function readLabels(scope: RequestScope, subjects: readonly bigint[], viewerId: bigint | undefined, now: bigint): Promise<LabelRow[][]> {
  // One labeler may put any number of values on a subject: the LIMIT bounds each subject's read.
  const perSubject =
    viewerId === undefined
      ? sql`SELECT ${columns(label, "l")}, NULL AS action FROM ${T.label} l
            WHERE l.subject = s.subject AND ${labelInForce("l", now)}
            ORDER BY l.ordinal DESC LIMIT ${MAX_UNPAGED_ITEMS}`
      : sql`SELECT ${columns(label, "l")}, coalesce(lp.action, 'warn') AS action FROM ${T.label} l
            JOIN ${T.labelerSubscription} ls ON ls.profile_id = ${viewerId} AND ls.labeler = l.labeler
            LEFT JOIN ${T.labelPolicy} lp ON lp.profile_id = ${viewerId} AND lp.labeler = l.labeler AND lp.value = l.value
            WHERE l.subject = s.subject AND ${labelInForce("l", now)} AND coalesce(lp.action, 'warn') <> 'ignore'
            ORDER BY l.ordinal DESC LIMIT ${MAX_UNPAGED_ITEMS}`;
  const values = sql.join([...new Set(subjects.map(String))].map((subject) => sql`(${subject}::numeric(78,0))`), sql`, `);
  const rows = await query(
    scope,
    sql`SELECT x.* FROM (VALUES ${values}) s(subject) CROSS JOIN LATERAL (${perSubject}) x
        ORDER BY x."l__ordinal" DESC`,
  );
  const bySubject = new Map<string, LabelRow[]>();
  for (const row of rows) {
    const item: LabelRow = { ...readRow(label, "l", row)!, action: (row.action as LabelRow["action"]) ?? null };
    const found = bySubject.get(String(item.subject)) ?? [];
    if (found.length < MAX_UNPAGED_ITEMS) found.push(item);
    bySubject.set(String(item.subject), found);
  }
  return subjects.map((subject) => bySubject.get(String(subject)) ?? []);
}

export type HiddenKind = "LABEL" | "MUTE_LIST" | "BLOCK_LIST" | "BLOCKED" | "CHANNEL_HIDDEN" | "CHANNEL_BAN";
export interface HiddenRow {
  kind: HiddenKind;
  /** The profile a list or block is about: the author, or the author of the post a repost or quote points at. */
  profileId: bigint | null;
  label: LabelRow | null;
  list: ListRow | null;
  moderationAction: ModerationLogRow | null;
}

/**
 * Why `viewer` is not shown each of `postIds`: the same rules as visible() and the channel feed,
 * one row per reason, in one statement for all the posts.
 */
async function readHiddenReasons(scope: RequestScope, postIds: readonly bigint[], viewer: Viewer): Promise<HiddenRow[][]> {
  const none = sql`NULL::numeric(78,0)`;
  const rows = await query(
    scope,
    sql`WITH ps AS (SELECT p.id, p.kind, p.author_id, p.target_id, p.target_author_id, p.channel_id FROM ${T.post} p WHERE p.id IN (${list(postIds)}))
        SELECT x.post_id, x.kind, x.profile_id, ${columns(label, "l")}, ${columns(moderationList, "li")}, ${columns(moderationLog, "ml")}
        FROM (
          SELECT ps.id AS post_id, 'LABEL' AS kind, ${none} AS profile_id, l.labeler, l.subject, l.value,
                 ${none} AS list_id, ${none} AS channel_id, ${none} AS log_ordinal
          FROM ps CROSS JOIN LATERAL (
            SELECT l.labeler, l.subject, l.value FROM ${T.label} l
            JOIN ${T.labelPolicy} lp ON lp.profile_id = ${viewer.id} AND lp.labeler = l.labeler AND lp.value = l.value AND lp.action = 'hide'
            WHERE l.subject IN (ps.id, ps.author_id, CASE WHEN ps.kind = 'repost' THEN ps.target_id END, CASE WHEN ps.kind = 'repost' THEN ps.target_author_id END)
              AND ${labelInForce("l", viewer.now)}
            ORDER BY l.ordinal DESC LIMIT ${MAX_UNPAGED_ITEMS}
          ) l
          UNION ALL
          SELECT ps.id, CASE s.mode WHEN 'mute' THEN 'MUTE_LIST' ELSE 'BLOCK_LIST' END, m.profile_id, NULL, NULL, NULL, s.list_id, NULL, NULL
          FROM ps JOIN ${T.listSubscription} s ON s.profile_id = ${viewer.id}
          JOIN ${T.listMember} m ON m.list_id = s.list_id
            AND (m.profile_id = ps.author_id OR (s.mode = 'block' AND m.profile_id = ps.target_author_id))
          UNION ALL
          SELECT ps.id, 'BLOCKED', b.blocked_id, NULL, NULL, NULL, NULL, NULL, NULL
          FROM ps JOIN ${T.block} b ON b.blocker_id = ${viewer.id} AND (b.blocked_id = ps.author_id OR b.blocked_id = ps.target_author_id)
          UNION ALL
          SELECT ps.id, 'CHANNEL_HIDDEN', NULL, NULL, NULL, NULL, NULL, h.channel_id, h.ordinal
          FROM ps JOIN ${T.channelPostHide} h ON h.channel_id = ps.channel_id AND h.post_id = ps.id AND h.hidden
          UNION ALL
          SELECT ps.id, 'CHANNEL_BAN', ps.author_id, NULL, NULL, NULL, NULL, m.channel_id, m.ordinal
          FROM ps JOIN ${T.channelMember} m ON m.channel_id = ps.channel_id AND m.profile_id = ps.author_id AND m.status = 'banned'
        ) x
        LEFT JOIN ${T.label} l ON l.labeler = x.labeler AND l.subject = x.subject AND l.value = x.value
        LEFT JOIN ${T.list} li ON li.id = x.list_id
        LEFT JOIN ${T.moderationLog} ml ON ml.channel_id = x.channel_id AND ml.ordinal = x.log_ordinal
        ORDER BY x.kind, l.ordinal DESC NULLS LAST, x.list_id`,
  );
  const byPost = new Map<string, HiddenRow[]>();
  for (const row of rows) {
    const key = String(row.post_id);
    const found = byPost.get(key) ?? [];
    const log = readRow(moderationLog, "ml", row);
    if (found.length < MAX_UNPAGED_ITEMS) {
      found.push({
        kind: row.kind as HiddenKind,
        profileId: row.profile_id === null ? null : BigInt(row.profile_id as string),
        label: readRow(label, "l", row),
        list: readRow(moderationList, "li", row),
        moderationAction: log && { ...log, value: null },
      });
    }
    byPost.set(key, found);
  }
  return postIds.map((id) => byPost.get(String(id)) ?? []);
}

export async function channelByName(loaders: Loaders, name: string): Promise<ChannelRow | null> {
  const rows = await query(loaders.scope, sql`SELECT ${columns(channel, "c")} FROM ${T.channel} c WHERE c.name = ${name} LIMIT 1`);
  const found = rows[0] ? readRow(channel, "c", rows[0]) : null;
  if (found) loaders.channel.prime(found.id, found);
  return found;
}

/** Channels newest first, or (profileId) those the profile is a member of, most recently joined first. */
export async function channelPage(loaders: Loaders, memberId: bigint | undefined, limit: number, before?: bigint) {
  const rows = await query(
    loaders.scope,
    memberId === undefined
      ? sql`SELECT ${columns(channel, "c")}, c.ordinal AS position FROM ${T.channel} c
            WHERE TRUE ${before === undefined ? sql`` : sql`AND c.ordinal < ${before}`}
            ORDER BY c.ordinal DESC LIMIT ${limit + 1}`
      : sql`SELECT ${columns(channel, "c")}, m.ordinal AS position FROM ${T.channelMember} m JOIN ${T.channel} c ON c.id = m.channel_id
            WHERE m.profile_id = ${memberId} AND m.status = 'member' ${before === undefined ? sql`` : sql`AND m.ordinal < ${before}`}
            ORDER BY m.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const item = readRow(channel, "c", row)!;
    loaders.channel.prime(item.id, item);
    return { item, ordinal: BigInt(row.position as string) };
  });
}

/** A channel's post `p` its moderators let stand: not hidden by them, its author not banned there. */
const standsInChannel = (channelId: bigint) =>
  sql`NOT EXISTS (SELECT 1 FROM ${T.channelPostHide} h WHERE h.channel_id = ${channelId} AND h.post_id = p.id AND h.hidden)
      AND NOT EXISTS (SELECT 1 FROM ${T.channelMember} m
                      WHERE m.channel_id = ${channelId} AND m.profile_id = p.author_id AND m.status = 'banned')`;

/**
 * The post a moderator pinned, only while the channel feed would list it (for every viewer): one
 * of the channel's own posts, not deleted, let stand by its moderators. A pin names any id, so a
 * moderator cannot pin another channel's post, a deleted one or one the channel took down.
 */
export async function channelPinnedPost(loaders: Loaders, channelId: bigint, postId: bigint) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${relations}
        FROM ${T.post} p ${joins("p")}
        WHERE p.id = ${postId} AND p.channel_id = ${channelId} AND NOT p.deleted AND ${standsInChannel(channelId)}`,
  );
  return (await loaders.readPosts(rows))[0] ?? null;
}

/**
 * A channel's feed: its live posts newest first, without those its moderators hid or by profiles
 * banned from it; with a viewer, what visible() leaves out too.
 */
export async function channelPostsPage(loaders: Loaders, channelId: bigint, viewer: Viewer | undefined, limit: number, before?: bigint) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(post, "p")}, ${relations}
        FROM (
          SELECT * FROM ${T.post} p
          WHERE p.channel_id = ${channelId} AND ${visible(viewer)} ${before === undefined ? sql`` : sql`AND p.ordinal < ${before}`}
            AND ${standsInChannel(channelId)}
          ORDER BY p.ordinal DESC LIMIT ${literal(limit + 1)}
        ) p
        ${joins("p")}
        ORDER BY p.ordinal DESC`,
    { prepared: true },
  );
  return loaders.readPosts(rows);
}

export type MemberStatusValue = (typeof channelMember.$inferSelect)["status"];

/** Profiles with `status` in a channel, most recent first. */
export async function channelMemberPage(loaders: Loaders, channelId: bigint, status: MemberStatusValue, limit: number, before?: bigint) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(channelMember, "m")}, ${columns(profile, "a")} FROM ${T.channelMember} m JOIN ${T.profile} a ON a.id = m.profile_id
        WHERE m.channel_id = ${channelId} AND m.status = ${status} ${before === undefined ? sql`` : sql`AND m.ordinal < ${before}`}
        ORDER BY m.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const member = readRow(profile, "a", row)!;
    loaders.profile.prime(member.id, member);
    return readRow(channelMember, "m", row)!;
  });
}

export async function memberStatusOf(loaders: Loaders, channelId: bigint, profileId: bigint): Promise<MemberStatusValue | null> {
  const rows = await query(
    loaders.scope,
    sql`SELECT m.status FROM ${T.channelMember} m WHERE m.channel_id = ${channelId} AND m.profile_id = ${profileId}`,
  );
  return (rows[0]?.status as MemberStatusValue | undefined) ?? null;
}

/** Named moderators of a channel, newest first. */
export async function channelModerators(loaders: Loaders, channelId: bigint): Promise<string[]> {
  const rows = await query(
    loaders.scope,
    sql`SELECT d.account FROM ${T.channelModerator} d WHERE d.channel_id = ${channelId} ORDER BY d.ordinal DESC LIMIT ${MAX_UNPAGED_ITEMS}`,
  );
  return rows.map((row) => row.account as string);
}

/**
 * A channel's moderation log, newest first: the owner's and moderators' actions, and every label
 * placed or negated on one of its posts (joined at read: the label may precede the post's indexing).
 */
export async function moderationLogPage(loaders: Loaders, channelId: bigint, limit: number, before?: bigint): Promise<ModerationLogRow[]> {
  const n = limit + 1;
  const position = (alias: string) => (before === undefined ? sql`` : sql`AND ${sql.raw(alias)}.ordinal < ${before}`);
  const rows = await query(
    loaders.scope,
    sql`SELECT * FROM (
          (SELECT m.ordinal, m.kind::text AS kind, m.actor, m.profile_id, m.post_id, m.account, m.reason, NULL AS value,
                  m.created_at, m.block_number, m.transaction_hash
           FROM ${T.moderationLog} m WHERE m.channel_id = ${channelId} ${position("m")} ORDER BY m.ordinal DESC LIMIT ${n})
          UNION ALL
          (SELECT e.ordinal, CASE WHEN e.negated THEN 'label_negated' ELSE 'label' END, e.labeler, NULL, e.subject, NULL, NULL, e.value,
                  e.created_at, e.block_number, e.transaction_hash
           FROM ${T.labelEvent} e
           WHERE e.channel_id = ${channelId} ${position("e")} ORDER BY e.ordinal DESC LIMIT ${n})
        ) x ORDER BY x.ordinal DESC LIMIT ${n}`,
  );
  const big = (value: unknown) => (value === null || value === undefined ? null : BigInt(value as string));
  return rows.map((row) => ({
    ordinal: big(row.ordinal)!,
    kind: row.kind as string,
    actor: row.actor as `0x${string}`,
    profileId: big(row.profile_id),
    postId: big(row.post_id),
    account: (row.account as `0x${string}` | null) ?? null,
    reason: (row.reason as string | null) ?? null,
    value: (row.value as string | null) ?? null,
    createdAt: big(row.created_at)!,
    blockNumber: big(row.block_number)!,
    transactionHash: row.transaction_hash as `0x${string}`,
  }));
}

/** Labels on `subject` from every labeler, newest first: those in force at `now`, or all with includeInactive. */
export async function labelPage(loaders: Loaders, subject: bigint, includeInactive: boolean, now: bigint, limit: number, before?: bigint) {
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(label, "l")} FROM ${T.label} l
        WHERE l.subject = ${subject} ${includeInactive ? sql`` : sql`AND ${labelInForce("l", now)}`}
          ${before === undefined ? sql`` : sql`AND l.ordinal < ${before}`}
        ORDER BY l.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row): LabelRow => ({ ...readRow(label, "l", row)!, action: null }));
}

/**
 * Memberships of a moderation list, most recently added first: the members of `listId`, or the
 * lists `profileId` is a member of. Each row brings both the list and the profile.
 */
export async function listMembershipPage(loaders: Loaders, by: { listId: bigint } | { profileId: bigint }, limit: number, before?: bigint) {
  const where = "listId" in by ? sql`m.list_id = ${by.listId}` : sql`m.profile_id = ${by.profileId}`;
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(moderationList, "l")}, ${columns(profile, "a")}, m.ordinal AS position
        FROM ${T.listMember} m JOIN ${T.list} l ON l.id = m.list_id JOIN ${T.profile} a ON a.id = m.profile_id
        WHERE ${where} ${before === undefined ? sql`` : sql`AND m.ordinal < ${before}`}
        ORDER BY m.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const list = readRow(moderationList, "l", row)!;
    const member = readRow(profile, "a", row)!;
    loaders.list.prime(list.id, list);
    loaders.profile.prime(member.id, member);
    return { list, member, ordinal: BigInt(row.position as string) };
  });
}

export type ListSubscriptionRow = typeof listSubscription.$inferSelect;

/** Subscriptions to a list (newest first, paged), or a profile's subscriptions (newest first, at most MAX_UNPAGED_ITEMS). */
export async function listSubscriptions(loaders: Loaders, by: { listId: bigint } | { profileId: bigint }, limit: number, before?: bigint) {
  const where = "listId" in by ? sql`s.list_id = ${by.listId}` : sql`s.profile_id = ${by.profileId}`;
  const rows = await query(
    loaders.scope,
    sql`SELECT ${columns(listSubscription, "s")}, ${columns(moderationList, "l")}, ${columns(profile, "a")}
        FROM ${T.listSubscription} s JOIN ${T.list} l ON l.id = s.list_id LEFT JOIN ${T.profile} a ON a.id = s.profile_id
        WHERE ${where} ${before === undefined ? sql`` : sql`AND s.ordinal < ${before}`}
        ORDER BY s.ordinal DESC LIMIT ${limit + 1}`,
  );
  return rows.map((row) => {
    const listRow = readRow(moderationList, "l", row)!;
    loaders.list.prime(listRow.id, listRow);
    const subscriber = readRow(profile, "a", row);
    if (subscriber) loaders.profile.prime(subscriber.id, subscriber);
    return readRow(listSubscription, "s", row)!;
  });
}

export interface LabelerSubscriptionRow {
  labeler: string;
  subscribedAt: bigint;
  policies: { value: string; action: string }[];
}

/** The labelers a profile subscribes to (newest first) with its policies (newest first), at most MAX_UNPAGED_ITEMS of each. */
export async function labelerSubscriptions(loaders: Loaders, profileId: bigint): Promise<LabelerSubscriptionRow[]> {
  const rows = await query(
    loaders.scope,
    sql`SELECT s.labeler, s.subscribed_at, x.policies
        FROM ${T.labelerSubscription} s
        CROSS JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object('value', y.value, 'action', y.action)), '[]') AS policies FROM (
            SELECT lp.value, lp.action FROM ${T.labelPolicy} lp WHERE lp.profile_id = s.profile_id AND lp.labeler = s.labeler
            ORDER BY lp.ordinal DESC LIMIT ${MAX_UNPAGED_ITEMS}) y
        ) x
        WHERE s.profile_id = ${profileId} ORDER BY s.ordinal DESC LIMIT ${MAX_UNPAGED_ITEMS}`,
  );
  return rows.map((row) => ({
    labeler: row.labeler as string,
    subscribedAt: BigInt(row.subscribed_at as string),
    policies: (typeof row.policies === "string" ? JSON.parse(row.policies) : row.policies) as { value: string; action: string }[],
  }));
}
