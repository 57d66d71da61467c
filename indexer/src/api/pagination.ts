import { GraphQLError } from "graphql";

/** Largest page any list returns; larger `limit`s are refused, not truncated. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

export function checkLimit(limit: number | null | undefined): number {
  const value = limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(`limit must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`);
  }
  return value;
}

/** Cursors are opaque to clients: base64url of the last row's position (ordinal, or handle). */
export function encodeCursor(position: bigint | string): string {
  return Buffer.from(typeof position === "bigint" ? `o:${position}` : `h:${position}`).toString("base64url");
}

function invalidCursor(cursor: string) {
  return badInput(`invalid cursor "${cursor}": pass a pageInfo.endCursor from an earlier page`);
}

export function decodeCursor(cursor: string | null | undefined): bigint | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const match = /^o:(\d{1,40})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw invalidCursor(cursor);
  return BigInt(match[1]!);
}

export function decodeHandleCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const match = /^h:([a-z0-9_]{1,16})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw invalidCursor(cursor);
  return match[1]!;
}

export interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Turns `limit + 1` fetched rows into a page; the extra row only tells that more exist.
 * `position` is what the next page starts after (default: the row's ordinal).
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  position: (row: T) => bigint | string = (row) => (row as { ordinal: bigint }).ordinal,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : encodeCursor(position(last)) },
  };
}
