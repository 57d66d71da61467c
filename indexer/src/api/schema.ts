// The Kith GraphQL schema's resolvers over the types of typeDefs.ts. Served at /graphql by index.ts.
import { GraphQLScalarType, Kind } from "graphql";
import { createSchema } from "graphql-yoga";

import { parseUint256 } from "@kith/sdk/values";

import { asText, cidOf, readContent } from "./content";
import type { Freshness } from "./freshness";
import { badInput, checkLimit, decodeCursor, decodeHandleCursor, type ListName, type Page, toPage } from "./pagination";
import type { RequestScope } from "./sql";
import {
  type AppKeyRow,
  appKeyPage,
  type Edge,
  edgePage,
  homeFeedPage,
  isFollowing,
  type Loaders,
  type NotificationRow,
  notificationPage,
  type PostRow,
  type ProfileRow,
  profileByHandle,
  profilePostsPage,
  searchProfiles,
  targetingPage,
} from "./store";
import { typeDefs } from "./typeDefs";

export interface GraphQLContext {
  loaders: Loaders;
  scope: RequestScope;
  freshness: Freshness | null;
}

const ZERO_DIGEST = `0x${"0".repeat(64)}`;

/** Scope names by bit position, as in contracts/libraries/Scopes.sol. */
const SCOPES = ["POST", "REACT", "FOLLOW", "BLOCK", "METADATA", "TIP"] as const;

/**
 * "Now" for app keys, as the contract judges them (`expiry > block.timestamp`): the indexed
 * block's time, not the wall clock, so an answer agrees with the chain at the block it reflects.
 * Before the first block is indexed there are no keys; the wall clock is only a placeholder.
 */
const chainTime = ({ freshness }: GraphQLContext) => freshness?.indexedBlockTimestamp ?? BigInt(Math.floor(Date.now() / 1000));

function parseBigInt(value: unknown): bigint {
  const parsed = parseUint256(value);
  if (parsed === undefined) throw badInput(`BigInt must be a decimal string of an unsigned 256-bit integer, got ${JSON.stringify(value)}`);
  return parsed;
}

const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  serialize: (value) => String(value),
  parseValue: parseBigInt,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseBigInt(ast.value);
    throw badInput("BigInt must be a string or an integer literal");
  },
});

interface PageArgs {
  limit?: number | null;
  after?: string | null;
}

/** Runs a page query of `list` for `args` and wraps the rows into a page. */
async function page<T>(list: ListName, args: PageArgs, fetch: (limit: number, after: bigint | undefined) => Promise<T[]>): Promise<Page<T>> {
  const limit = checkLimit(args.limit);
  return toPage(list, await fetch(limit, decodeCursor(list, args.after)), limit);
}

/** Body or metadata document of `digest`, with its status. */
async function content(digest: `0x${string}` | null, deleted: boolean) {
  if (deleted) return { status: "DELETED", text: null };
  if (!digest || digest === ZERO_DIGEST) return { status: "NONE", text: null };
  const body = await readContent(digest);
  return body ? { status: "AVAILABLE", text: asText(body) } : { status: "NOT_UPLOADED", text: null };
}

const edgePageOf =
  (direction: "followers" | "following" | "mutuals") => (p: ProfileRow, args: PageArgs, { loaders }: GraphQLContext) =>
    page(direction, args, (limit, after) => edgePage(loaders, direction, p.id, limit, after));

