// Raw SQL over Ponder's tables with typed rows: joins that return several tables' rows at once, so
// a page (posts with their authors and targets) costs one statement.
import { db } from "ponder:api";
import { getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";

/** Counts the SQL statements of one GraphQL request (reported under extensions.kith). */
export interface StatementCounter {
  statements: number;
}

/** The table's qualified name, e.g. "kith_1a2b"."post". */
export function tableName(table: PgTable): SQL {
  const { name, schema } = getTableConfig(table);
  return sql.raw(schema ? `"${schema}"."${name}"` : `"${name}"`);
}

/** `alias.col AS "alias__col", ...` for every column of `table`. */
export function columns(table: Table, alias: string): SQL {
  return sql.raw(
    Object.values(getTableColumns(table))
      .map((column) => `"${alias}"."${column.name}" AS "${alias}__${column.name}"`)
      .join(", "),
  );
}

/** The row of `table` selected under `alias` by `columns`, typed; null when a LEFT JOIN found none. */
export function readRow<T extends Table>(table: T, alias: string, row: Record<string, unknown>): T["$inferSelect"] | null {
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = row[`${alias}__${column.name}`];
    if (value !== null && value !== undefined) empty = false;
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return empty ? null : (out as T["$inferSelect"]);
}

/** Runs one statement, counting it. */
export async function query(counter: StatementCounter, statement: SQL): Promise<Record<string, unknown>[]> {
  counter.statements += 1;
  const result = (await db.execute(statement)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}
