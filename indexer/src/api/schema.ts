// The Kith GraphQL schema's resolvers over the types of typeDefs.ts. Served at /graphql by index.ts.
import { GraphQLScalarType, Kind } from "graphql";
import { createSchema } from "graphql-yoga";

import { parseOriginUri } from "@kith/sdk/migration";
import { parseUint256 } from "@kith/sdk/values";

import { cidOf } from "./cid";
import { asText, missStandsUntil, readContent, storeFailed } from "./content";
import { chainTime, type Freshness } from "./freshness";
import { badInput, checkLimit, MAX_UNPAGED_ITEMS, decodeCursor, decodeHandleCursor, type ListName, type Page, toPage } from "./pagination";
import type { RequestScope } from "./sql";
import {
  type AppKeyRow,
  appKeyPage,
  channelByName,
  channelMemberPage,
  channelModerators,
  channelPage,
  channelPinnedPost,
  channelPostsPage,
  type ChannelRow,
  type HiddenRow,
  labelerSubscriptions,
  labelPage,
  type LabelRow,
  listMembershipPage,
  type ListRow,
  listSubscriptions,
  type ListSubscriptionRow,
  memberStatusOf,
  type MemberStatusValue,
  moderationLogPage,
  type ModerationLogRow,
  type Viewer,
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
  ZERO_DIGEST,
} from "./store";
import { typeDefs } from "./typeDefs";

export interface GraphQLContext {
  loaders: Loaders;
  scope: RequestScope;
  freshness: Freshness | null;
}

/** Scope names by bit position, as in contracts/libraries/Scopes.sol. */
const SCOPES = ["POST", "REACT", "FOLLOW", "BLOCK", "METADATA", "TIP"] as const;

/** "Now" of this request: the indexed block's time (see chainTime). */
const now = ({ freshness }: GraphQLContext) => chainTime(freshness);

/** The viewer `id` of a per-viewer read, judged at the indexed block; undefined without one. */
function viewer(ctx: GraphQLContext, id: bigint): Viewer;
function viewer(ctx: GraphQLContext, id: bigint | null | undefined): Viewer | undefined;
function viewer(ctx: GraphQLContext, id: bigint | null | undefined): Viewer | undefined {
  return id === null || id === undefined ? undefined : { id, now: now(ctx) };
}

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

/** page() for lists whose items are paged by another table's ordinal (a membership's, not the channel's). */
async function pageOf<T>(
  list: ListName,
  args: PageArgs,
  fetch: (limit: number, after: bigint | undefined) => Promise<{ item: T; ordinal: bigint }[]>,
): Promise<Page<T>> {
  const { items, pageInfo } = await page(list, args, fetch);
  return { items: items.map((row) => row.item), pageInfo };
}

const ENUM = (value: string) => value.toUpperCase();
const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Why a post is not shown, as a sentence (see HiddenReason.message). */
async function hiddenMessage(reason: HiddenRow, { loaders }: GraphQLContext): Promise<string> {
  const who = async () => {
    const found = reason.profileId === null ? null : await loaders.profile.load(reason.profileId);
    return found ? `@${found.handle}` : `profile ${reason.profileId}`;
  };
  switch (reason.kind) {
    case "LABEL": {
      const { value, labeler, subject } = reason.label!;
      const on = subject < 1n << 160n ? " (on its author)" : "";
      return `labelled ${value} by ${shortAddress(labeler)}${on} (you hide ${value})`;
    }
    case "MUTE_LIST":
      return `by ${await who()}, on "${reason.list?.name}" (list ${reason.list?.id}), which you mute`;
    case "BLOCK_LIST":
      return `by or pointing at ${await who()}, on "${reason.list?.name}" (list ${reason.list?.id}), which you block`;
    case "BLOCKED":
      return `by or pointing at ${await who()}, whom you block`;
    case "CHANNEL_HIDDEN":
      return `hidden from the channel by moderator ${shortAddress(reason.moderationAction!.actor)}: ${reason.moderationAction!.reason || "no reason given"}`;
    case "CHANNEL_BAN":
      return `by ${await who()}, banned from the channel by moderator ${shortAddress(reason.moderationAction!.actor)}: ${reason.moderationAction!.reason || "no reason given"}`;
  }
}

