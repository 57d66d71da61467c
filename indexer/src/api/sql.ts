// Raw SQL over Ponder's tables with typed rows: joins that return several tables' rows at once, so
// a page (posts with their authors and targets) costs one statement.
import { db } from "ponder:api";
import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";

import type { Freshness } from "./freshness";

/** One GraphQL request's bookkeeping: its SQL statements and the freshness it read (extensions.kith). */
export interface RequestScope {
  statements: number;
  freshness?: Freshness | null;
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

/** Runs one statement, counting it. */
export async function query(scope: RequestScope, statement: SQL): Promise<Record<string, unknown>[]> {
  scope.statements += 1;
  const result = (await db.execute(statement)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}
