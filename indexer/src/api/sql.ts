// Raw SQL over Ponder's tables with typed rows: joins that return several tables' rows at once, so
// a page (posts with their authors and targets) costs one statement.
import { createHash } from "node:crypto";

import { db } from "ponder:api";
import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { GraphQLError } from "graphql";

import type { Freshness } from "./freshness";
import { API_SETTINGS, RETRY_AFTER_SECONDS } from "./settings";

/**
 * One GraphQL request's bookkeeping: its SQL statements and the freshness it read
 * (extensions.kith), and the signal that aborts it (its deadline, or the client gone).
 */
export interface RequestScope {
  statements: number;
  freshness?: Freshness | null;
  signal?: AbortSignal;
  /** Whether the answer may be kept (responseCache.ts); a resolver of what the database does not hold says no. */
  keep?: boolean;
  /**
   * When the answer shows a body or document NOT_UPLOADED: the body arrivals counted before the
   * request read anything (content.ts `contentArrivals`), and until when the misses it showed
   * stand. The answer is kept only under that count, and never past that time.
   */
  arrivals?: number;
  missesUntil?: number;
  /** The answer's data as JSON, once it came with no errors and may be kept. */
  data?: string;
}

/** The table's qualified name, e.g. "kith_1a2b"."post". */
export function tableName(table: PgTable): SQL {
  const { name, schema } = getTableConfig(table);
  return sql.raw(schema ? `"${schema}"."${name}"` : `"${name}"`);
}

/**
 * Per table and alias, built once (not per row or request): the SELECT list and, per column, the
 * result key it comes back under.
 */
interface Selection {
  list: SQL;
  fields: { key: string; property: string; column: Column }[];
}
const selections = new WeakMap<Table, Map<string, Selection>>();
function selection(table: Table, alias: string): Selection {
  let byAlias = selections.get(table);
  if (!byAlias) selections.set(table, (byAlias = new Map()));
  let found = byAlias.get(alias);
  if (!found) {
    const fields = Object.entries(getTableColumns(table)).map(([property, column]) => ({ key: `${alias}__${column.name}`, property, column }));
    const list = sql.raw(fields.map(({ key, column }) => `"${alias}"."${column.name}" AS "${key}"`).join(", "));
    byAlias.set(alias, (found = { list, fields }));
  }
  return found;
}

/** `alias.col AS "alias__col", ...` for every column of `table`. */
export function columns(table: Table, alias: string): SQL {
  return selection(table, alias).list;
}

/** The row of `table` selected under `alias` by `columns`, typed; null when a LEFT JOIN found none. */
export function readRow<T extends Table>(table: T, alias: string, row: Record<string, unknown>): T["$inferSelect"] | null {
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const { key, property, column } of selection(table, alias).fields) {
    const value = row[key];
    if (value === null || value === undefined) out[property] = null;
    else {
      empty = false;
      out[property] = column.mapFromDriverValue(value);
    }
  }
  return empty ? null : (out as T["$inferSelect"]);
}

/**
 * On Postgres, no statement of the API outlives a request's deadline: Postgres cancels it itself
 * (statement_timeout; Ponder sets 30 s on the read-only pool it gives the API, `db.$client`). The
 * pool passes it to each connection it opens, and none is open yet when the API module loads.
 * PGlite runs each statement inside this process, where nothing can interrupt it: there, a request
 * past its deadline is answered 503 while its statement finishes. (JIT is off on every connection:
 * ponder.config.ts.)
 */
export function limitStatementTime(ms: number): void {
  const pool = nodePgPool();
  if (pool) pool.options.statement_timeout = ms;
}

/** The read-only pool when the API reads Postgres through node-postgres; undefined on PGlite. */
function nodePgPool(): { options: { statement_timeout?: number } } | undefined {
  const pool = (db as unknown as { $client?: { options?: { statement_timeout?: number }; totalCount?: number } }).$client;
  // node-postgres' Pool has options and totalCount; PGlite has neither.
  return typeof pool?.options === "object" && typeof pool.totalCount === "number" ? (pool as { options: { statement_timeout?: number } }) : undefined;
}

/** Socket errors of a database that is gone or unreachable (node-postgres passes them on as they are). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * Whether `error` says the database cannot answer now, rather than that a statement is wrong:
 * it is unreachable, it closed the connection, it is shutting down or starting up (SQLSTATE
 * class 08, 57P01-57P03), or it has no connection to spare (53300).
 */
function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] } | undefined; e; e = e.cause as typeof e) {
    const code = typeof e.code === "string" ? e.code : "";
    if (UNREACHABLE.has(code) || code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code)) return true;
    if (typeof e.message === "string" && /^Connection terminated|not queryable|timeout exceeded when trying to connect/.test(e.message)) return true;
    if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

/** The refusal of a request the database could not answer: 503, Retry-After (see index.ts). */
export const DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError(`The index database cannot be reached. Retry in ${RETRY_AFTER_SECONDS} s.`, {
    extensions: { code: DATABASE_UNAVAILABLE, http: { status: 503, headers: { "retry-after": String(RETRY_AFTER_SECONDS) } } },
  });
}

