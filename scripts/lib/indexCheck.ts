// Checks an indexer's database from the outside, for tests and the chaos suite: a dump of every Kith
// table (to compare two indexes of the same chain) and the counter oracle, which recomputes every
// stored counter and derived column from the rows. Works on Postgres while the indexer runs, and on
// a PGlite folder once the indexer stopped (PGlite is one process's database).
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface IndexDatabase {
  schema: string;
  /** Rows of one statement, every value as Postgres renders it in text. */
  query(text: string): Promise<Record<string, string | null>[]>;
  close(): Promise<void>;
}

/** The index in `schema` of the Postgres database `databaseUrl`, or of the PGlite folder `pgliteDir`. */
export async function openIndexDatabase(options: { schema: string; databaseUrl?: string; pgliteDir?: string }): Promise<IndexDatabase> {
  const { schema } = options;
  if (options.databaseUrl) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    client.on("error", () => {}); // a server going away rejects the pending query; the event alone would end the process
    await client.connect();
    // Every column as text (type parsers off), so both databases give the same strings.
    const asText = { getTypeParser: () => (value: string) => value };
    return {
      schema,
      query: async (text) => (await client.query({ text, types: asText as never })).rows,
      close: () => client.end(),
    };
  }
  if (!options.pgliteDir) throw new Error("openIndexDatabase needs a databaseUrl or a pgliteDir");
  const db = new PGlite(options.pgliteDir);
  return {
    schema,
    // PGlite parses values itself: the statements below cast what they compare to text.
    query: async (text) => (await db.query<Record<string, string | null>>(text)).rows,
    close: () => db.close(),
  };
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Kith's tables in the schema: every base table but Ponder's own (_ponder_*, _reorg__*, ...). */
export async function kithTables(db: IndexDatabase): Promise<string[]> {
  const rows = await db.query(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = '${db.schema.replaceAll("'", "''")}' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_%'
     ORDER BY 1`,
  );
  return rows.map((row) => row.name!);
}

/** Every row of every Kith table as JSON text (Postgres' row_to_json), sorted: equal dumps mean equal indexes. */
export async function dumpTables(db: IndexDatabase): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of await kithTables(db)) {
    const rows = await db.query(`SELECT row_to_json(t)::text AS row FROM ${quoted(db.schema)}.${quoted(table)} t`);
    dump[table] = rows.map((row) => row.row!).sort();
  }
  return dump;
}

export interface CounterMismatch {
  /** e.g. "profile.followerCount" */
  check: string;
  /** The row's key (profile or post id). */
  key: string;
  stored: string | null;
  expected: string | null;
}

/** A check of `table.column` (keyed by id) against the number of `source` rows whose `ref` is that id (and that meet `where`). */
function countCheck(table: string, column: string, source: string, ref: string, where = "TRUE"): string {
  return `
    SELECT r.id AS key, r.${column} AS stored, COALESCE(x.n, 0) AS expected FROM {S}.${table} r
    LEFT JOIN (SELECT ${ref} AS id, count(*)::int AS n FROM {S}.${source} WHERE ${where} GROUP BY 1) x ON x.id = r.id
    WHERE r.${column} <> COALESCE(x.n, 0)`;
}

/**
 * Each check selects (key, stored, expected) for the rows whose stored value differs from the one
 * recomputed from the rows it counts. `{S}.` stands for the schema.
 */
const CHECKS: Record<string, string> = {
  "profile.followerCount": countCheck("profile", "follower_count", "follow", "followee_id"),
  "profile.followingCount": countCheck("profile", "following_count", "follow", "follower_id"),
  "profile.mutualCount": `
    SELECT p.id AS key, p.mutual_count AS stored, COALESCE(x.n, 0) AS expected FROM {S}.profile p
    LEFT JOIN (
      SELECT a.follower_id AS id, count(*)::int AS n FROM {S}.follow a
      JOIN {S}.follow b ON b.follower_id = a.followee_id AND b.followee_id = a.follower_id GROUP BY 1
    ) x ON x.id = p.id
    WHERE p.mutual_count <> COALESCE(x.n, 0)`,
  "profile.postCount": countCheck("profile", "post_count", "post", "author_id", "NOT deleted AND kind <> 'repost'"),
  "moderation_list.memberCount": countCheck("moderation_list", "member_count", "list_member", "list_id"),
  "moderation_list.subscriberCount": countCheck("moderation_list", "subscriber_count", "list_subscription", "list_id"),
  "channel.memberCount": countCheck("channel", "member_count", "channel_member", "channel_id", "status = 'member'"),
  "post.targetLive": `
    SELECT r.id AS key, r.target_live AS stored, (r.kind <> 'repost' OR (t.id IS NOT NULL AND NOT t.deleted)) AS expected
    FROM {S}.post r LEFT JOIN {S}.post t ON t.id = r.target_id
    WHERE r.target_live <> (r.kind <> 'repost' OR (t.id IS NOT NULL AND NOT t.deleted))`,
  "post.rootId": `
    SELECT c.id AS key, c.root_id AS stored, x.root AS expected FROM {S}.post c
    LEFT JOIN {S}.post p ON p.id = c.target_id
    CROSS JOIN LATERAL (SELECT CASE WHEN c.kind <> 'reply' THEN c.id WHEN p.id IS NULL THEN c.target_id ELSE p.root_id END AS root) x
    WHERE c.root_id <> x.root`,
  "channel.pinnedPostId": `
    SELECT c.id AS key, c.pinned_post_id AS stored, x.post_id AS expected FROM {S}.channel c
    LEFT JOIN LATERAL (
      SELECT m.post_id FROM {S}.moderation_log m WHERE m.channel_id = c.id AND m.kind IN ('pin', 'unpin') ORDER BY m.ordinal DESC LIMIT 1
    ) x ON true
    WHERE c.pinned_post_id IS DISTINCT FROM x.post_id`,
  "channel_post_hide.hidden": `
    SELECT h.channel_id || '/' || h.post_id AS key, h.hidden AS stored, (x.kind = 'hide') AS expected FROM {S}.channel_post_hide h
    LEFT JOIN LATERAL (
      SELECT m.kind FROM {S}.moderation_log m
      WHERE m.channel_id = h.channel_id AND m.post_id = h.post_id AND m.kind IN ('hide', 'unhide') ORDER BY m.ordinal DESC LIMIT 1
    ) x ON true
    WHERE h.hidden IS DISTINCT FROM (x.kind = 'hide')`,
  "label (the latest label_event)": `
    SELECT l.labeler || '/' || l.subject || '/' || l.value AS key, l.negated || '@' || l.ordinal AS stored,
      x.negated || '@' || x.ordinal AS expected FROM {S}.label l
    LEFT JOIN LATERAL (
      SELECT e.negated, e.ordinal FROM {S}.label_event e
      WHERE e.labeler = l.labeler AND e.subject = l.subject AND e.value = l.value ORDER BY e.ordinal DESC LIMIT 1
    ) x ON true
    WHERE x.ordinal IS DISTINCT FROM l.ordinal OR x.negated IS DISTINCT FROM l.negated`,
  "post.channelId (a member when it posted)": `
    SELECT p.id AS key, p.channel_id AS stored, 'an indexed channel' AS expected FROM {S}.post p
    WHERE p.channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {S}.channel c WHERE c.id = p.channel_id)`,
  "early_count (of a post that exists)": `
    SELECT e.post_id AS key, 'an early_count row' AS stored, 'merged into the post row' AS expected
    FROM {S}.early_count e JOIN {S}.post p ON p.id = e.post_id`,
};

/**
 * Counters of posts: on the post row, or on its early_count row while the post is not indexed.
 * Every id something points at is checked, so a count that went missing shows too.
 */
const POST_COUNTERS = {
  replyCount: { column: "reply_count", expected: `SELECT target_id AS id, count(*)::int AS v FROM {S}.post WHERE kind = 'reply' AND NOT deleted GROUP BY 1` },
  quoteCount: { column: "quote_count", expected: `SELECT target_id AS id, count(*)::int AS v FROM {S}.post WHERE kind = 'quote' AND NOT deleted GROUP BY 1` },
  repostCount: { column: "repost_count", expected: `SELECT target_id AS id, count(*)::int AS v FROM {S}.post WHERE kind = 'repost' AND NOT deleted GROUP BY 1` },
  likeCount: { column: "like_count", expected: `SELECT post_id AS id, count(*)::int AS v FROM {S}."like" GROUP BY 1` },
  tips: {
    column: "tips",
    expected: `
      SELECT post_id AS id, jsonb_object_agg(token, jsonb_build_object('total', total::text, 'count', n)) AS v
      FROM (SELECT post_id, lower(token) AS token, sum(amount) AS total, count(*)::int AS n FROM {S}.tip GROUP BY 1, 2) t GROUP BY 1`,
  },
} as const;

for (const [name, { column, expected }] of Object.entries(POST_COUNTERS)) {
  const zero = column === "tips" ? `'{}'::jsonb` : "0";
  const stored = column === "tips" ? `${column}::jsonb` : column;
  CHECKS[`post.${name}`] = `
    WITH stored AS (
      SELECT id, ${stored} AS v FROM {S}.post
      UNION ALL SELECT post_id, ${stored} FROM {S}.early_count e WHERE NOT EXISTS (SELECT 1 FROM {S}.post p WHERE p.id = e.post_id)
    ), expected AS (${expected})
    SELECT COALESCE(s.id, x.id) AS key, COALESCE(s.v, ${zero}) AS stored, COALESCE(x.v, ${zero}) AS expected
    FROM stored s FULL JOIN expected x ON x.id = s.id
    WHERE COALESCE(s.v, ${zero}) <> COALESCE(x.v, ${zero})`;
}

/** The counter oracle: every stored counter and derived column that differs from the rows, at most 20 per check. */
export async function counterMismatches(db: IndexDatabase): Promise<CounterMismatch[]> {
  const mismatches: CounterMismatch[] = [];
  for (const [check, statement] of Object.entries(CHECKS)) {
    const sql = statement.replaceAll("{S}.", `${quoted(db.schema)}.`);
    const rows = await db.query(`SELECT key::text AS key, stored::text AS stored, expected::text AS expected FROM (${sql}) m ORDER BY 1 LIMIT 20`);
    for (const row of rows) mismatches.push({ check, key: row.key!, stored: row.stored, expected: row.expected });
  }
  return mismatches;
}
