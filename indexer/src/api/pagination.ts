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

/** Cursors are opaque to clients: base64url of the row's ordinal. */
export function encodeCursor(ordinal: bigint): string {
  return Buffer.from(`o:${ordinal}`).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): bigint | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const text = Buffer.from(cursor, "base64url").toString();
  const match = /^o:(\d{1,40})$/.exec(text);
  if (!match) throw badInput(`invalid cursor "${cursor}": pass a pageInfo.endCursor from an earlier page`);
  return BigInt(match[1]!);
}

export interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Turns `limit + 1` fetched rows into a page; the extra row only tells that more exist. */
export function toPage<T extends { ordinal: bigint }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(last.ordinal) : null },
  };
}