/**
 * A statement that lost a lock race with a writer repointing the views schema a read replica
 * serves (a redeploy: Ponder drops and creates every view in one transaction, taking each view's
 * lock in turn, database/actions.js createViews). A statement reading several views locks them
 * one by one too, so the two can wait for each other; Ponder's read-only connections wait at most
 * lock_timeout = 500 ms, shorter than Postgres' deadlock_timeout (1 s), so the reader gives up
 * first (55P03; 40P01 if Postgres finds the deadlock). Its locks go with it, the swap goes on,
 * and the same statement run again reads the views of the new writer: so it is run again.
 */
const LOST_LOCK_RACE = new Set(["55P03", "40P01"]);

function lostLockRace(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && LOST_LOCK_RACE.has(e.code)) return true;
  }
  return false;
}

/**
 * Runs one statement, uncounted; a database that cannot answer makes it a DATABASE_UNAVAILABLE
 * error. A statement that lost a lock race with a views swap runs again after a short pause
 * (staggered, so waiting readers do not collide again), until `signal` aborts or, without one,
 * for as long as a request may take.
 */
export async function execute(statement: SQL, signal?: AbortSignal, prepared = false): Promise<Record<string, unknown>[]> {
  const giveUpAt = Date.now() + API_SETTINGS.deadlineMs;
  for (;;) {
    try {
      return prepared && PREPARED ? await runPrepared(statement) : ((await db.execute(statement)) as unknown as { rows: Record<string, unknown>[] }).rows;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw databaseUnavailable();
      if (!lostLockRace(error) || signal?.aborted || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  }
}

/**
 * Runs one statement of a request, counting it; none once the request is aborted. `prepared`: a
 * statement of a fixed shape that runs often (a page of a feed, a thread, notifications), run as
 * a named prepared statement on Postgres (see runPrepared).
 */
export async function query(scope: RequestScope, statement: SQL, options: { prepared?: boolean } = {}): Promise<Record<string, unknown>[]> {
  scope.signal?.throwIfAborted();
  scope.statements += 1;
  return execute(statement, scope.signal, options.prepared);
}

/**
 * A page statement is a few kilobytes of SQL with a dozen subqueries (a probe per moderation kind
 * in each branch): Postgres spends more time parsing and planning it than running it for most
 * viewers. As a named prepared statement, each connection parses it once, and after five runs
 * Postgres keeps a generic plan when that plan costs no more than the custom ones (plan_cache_mode
 * auto), so later runs skip planning. The plan's choices do not depend on the values: the feed's
 * two plans are one-time filters on a subquery, evaluated at run time. What the planner must see,
 * LIMIT, comes as a literal (`literal`): a LIMIT parameter makes a generic plan assume a tenth of
 * the table.
 *
 * Only with node-postgres (a Postgres pool). PGlite plans in this process either way, and its
 * driver has no named statements.
 */
const PREPARED = nodePgPool() !== undefined;

interface DrizzleInternals {
  dialect: { sqlToQuery(statement: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string | undefined, arrayMode: false): { execute(): Promise<{ rows: Record<string, unknown>[] }> };
  };
}

/**
 * A statement's name on every connection: from its text, so one text is one name (node-postgres
 * refuses a name reused for another text), and a generation, moved on when the views a name was
 * prepared against were replaced by others (then every name is new, and parsed afresh).
 */
const names = new Map<string, string>();
let generation = 0;
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `kith${generation}_${createHash("sha1").update(text).digest("hex")}`;
    // The texts come from this module's callers (a fixed set of shapes times the limits a client
    // asks for), so this stays small; the bound keeps it so whatever a caller does.
    if (names.size >= 10_000) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * A named statement is parsed, and its parameter types fixed, against the relations of its first
 * run. A replica's views repointed to a writer of another schema can make it fail where the same
 * text unnamed would not: "cached plan must not change result type" (0A000) when a column changed
 * type, "operator does not exist: kith_old.list_mode = kith_new.list_mode" (42883) because each
 * writer's schema has its own enum types. So a named statement that fails as a statement that
 * no longer matches the catalog (SQLSTATE class 42, 0A000, 26000 "prepared statement does not
 * exist") runs once more unnamed; if that succeeds, the names were stale, and every name moves to a
 * new generation (parsed afresh on each connection). A statement that is wrong fails unnamed too,
 * with its own error. Nothing else runs twice: not one Postgres cancelled at its deadline.
 */
const STALE_STATEMENT = (code: string) => code.startsWith("42") || code === "0A000" || code === "26000";

async function runPrepared(statement: SQL): Promise<Record<string, unknown>[]> {
  const { dialect, session } = db as unknown as DrizzleInternals;
  const compiled = dialect.sqlToQuery(statement);
  try {
    return (await session.prepareQuery(compiled, undefined, statementName(compiled.sql), false).execute()).rows;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !STALE_STATEMENT(code)) throw error;
    const rows = (await session.prepareQuery(compiled, undefined, undefined, false).execute()).rows;
    generation += 1;
    names.clear();
    return rows;
  }
}

/** An integer written into the SQL text (LIMIT, so that a prepared statement's generic plan sees it). */
export function literal(value: number): SQL {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a SQL integer literal: ${value}`);
  return sql.raw(String(value));
}
