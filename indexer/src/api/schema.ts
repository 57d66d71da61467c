// The Kith GraphQL schema: the social graph as apps want it (profiles with counts, follower lists,
// feeds, threads, notifications, bodies), not one type per table. Served at /graphql by index.ts.
import { GraphQLScalarType, Kind } from "graphql";
import { createSchema } from "graphql-yoga";

import { asText, cidOf, readContent } from "./content";
import type { Freshness } from "./freshness";
import { badInput, checkLimit, decodeCursor, decodeHandleCursor, type Page, toPage } from "./pagination";
import type { StatementCounter } from "./sql";
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

export interface GraphQLContext {
  loaders: Loaders;
  counter: StatementCounter;
  freshness: Freshness | null;
}

const typeDefs = /* GraphQL */ `
  "An unsigned integer of up to 256 bits, as a decimal string (ids, block numbers, timestamps, amounts)."
  scalar BigInt

  type Query {
    "A profile by id or by handle (give exactly one)."
    profile(id: BigInt, handle: String): Profile
    "A post by id. Deleted posts are returned with deleted: true and no content."
    post(id: BigInt!): Post
    "Posts, quotes and reposts by the profiles that profileId follows, newest first. Left out: deleted posts, reposts of deleted posts, and anything by or pointing at a profile profileId blocks."
    homeFeed(profileId: BigInt!, limit: Int = 20, after: String): PostPage!
    "What happened to profileId: new followers, replies, quotes, reposts, likes and tips, newest first. Left out: deleted posts and profiles profileId blocks."
    notifications(profileId: BigInt!, limit: Int = 20, after: String): NotificationPage!
    "Profiles whose handle starts with prefix, in handle order."
    searchProfiles(prefix: String!, limit: Int = 20, after: String): ProfilePage!
    "Whether followerId follows followeeId."
    follows(followerId: BigInt!, followeeId: BigInt!): Boolean!
    "Which block the answers reflect (also in every response's extensions.kith)."
    _meta: Meta!
  }

  type Meta {
    chainId: Int
    "Last block the indexer has processed: the answer reflects at least this block (it is read at most 200 ms before)."
    indexedBlock: BigInt
    indexedBlockTimestamp: BigInt
    "Last block the indexer considers final (reorgs cannot change what it has indexed up to it)."
    finalizedBlock: BigInt
  }

  "Whether a body (or metadata document) is available from the content endpoint."
  enum ContentStatus {
    "Uploaded: body holds the text (null if it is not UTF-8; fetch /content/<digest> for the bytes)."
    AVAILABLE
    "Recorded on chain, but nobody has uploaded the body yet."
    NOT_UPLOADED
    "Nothing to show: a repost, or a zero digest."
    NONE
    "The author deleted the post."
    DELETED
  }

  type Profile {
    id: BigInt!
    handle: String!
    "Address that owns the profile."
    custody: String!
    "Address that may move custody; the zero address when none."
    recovery: String!
    "Address the profile is offered to, if a transfer is pending."
    pendingCustody: String
    "sha256 digest of the profile's metadata document."
    metadataHash: String!
    "The metadata document (usually JSON), when uploaded."
    metadata: String
    metadataStatus: ContentStatus!
    "Unix time (seconds) of the registration block."
    createdAt: BigInt!
    followerCount: Int!
    followingCount: Int!
    "Profiles this one follows that follow it back."
    mutualCount: Int!
    "Live posts, replies and quotes (reposts are not counted)."
    postCount: Int!
    "Profiles that follow this one, most recent follow first."
    followers(limit: Int = 20, after: String): FollowPage!
    "Profiles this one follows, most recent follow first."
    following(limit: Int = 20, after: String): FollowPage!
    "Profiles this one follows and that follow it back, most recent follow first."
    mutuals(limit: Int = 20, after: String): FollowPage!
    "Whether this profile follows profileId."
    follows(profileId: BigInt!): Boolean!
    "Whether profileId follows this profile."
    followedBy(profileId: BigInt!): Boolean!
    "This profile's live posts, quotes and reposts, newest first (replies too with includeReplies). With viewerId, nothing pointing at a profile the viewer blocks (and nothing at all if the viewer blocks this profile)."
    posts(limit: Int = 20, after: String, includeReplies: Boolean = false, viewerId: BigInt): PostPage!
    "App keys that may act for this profile now (all ever added with includeInactive), newest first."
    appKeys(limit: Int = 20, after: String, includeInactive: Boolean = false): AppKeyPage!
  }

  "One follow edge, seen from the profile whose list it is in."
  type Follow {
    "The other profile: the follower in followers, the followee in following and mutuals."
    profile: Profile!
    "Unix time (seconds) of the follow."
    followedAt: BigInt!
  }

  "What an app key may do for its profile."
  enum Scope {
    POST
    REACT
    FOLLOW
    BLOCK
    METADATA
    TIP
  }

  "An address that may act for a profile within scopes, until an expiry."
  type AppKey {
    key: String!
    scopes: [Scope!]!
    "Unix seconds after which the key may no longer act."
    expiry: BigInt!
    addedAt: BigInt!
    revokedAt: BigInt
    "Not revoked and not expired at the time of the query."
    active: Boolean!
  }

  enum PostKind {
    POST
    REPLY
    QUOTE
    REPOST
  }

  "Tips a post received in one token."
  type TipTotal {
    "The token's address; the zero address for ETH."
    token: String!
    total: BigInt!
    count: Int!
  }

  type Post {
    id: BigInt!
    kind: PostKind!
    author: Profile!
    "sha256 digest of the body; null for reposts and deleted posts."
    contentHash: String
    "IPFS CIDv1 (raw, sha2-256) of the body; null for reposts and deleted posts."
    cid: String
    "The body as text, when uploaded to /content (see bodyStatus)."
    body: String
    bodyStatus: ContentStatus!
    "Where the body can be fetched, if the author gave a location; null when deleted."
    uri: String
    "Address that authorized the post: the custody or an app key."
    app: String!
    "The app key that made the post; null when the custody did."
    appKey: AppKey
    createdAt: BigInt!
    blockNumber: BigInt!
    transactionHash: String!
    deleted: Boolean!
    "The post this one replies to."
    parent: Post
    "The post this one quotes."
    quoted: Post
    "The post this one reposts."
    reposted: Post
    "The first post of the thread (itself unless it is a reply)."
    root: Post
    replyCount: Int!
    quoteCount: Int!
    repostCount: Int!
    likeCount: Int!
    "Tip totals per token."
    tips: [TipTotal!]!
    "Live replies, oldest first; with viewerId, none by profiles the viewer blocks. Nest to read a thread."
    replies(limit: Int = 20, after: String, viewerId: BigInt): PostPage!
    "Live quotes of this post, newest first."
    quotes(limit: Int = 20, after: String): PostPage!
    "Live reposts of this post, newest first."
    reposts(limit: Int = 20, after: String): PostPage!
  }

  enum NotificationKind {
    FOLLOW
    REPLY
    QUOTE
    REPOST
    LIKE
    TIP
  }

  type Notification {
    kind: NotificationKind!
    createdAt: BigInt!
    "Who did it; null for an anonymous tip."
    actor: Profile
    "The reply, quote or repost itself."
    post: Post
    "The recipient's post that was replied to, quoted, reposted, liked or tipped."
    subject: Post
    "For tips: the token (the zero address for ETH) and the amount."
    token: String
    amount: BigInt
  }

  type PageInfo {
    hasNextPage: Boolean!
    "Pass as after to get the next page."
    endCursor: String
  }

  type PostPage {
    items: [Post!]!
    pageInfo: PageInfo!
  }

  type FollowPage {
    items: [Follow!]!
    pageInfo: PageInfo!
  }

  type ProfilePage {
    items: [Profile!]!
    pageInfo: PageInfo!
  }

  type AppKeyPage {
    items: [AppKey!]!
    pageInfo: PageInfo!
  }

  type NotificationPage {
    items: [Notification!]!
    pageInfo: PageInfo!
  }
`;

