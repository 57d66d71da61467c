import { GraphQLError } from "graphql";

/** Largest page any list returns; larger `limit`s are refused, not truncated. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/**
 * Most rows a list without pagination returns (labels of a post, subscriptions, moderators,
 * hiddenFor reasons), newest first; complexity.ts counts each such list at this size.
 */
export const MAX_UNPAGED_ITEMS = 20;

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

/**
 * Every paginated list, by name, with the GraphQL field that returns it: a cursor belongs to one
 * list (two lists may share a field name on different types, e.g. Channel.members and
 * ModerationList.members, whose cursors are positions in different tables).
 */
const LIST_FIELDS = {
  homeFeed: "homeFeed",
  notifications: "notifications",
  searchProfiles: "searchProfiles",
  followers: "followers",
  following: "following",
  mutuals: "mutuals",
  posts: "posts",
  appKeys: "appKeys",
  replies: "replies",
  quotes: "quotes",
  reposts: "reposts",
  channels: "channels",
  memberChannels: "channels",
  channelPosts: "posts",
  channelMembers: "members",
  moderationLog: "moderationLog",
  labels: "labels",
  memberOfLists: "memberOfLists",
  listMembers: "members",
  subscribers: "subscribers",
} as const;
const LISTS = Object.keys(LIST_FIELDS) as (keyof typeof LIST_FIELDS)[];
/** Field names that return a page: their `items` repeat `limit` times (complexity.ts). */
export const PAGINATED_FIELDS: ReadonlySet<string> = new Set(Object.values(LIST_FIELDS));
export type ListName = keyof typeof LIST_FIELDS;

/**
 * Cursors are opaque to clients: base64url of the list's name and the last row's position (an
 * ordinal, or a handle). The name is checked: a followers cursor is an ordinal of the follow table
 * and would silently page homeFeed or following from a meaningless place.
 */
export function encodeCursor(list: ListName, position: bigint | string): string {
  return Buffer.from(`${list}:${typeof position === "bigint" ? `o:${position}` : `h:${position}`}`).toString("base64url");
}

function decodePosition(list: ListName, cursor: string, position: RegExp): string {
  const [, owner, value] = /^(\w{1,20}):(.*)$/s.exec(Buffer.from(cursor, "base64url").toString()) ?? [];
  if (owner !== list && (LISTS as readonly string[]).includes(owner!)) {
    throw badInput(`cursor "${cursor}" belongs to ${owner}, not ${list}: pass a pageInfo.endCursor of ${list}`);
  }
  const match = owner === list ? position.exec(value!) : null;
  if (!match) throw badInput(`invalid cursor "${cursor}": pass a pageInfo.endCursor from an earlier page`);
  return match[1]!;
}

export function decodeCursor(list: ListName, cursor: string | null | undefined): bigint | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  return BigInt(decodePosition(list, cursor, /^o:(\d{1,40})$/));
}

export function decodeHandleCursor(list: ListName, cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  return decodePosition(list, cursor, /^h:([a-z0-9_]{1,16})$/);
}

export interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Turns `limit + 1` fetched rows of `list` into a page; the extra row only tells that more exist.
 * `position` is what the next page starts after (default: the row's ordinal).
 */
export function toPage<T>(
  list: ListName,
  rows: T[],
  limit: number,
  position: (row: T) => bigint | string = (row) => (row as { ordinal: bigint }).ordinal,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : encodeCursor(list, position(last)) },
  };
}
