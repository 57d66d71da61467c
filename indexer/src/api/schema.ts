// The Kith GraphQL schema: the social graph as apps want it (profiles with counts, follower lists,
// feeds, threads), not one type per table. Served at /graphql by src/api/index.ts.
import { GraphQLScalarType, Kind } from "graphql";
import { createSchema } from "graphql-yoga";

import { badInput, checkLimit, decodeCursor, toPage } from "./pagination";
import {
  type AppKeyRow,
  appKeyPage,
  followPage,
  homeFeedPage,
  type Loaders,
  type PostRow,
  type ProfileRow,
  profileByHandle,
  profilePostsPage,
  repliesPage,
} from "./store";

export interface GraphQLContext {
  loaders: Loaders;
}

const typeDefs = /* GraphQL */ `
  "An unsigned integer of up to 256 bits, as a decimal string (ids, block numbers, timestamps)."
  scalar BigInt

  type Query {
    "A profile by id or by handle (give exactly one)."
    profile(id: BigInt, handle: String): Profile
    "A post by id. Deleted posts are returned with deleted: true and no content."
    post(id: BigInt!): Post
    "Posts, quotes and reposts by the profiles that profileId follows, newest first. Deleted posts and reposts of deleted posts are left out."
    homeFeed(profileId: BigInt!, limit: Int = 20, after: String): PostPage!
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
    "Unix time (seconds) of the registration block."
    createdAt: BigInt!
    followerCount: Int!
    followingCount: Int!
    "Live posts, replies and quotes (reposts are not counted)."
    postCount: Int!
    "Profiles that follow this one, most recent follow first."
    followers(limit: Int = 20, after: String): FollowPage!
    "Profiles this one follows, most recent follow first."
    following(limit: Int = 20, after: String): FollowPage!
    "This profile's live posts, quotes and reposts, newest first (replies too with includeReplies)."
    posts(limit: Int = 20, after: String, includeReplies: Boolean = false): PostPage!
    "App keys that may act for this profile now (all ever added with includeInactive), newest first."
    appKeys(limit: Int = 20, after: String, includeInactive: Boolean = false): AppKeyPage!
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

  type AppKeyPage {
    items: [AppKey!]!
    pageInfo: PageInfo!
  }

  "One follow edge, seen from the profile whose list it is in."
  type Follow {
    "The other profile: the follower in followers, the followee in following."
    profile: Profile!
    "Unix time (seconds) of the follow."
    followedAt: BigInt!
  }

  enum PostKind {
    POST
    REPLY
    QUOTE
    REPOST
  }

  type Post {
    id: BigInt!
    kind: PostKind!
    author: Profile!
    "sha256 digest of the body; null for reposts and deleted posts."
    contentHash: String
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
    "Live replies, oldest first."
    replies(limit: Int = 20, after: String): PostPage!
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
`;

const MAX_UINT256 = (1n << 256n) - 1n;

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
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseBigInt(ast.kind === Kind.INT ? ast.value : ast.value);
    throw badInput("BigInt must be a string or an integer literal");
  },
});

interface PageArgs {
  limit?: number | null;
  after?: string | null;
}

const resolvers = {
  BigInt: BigIntScalar,
  Query: {
    profile: async (_: unknown, args: { id?: bigint | null; handle?: string | null }, { loaders }: GraphQLContext) => {
      if ((args.id == null) === (args.handle == null)) throw badInput("profile takes exactly one of id and handle");
      return args.id != null ? loaders.profile.load(args.id) : profileByHandle(args.handle!);
    },
    post: (_: unknown, args: { id: bigint }, { loaders }: GraphQLContext) => loaders.post.load(args.id),
    homeFeed: async (_: unknown, args: PageArgs & { profileId: bigint }) => {
      const limit = checkLimit(args.limit);
      return toPage(await homeFeedPage(args.profileId, limit, decodeCursor(args.after)), limit);
    },
  },
  Profile: {
    followers: async (p: ProfileRow, args: PageArgs) => {
      const limit = checkLimit(args.limit);
      const rows = await followPage("followers", p.id, limit, decodeCursor(args.after));
      return toPage(rows.map((row) => ({ ...row, otherId: row.followerId })), limit);
    },
    following: async (p: ProfileRow, args: PageArgs) => {
      const limit = checkLimit(args.limit);
      const rows = await followPage("following", p.id, limit, decodeCursor(args.after));
      return toPage(rows.map((row) => ({ ...row, otherId: row.followeeId })), limit);
    },
    posts: async (p: ProfileRow, args: PageArgs & { includeReplies?: boolean | null }) => {
      const limit = checkLimit(args.limit);
      return toPage(await profilePostsPage(p.id, args.includeReplies ?? false, limit, decodeCursor(args.after)), limit);
    },
    appKeys: async (p: ProfileRow, args: PageArgs & { includeInactive?: boolean | null }) => {
      const limit = checkLimit(args.limit);
      const rows = await appKeyPage(p.id, args.includeInactive ?? false, nowSeconds(), limit, decodeCursor(args.after));
      return toPage(rows, limit);
    },
  },
  AppKey: {
    scopes: (k: AppKeyRow) => SCOPES.filter((_, bit) => k.scopes & (1 << bit)),
    active: (k: AppKeyRow) => k.revokedAt === null && k.expiry > nowSeconds(),
  },
  Follow: {
    profile: (edge: { otherId: bigint }, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(edge.otherId),
    followedAt: (edge: { createdAt: bigint }) => edge.createdAt,
  },
  Post: {
    kind: (p: PostRow) => p.kind.toUpperCase(),
    author: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(p.authorId),
    contentHash: (p: PostRow) => (p.deleted ? null : p.contentHash),
    uri: (p: PostRow) => (p.deleted || p.uri === "" ? null : p.uri),
    app: (p: PostRow) => p.actor,
    appKey: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => loaders.appKey.load({ profileId: p.authorId, key: p.actor }),
    parent: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "reply", ctx),
    quoted: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "quote", ctx),
    reposted: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "repost", ctx),
    root: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => (p.rootId === p.id ? p : loaders.post.load(p.rootId)),
    replies: async (p: PostRow, args: PageArgs) => {
      const limit = checkLimit(args.limit);
      return toPage(await repliesPage(p.id, limit, decodeCursor(args.after)), limit);
    },
  },
};

function targetOf(p: PostRow, kind: PostRow["kind"], { loaders }: GraphQLContext) {
  return p.kind === kind && p.targetId !== null ? loaders.post.load(p.targetId) : null;
}

export const schema = createSchema<GraphQLContext>({ typeDefs, resolvers });