const MAX_UINT256 = (1n << 256n) - 1n;
const ZERO_DIGEST = `0x${"0".repeat(64)}`;

/** Scope names by bit position, as in contracts/libraries/Scopes.sol. */
const SCOPES = ["POST", "REACT", "FOLLOW", "BLOCK", "METADATA", "TIP"] as const;

const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

function parseBigInt(value: unknown): bigint {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,78}$/.test(text) || BigInt(text) > MAX_UINT256) {
    throw badInput(`BigInt must be a decimal string of an unsigned 256-bit integer, got ${JSON.stringify(value)}`);
  }
  return BigInt(text);
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

/** Runs a page query for `args` and wraps the rows into a page. */
async function page<T>(args: PageArgs, fetch: (limit: number, after: bigint | undefined) => Promise<T[]>): Promise<Page<T>> {
  const limit = checkLimit(args.limit);
  return toPage(await fetch(limit, decodeCursor(args.after)), limit);
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
    page(args, (limit, after) => edgePage(loaders, direction, p.id, limit, after));

const resolvers = {
  BigInt: BigIntScalar,
  Query: {
    profile: async (_: unknown, args: { id?: bigint | null; handle?: string | null }, { loaders }: GraphQLContext) => {
      if ((args.id == null) === (args.handle == null)) throw badInput("profile takes exactly one of id and handle");
      return args.id != null ? loaders.profile.load(args.id) : profileByHandle(loaders, args.handle!);
    },
    post: (_: unknown, args: { id: bigint }, { loaders }: GraphQLContext) => loaders.post.load(args.id),
    homeFeed: (_: unknown, args: PageArgs & { profileId: bigint }, { loaders }: GraphQLContext) =>
      page(args, (limit, after) => homeFeedPage(loaders, args.profileId, limit, after)),
    notifications: (_: unknown, args: PageArgs & { profileId: bigint }, { loaders }: GraphQLContext) =>
      page(args, (limit, after) => notificationPage(loaders, args.profileId, limit, after)),
    searchProfiles: async (_: unknown, args: PageArgs & { prefix: string }, { loaders }: GraphQLContext) => {
      if (!/^[a-z0-9_]{1,16}$/.test(args.prefix)) {
        throw badInput("prefix must be 1 to 16 characters of a-z, 0-9 and _ (handles are lowercase)");
      }
      const limit = checkLimit(args.limit);
      const rows = await searchProfiles(loaders, args.prefix, limit, decodeHandleCursor(args.after));
      return toPage(rows, limit, (row) => row.handle);
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
      page(args, (limit, after) => profilePostsPage(loaders, p.id, args.includeReplies ?? false, args.viewerId ?? undefined, limit, after)),
    appKeys: (p: ProfileRow, args: PageArgs & { includeInactive?: boolean | null }, { loaders }: GraphQLContext) =>
      page(args, (limit, after) => appKeyPage(loaders, p.id, args.includeInactive ?? false, nowSeconds(), limit, after)),
  },
  Follow: {
    profile: (edge: Edge, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(edge.otherId),
    followedAt: (edge: Edge) => edge.createdAt,
  },
  AppKey: {
    scopes: (k: AppKeyRow) => SCOPES.filter((_, bit) => k.scopes & (1 << bit)),
    active: (k: AppKeyRow) => k.revokedAt === null && k.expiry > nowSeconds(),
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
      page(args, (limit, after) => targetingPage(loaders, p.id, "reply", args.viewerId ?? undefined, limit, after)),
    quotes: (p: PostRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page(args, (limit, after) => targetingPage(loaders, p.id, "quote", undefined, limit, after)),
    reposts: (p: PostRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page(args, (limit, after) => targetingPage(loaders, p.id, "repost", undefined, limit, after)),
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