const resolvers = {
  BigInt: BigIntScalar,
  Query: {
    profile: async (_: unknown, args: { id?: bigint | null; handle?: string | null }, { loaders }: GraphQLContext) => {
      if ((args.id == null) === (args.handle == null)) throw badInput("profile takes exactly one of id and handle");
      return args.id != null ? loaders.profile.load(args.id) : profileByHandle(loaders, args.handle!);
    },
    post: (_: unknown, args: { id: bigint }, { loaders }: GraphQLContext) => loaders.post.load(args.id),
    homeFeed: (_: unknown, args: PageArgs & { profileId: bigint }, { loaders }: GraphQLContext) =>
      page("homeFeed", args, (limit, after) => homeFeedPage(loaders, args.profileId, limit, after)),
    notifications: (_: unknown, args: PageArgs & { profileId: bigint }, { loaders }: GraphQLContext) =>
      page("notifications", args, (limit, after) => notificationPage(loaders, args.profileId, limit, after)),
    searchProfiles: async (_: unknown, args: PageArgs & { prefix: string }, { loaders }: GraphQLContext) => {
      if (!/^[a-z0-9_]{1,16}$/.test(args.prefix)) {
        throw badInput("prefix must be 1 to 16 characters of a-z, 0-9 and _ (handles are lowercase)");
      }
      const limit = checkLimit(args.limit);
      const rows = await searchProfiles(loaders, args.prefix, limit, decodeHandleCursor("searchProfiles", args.after));
      return toPage("searchProfiles", rows, limit, (row) => row.handle);
    },
    follows: (_: unknown, args: { followerId: bigint; followeeId: bigint }, { loaders }: GraphQLContext) =>
      isFollowing(loaders, args.followerId, args.followeeId),
    _meta: (_: unknown, __: unknown, { freshness }: GraphQLContext) => freshness ?? {},
  },
  Profile: {
    metadata: async (p: ProfileRow) => (await content(p.metadataHash, false)).text,
    metadataStatus: async (p: ProfileRow) => (await content(p.metadataHash, false)).status,
    followers: edgePageOf("followers"),
    following: edgePageOf("following"),
    mutuals: edgePageOf("mutuals"),
    follows: (p: ProfileRow, args: { profileId: bigint }, { loaders }: GraphQLContext) => isFollowing(loaders, p.id, args.profileId),
    followedBy: (p: ProfileRow, args: { profileId: bigint }, { loaders }: GraphQLContext) => isFollowing(loaders, args.profileId, p.id),
    posts: (p: ProfileRow, args: PageArgs & { includeReplies?: boolean | null; viewerId?: bigint | null }, { loaders }: GraphQLContext) =>
      page("posts", args, (limit, after) => profilePostsPage(loaders, p.id, args.includeReplies ?? false, args.viewerId ?? undefined, limit, after)),
    appKeys: (p: ProfileRow, args: PageArgs & { includeInactive?: boolean | null }, ctx: GraphQLContext) =>
      page("appKeys", args, (limit, after) => appKeyPage(ctx.loaders, p.id, args.includeInactive ?? false, chainTime(ctx), limit, after)),
  },
  Follow: {
    profile: (edge: Edge, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(edge.otherId),
    followedAt: (edge: Edge) => edge.createdAt,
  },
  AppKey: {
    scopes: (k: AppKeyRow) => SCOPES.filter((_, bit) => k.scopes & (1 << bit)),
    active: (k: AppKeyRow, _: unknown, ctx: GraphQLContext) => k.revokedAt === null && k.expiry > chainTime(ctx),
  },
  Post: {
    kind: (p: PostRow) => p.kind.toUpperCase(),
    author: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(p.authorId),
    contentHash: (p: PostRow) => (p.deleted ? null : p.contentHash),
    cid: (p: PostRow) => (p.deleted || !p.contentHash ? null : cidOf(p.contentHash)),
    body: async (p: PostRow) => (await content(p.contentHash, p.deleted)).text,
    bodyStatus: async (p: PostRow) => (await content(p.contentHash, p.deleted)).status,
    uri: (p: PostRow) => (p.deleted || p.uri === "" ? null : p.uri),
    app: (p: PostRow) => p.actor,
    appKey: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => loaders.appKey.load({ profileId: p.authorId, key: p.actor }),
    parent: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "reply", ctx),
    quoted: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "quote", ctx),
    reposted: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "repost", ctx),
    root: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => (p.rootId === p.id ? p : loaders.post.load(p.rootId)),
    tips: (p: PostRow) => Object.entries(p.tips).map(([token, { total, count }]) => ({ token, total, count })),
    replies: (p: PostRow, args: PageArgs & { viewerId?: bigint | null }, { loaders }: GraphQLContext) =>
      page("replies", args, (limit, after) => targetingPage(loaders, p.id, "reply", args.viewerId ?? undefined, limit, after)),
    quotes: (p: PostRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page("quotes", args, (limit, after) => targetingPage(loaders, p.id, "quote", undefined, limit, after)),
    reposts: (p: PostRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page("reposts", args, (limit, after) => targetingPage(loaders, p.id, "repost", undefined, limit, after)),
  },
  Notification: {
    kind: (n: NotificationRow) => n.kind.toUpperCase(),
    actor: (n: NotificationRow, _: unknown, { loaders }: GraphQLContext) => (n.actorId === null ? null : loaders.profile.load(n.actorId)),
    post: (n: NotificationRow, _: unknown, { loaders }: GraphQLContext) => (n.postId === null ? null : loaders.post.load(n.postId)),
    subject: (n: NotificationRow, _: unknown, { loaders }: GraphQLContext) => (n.subjectId === null ? null : loaders.post.load(n.subjectId)),
  },
};

function targetOf(p: PostRow, kind: PostRow["kind"], { loaders }: GraphQLContext) {
  return p.kind === kind && p.targetId !== null ? loaders.post.load(p.targetId) : null;
}

export const schema = createSchema<GraphQLContext>({ typeDefs, resolvers });