const MEMBER_STATUSES = ["REQUESTED", "MEMBER", "BANNED"] as const;

/**
 * How long a field waits for a body being fetched from a peer before it answers NOT_UPLOADED (the
 * fetch goes on and stores it for the next read): a page of posts must not take peers' timeouts.
 */
const PEER_WAIT_MS = 1_000;

/**
 * Body or metadata document of `digest`, with its status. One not uploaded may come to the file
 * store without a database transaction: an answer that shows one is kept only until a body
 * arrives in this process or the miss is looked at again (responseCache.ts). One the store failed
 * to read is never kept.
 */
async function content({ scope }: GraphQLContext, digest: `0x${string}` | null, deleted: boolean) {
  if (deleted) return { status: "DELETED", text: null };
  if (!digest || digest === ZERO_DIGEST) return { status: "NONE", text: null };
  // The digest comes from the row, so peers may be asked; the answer waits for them only so long.
  // A store that fails costs this field only, not the page it is on (bodyStatus is non-null).
  const body = await readContent(digest, { referenced: true, waitMs: PEER_WAIT_MS }).catch((failure: Error) => {
    storeFailed(failure);
    return undefined;
  });
  if (body === undefined) {
    scope.keep = false;
    return { status: "UNAVAILABLE", text: null };
  }
  if (body === null) scope.missesUntil = Math.min(scope.missesUntil ?? Infinity, missStandsUntil(digest));
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
    homeFeed: (_: unknown, args: PageArgs & { profileId: bigint }, ctx: GraphQLContext) =>
      page("homeFeed", args, (limit, after) => homeFeedPage(ctx.loaders, viewer(ctx, args.profileId), limit, after)),
    notifications: (_: unknown, args: PageArgs & { profileId: bigint }, ctx: GraphQLContext) =>
      page("notifications", args, (limit, after) => notificationPage(ctx.loaders, viewer(ctx, args.profileId), limit, after)),
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
    channel: async (_: unknown, args: { id?: bigint | null; name?: string | null }, { loaders }: GraphQLContext) => {
      if ((args.id == null) === (args.name == null)) throw badInput("channel takes exactly one of id and name");
      if (args.name != null && !/^[a-z0-9_]{3,16}$/.test(args.name)) {
        throw badInput("name must be 3 to 16 characters of a-z, 0-9 and _ (channel names are like handles)");
      }
      return args.id != null ? loaders.channel.load(args.id) : channelByName(loaders, args.name!);
    },
    channels: (_: unknown, args: PageArgs, { loaders }: GraphQLContext) =>
      pageOf("channels", args, (limit, after) => channelPage(loaders, undefined, limit, after)),
    moderationList: (_: unknown, args: { id: bigint }, { loaders }: GraphQLContext) => loaders.list.load(args.id),
    labels: (_: unknown, args: PageArgs & { subject: bigint; includeInactive?: boolean | null }, ctx: GraphQLContext) =>
      page("labels", args, (limit, after) => labelPage(ctx.loaders, args.subject, args.includeInactive ?? false, now(ctx), limit, after)),
    // The chain's head and the lag come from the RPC and the clock: never kept (responseCache.ts).
    _meta: (_: unknown, __: unknown, { freshness, scope }: GraphQLContext) => {
      scope.keep = false;
      return freshness ?? {};
    },
  },
  Profile: {
    metadata: async (p: ProfileRow, _: unknown, ctx: GraphQLContext) => (await content(ctx, p.metadataHash, false)).text,
    metadataStatus: async (p: ProfileRow, _: unknown, ctx: GraphQLContext) => (await content(ctx, p.metadataHash, false)).status,
    followers: edgePageOf("followers"),
    following: edgePageOf("following"),
    mutuals: edgePageOf("mutuals"),
    follows: (p: ProfileRow, args: { profileId: bigint }, { loaders }: GraphQLContext) => isFollowing(loaders, p.id, args.profileId),
    followedBy: (p: ProfileRow, args: { profileId: bigint }, { loaders }: GraphQLContext) => isFollowing(loaders, args.profileId, p.id),
    posts: (p: ProfileRow, args: PageArgs & { includeReplies?: boolean | null; viewerId?: bigint | null }, ctx: GraphQLContext) =>
      page("posts", args, (limit, after) => profilePostsPage(ctx.loaders, p.id, args.includeReplies ?? false, viewer(ctx, args.viewerId), limit, after)),
    appKeys: (p: ProfileRow, args: PageArgs & { includeInactive?: boolean | null }, ctx: GraphQLContext) =>
      page("appKeys", args, (limit, after) => appKeyPage(ctx.loaders, p.id, args.includeInactive ?? false, now(ctx), limit, after)),
    labels: (p: ProfileRow, args: { viewerId?: bigint | null }, ctx: GraphQLContext) => ctx.loaders.forViewer(args.viewerId ?? undefined, now(ctx)).labels.load(p.id),
    labelerSubscriptions: (p: ProfileRow, _: unknown, { loaders }: GraphQLContext) => labelerSubscriptions(loaders, p.id),
    listSubscriptions: async (p: ProfileRow, _: unknown, { loaders }: GraphQLContext) =>
      (await listSubscriptions(loaders, { profileId: p.id }, MAX_UNPAGED_ITEMS)).slice(0, MAX_UNPAGED_ITEMS),
    memberOfLists: (p: ProfileRow, args: PageArgs, { loaders }: GraphQLContext) =>
      pageOf("memberOfLists", args, async (limit, after) =>
        (await listMembershipPage(loaders, { profileId: p.id }, limit, after)).map(({ list, ordinal }) => ({ item: list, ordinal })),
      ),
    channels: (p: ProfileRow, args: PageArgs, { loaders }: GraphQLContext) =>
      pageOf("memberChannels", args, (limit, after) => channelPage(loaders, p.id, limit, after)),
  },
  Label: {
    active: (l: LabelRow, _: unknown, ctx: GraphQLContext) => !l.negated && (l.expiry === null || l.expiry > now(ctx)),
    action: (l: LabelRow) => (l.action ? ENUM(l.action) : null),
  },
  LabelerSubscription: {
    policies: (s: { policies: { value: string; action: string }[] }) => s.policies.map(({ value, action }) => ({ value, action: ENUM(action) })),
  },
  ListSubscription: {
    list: (s: ListSubscriptionRow, _: unknown, { loaders }: GraphQLContext) => loaders.list.load(s.listId),
    profile: (s: ListSubscriptionRow, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(s.profileId),
    mode: (s: ListSubscriptionRow) => ENUM(s.mode),
  },
  ModerationList: {
    members: (l: ListRow, args: PageArgs, { loaders }: GraphQLContext) =>
      pageOf("listMembers", args, async (limit, after) =>
        (await listMembershipPage(loaders, { listId: l.id }, limit, after)).map(({ member, ordinal }) => ({ item: member, ordinal })),
      ),
    subscribers: (l: ListRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page("subscribers", args, (limit, after) => listSubscriptions(loaders, { listId: l.id }, limit, after)),
  },
  HiddenReason: {
    message: (reason: HiddenRow, _: unknown, ctx: GraphQLContext) => hiddenMessage(reason, ctx),
  },
  Channel: {
    membership: (c: ChannelRow) => ENUM(c.membership),
    moderators: (c: ChannelRow, _: unknown, { loaders }: GraphQLContext) => channelModerators(loaders, c.id),
    pinnedPost: (c: ChannelRow, _: unknown, { loaders }: GraphQLContext) =>
      c.pinnedPostId === null ? null : channelPinnedPost(loaders, c.id, c.pinnedPostId),
    posts: (c: ChannelRow, args: PageArgs & { viewerId?: bigint | null }, ctx: GraphQLContext) =>
      page("channelPosts", args, (limit, after) => channelPostsPage(ctx.loaders, c.id, viewer(ctx, args.viewerId), limit, after)),
    members: (c: ChannelRow, args: PageArgs & { status?: (typeof MEMBER_STATUSES)[number] | null }, { loaders }: GraphQLContext) =>
      page("channelMembers", args, (limit, after) =>
        channelMemberPage(loaders, c.id, (args.status ?? "MEMBER").toLowerCase() as MemberStatusValue, limit, after),
      ),
    memberStatus: async (c: ChannelRow, args: { profileId: bigint }, { loaders }: GraphQLContext) => {
      const status = await memberStatusOf(loaders, c.id, args.profileId);
      return status === null ? null : ENUM(status);
    },
    moderationLog: (c: ChannelRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page("moderationLog", args, (limit, after) => moderationLogPage(loaders, c.id, limit, after)),
  },
  ChannelMember: {
    profile: (m: { profileId: bigint }, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(m.profileId),
    status: (m: { status: string }) => ENUM(m.status),
  },
  ModerationAction: {
    kind: (m: ModerationLogRow) => ENUM(m.kind),
    profile: (m: ModerationLogRow, _: unknown, { loaders }: GraphQLContext) => (m.profileId === null ? null : loaders.profile.load(m.profileId)),
    post: (m: ModerationLogRow, _: unknown, { loaders }: GraphQLContext) => (m.postId === null ? null : loaders.post.load(m.postId)),
  },
  Follow: {
    profile: (edge: Edge, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(edge.otherId),
    followedAt: (edge: Edge) => edge.createdAt,
  },
  AppKey: {
    scopes: (k: AppKeyRow) => SCOPES.filter((_, bit) => k.scopes & (1 << bit)),
    active: (k: AppKeyRow, _: unknown, ctx: GraphQLContext) => k.revokedAt === null && k.expiry > now(ctx),
  },
  Post: {
    kind: (p: PostRow) => p.kind.toUpperCase(),
    author: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => loaders.profile.load(p.authorId),
    contentHash: (p: PostRow) => (p.deleted ? null : p.contentHash),
    cid: (p: PostRow) => (p.deleted || !p.contentHash ? null : cidOf(p.contentHash)),
    body: async (p: PostRow, _: unknown, ctx: GraphQLContext) => (await content(ctx, p.contentHash, p.deleted)).text,
    bodyStatus: async (p: PostRow, _: unknown, ctx: GraphQLContext) => (await content(ctx, p.contentHash, p.deleted)).status,
    uri: (p: PostRow) => (p.deleted || p.uri === "" ? null : p.uri),
    origin: (p: PostRow) => (p.deleted ? null : (parseOriginUri(p.uri) ?? null)),
    app: (p: PostRow) => p.actor,
    appKey: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => loaders.appKey.load({ profileId: p.authorId, key: p.actor }),
    parent: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "reply", ctx),
    quoted: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "quote", ctx),
    reposted: (p: PostRow, _: unknown, ctx: GraphQLContext) => targetOf(p, "repost", ctx),
    root: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => (p.rootId === p.id ? p : loaders.post.load(p.rootId)),
    tips: (p: PostRow) => Object.entries(p.tips).map(([token, { total, count }]) => ({ token, total, count })),
    replies: (p: PostRow, args: PageArgs & { viewerId?: bigint | null }, ctx: GraphQLContext) =>
      page("replies", args, (limit, after) => targetingPage(ctx.loaders, p.id, "reply", viewer(ctx, args.viewerId), limit, after)),
    quotes: (p: PostRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page("quotes", args, (limit, after) => targetingPage(loaders, p.id, "quote", undefined, limit, after)),
    reposts: (p: PostRow, args: PageArgs, { loaders }: GraphQLContext) =>
      page("reposts", args, (limit, after) => targetingPage(loaders, p.id, "repost", undefined, limit, after)),
    channel: (p: PostRow, _: unknown, { loaders }: GraphQLContext) => (p.channelId === null ? null : loaders.channel.load(p.channelId)),
    /** The post's labels and its author's, newest first, at most MAX_UNPAGED_ITEMS. */
    labels: async (p: PostRow, args: { viewerId?: bigint | null }, ctx: GraphQLContext) => {
      const { labels } = ctx.loaders.forViewer(args.viewerId ?? undefined, now(ctx));
      const [own, author] = await Promise.all([labels.load(p.id), labels.load(p.authorId)]);
      return [...own, ...author].sort((a, b) => (a.ordinal < b.ordinal ? 1 : -1)).slice(0, MAX_UNPAGED_ITEMS);
    },
    hiddenFor: (p: PostRow, args: { viewerId: bigint }, ctx: GraphQLContext) => ctx.loaders.forViewer(args.viewerId, now(ctx)).hiddenFor.load(p.id),
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
