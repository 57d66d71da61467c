// The Kith GraphQL schema's types, as SDL: the social graph as apps want it (profiles with counts,
// follower lists, feeds, threads, notifications, bodies), not one type per table. The resolvers
// are in schema.ts; this file has no imports, so benchmarks can build the schema without Ponder.
export const typeDefs = /* GraphQL */ `
  "An unsigned integer of up to 256 bits, as a decimal string (ids, block numbers, timestamps, amounts)."
  scalar BigInt

  type Query {
    "A profile by id or by handle (give exactly one)."
    profile(id: BigInt, handle: String): Profile
    "A post by id. Deleted posts are returned with deleted: true and no content."
    post(id: BigInt!): Post
    "Posts, quotes and reposts by the profiles that profileId follows, newest first. Left out: deleted posts, reposts of deleted posts, anything by or pointing at a profile profileId blocks or that is on a block list it subscribes to, posts by members of its mute lists, and posts (or reposts of posts) its labelers label with a value it hides."
    homeFeed(profileId: BigInt!, limit: Int = 20, after: String): PostPage!
    "What happened to profileId: new followers, replies, quotes, reposts, likes and tips, newest first. Left out: deleted posts, anything by profiles profileId blocks or that are on its block or mute lists, and anything about a post its labelers label with a value it hides."
    notifications(profileId: BigInt!, limit: Int = 20, after: String): NotificationPage!
    "Profiles whose handle starts with prefix, in handle order."
    searchProfiles(prefix: String!, limit: Int = 20, after: String): ProfilePage!
    "Whether followerId follows followeeId."
    follows(followerId: BigInt!, followeeId: BigInt!): Boolean!
    "A channel by id or by name (give exactly one)."
    channel(id: BigInt, name: String): Channel
    "Channels, newest first."
    channels(limit: Int = 20, after: String): ChannelPage!
    "A moderation list by id."
    moderationList(id: BigInt!): ModerationList
    "Labels on a post or a profile (subject) from every labeler, newest first: those in force, or all ever placed (the latest state of each labeler's value) with includeInactive."
    labels(subject: BigInt!, includeInactive: Boolean = false, limit: Int = 20, after: String): LabelPage!
    "Which block the answers reflect and how far behind the chain they may be (also in every response's extensions.kith)."
    _meta: Meta!
  }

  type Meta {
    chainId: Int
    "Last block the indexer has processed: the answer reflects at least this block (it is read at most 200 ms before)."
    indexedBlock: BigInt
    indexedBlockTimestamp: BigInt
    "Last block the indexer considers final (reorgs cannot change what it has indexed up to it)."
    finalizedBlock: BigInt
    "The chain's latest block as the API last saw it (it asks the RPC every second); null until the RPC has answered."
    headBlock: BigInt
    "How far behind the chain the answer may be, in seconds: the chain time from indexedBlock to headBlock, plus, while the RPC does not answer, the time since it last did."
    lagSeconds: Int
    "Whether lagSeconds is past the indexer's threshold (KITH_STALE_AFTER_SECONDS, 60), or the index is stalled: the index is behind, e.g. while the RPC is down."
    stale: Boolean
    "Whether the chain's head has been past indexedBlock without indexedBlock moving for KITH_STALL_AFTER_SECONDS (120): the indexer is stuck (its /ready answers 503)."
    stalled: Boolean
  }

  "Whether a body (or metadata document) is available from the content endpoint."
  enum ContentStatus {
    "Uploaded: body holds the text (null if it is not UTF-8; fetch /content/<digest> for the bytes)."
    AVAILABLE
    "Recorded on chain, but the body is not stored here, and no peer (KITH_CONTENT_PEERS) gave it within a second: ask again later."
    NOT_UPLOADED
    "Nothing to show: a repost, or a zero digest."
    NONE
    "The author deleted the post."
    DELETED
    "The body store could not be read just now (its database or disk failed): the rest of the answer stands; ask again later."
    UNAVAILABLE
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
    "This profile's live posts, quotes and reposts (channel posts included), newest first (replies too with includeReplies). With viewerId, the viewer's blocks, lists and labelers apply as in homeFeed (nothing at all if the viewer blocks this profile)."
    posts(limit: Int = 20, after: String, includeReplies: Boolean = false, viewerId: BigInt): PostPage!
    "Labels in force on this profile (at most 20, newest first). With viewerId: only from labelers the viewer subscribes to, not IGNOREd, each with the viewer's action. Without: every labeler's, action null."
    labels(viewerId: BigInt): [Label!]!
    "Labelers this profile subscribes to, with its policies (at most 20 of each, newest first)."
    labelerSubscriptions: [LabelerSubscription!]!
    "Moderation lists this profile subscribes to (at most 20, newest first)."
    listSubscriptions: [ListSubscription!]!
    "Lists this profile is a member of, most recently added first."
    memberOfLists(limit: Int = 20, after: String): ModerationListPage!
    "Channels this profile is a member of, most recently joined first."
    channels(limit: Int = 20, after: String): ChannelPage!
    "App keys that may act for this profile at the indexed block (all ever added with includeInactive), newest first."
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
    "Not revoked, and not expired at the time of the indexed block (extensions.kith.indexedBlockTimestamp), as the contract judges it."
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

  "Where an imported post was first posted."
  type PostOrigin {
    chainId: Int!
    "The Kith contract of that chain (checksummed)."
    contract: String!
    postId: BigInt!
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
    "For a post imported from another Kith deployment (kith import): its original, named by its uri (kith:eip155:<chainId>:<kith>:<postId>). The author asserts it; the original's export proves it (kith verify). Null for other posts."
    origin: PostOrigin
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
    "Live replies, oldest first; with viewerId, none by profiles the viewer blocks or that are on its block or mute lists, and none its labelers label with a value it hides. Nest to read a thread."
    replies(limit: Int = 20, after: String, viewerId: BigInt): PostPage!
    "Live quotes of this post, newest first."
    quotes(limit: Int = 20, after: String): PostPage!
    "Live reposts of this post, newest first."
    reposts(limit: Int = 20, after: String): PostPage!
    "The channel this post was posted into; null for posts outside channels."
    channel: Channel
    "Labels in force on this post and on its author (at most 20, newest first). With viewerId: only from labelers the viewer subscribes to, not IGNOREd, each with the viewer's action. Without: every labeler's, action null."
    labels(viewerId: BigInt): [Label!]!
    "Why viewerId is not shown this post (empty when it is): labels with HIDE, mute or block lists, the viewer's own blocks, or (for channel posts) a moderator's hide or a ban."
    hiddenFor(viewerId: BigInt!): [HiddenReason!]!
  }

  "What a label does for a viewer subscribed to its labeler (default WARN)."
  enum LabelAction {
    WARN
    HIDE
    IGNORE
  }

  enum ListMode {
    MUTE
    BLOCK
  }

  "A labeler's label on a post or a profile: the latest Labeled or LabelNegated of its (labeler, subject, value)."
  type Label {
    labeler: String!
    "The post or profile id labelled."
    subject: BigInt!
    value: String!
    "Unix seconds after which it no longer applies; null: never."
    expiry: BigInt
    createdAt: BigInt!
    transactionHash: String!
    "In force at the indexed block: not negated, not expired (judged by the indexed block's time, extensions.kith.indexedBlockTimestamp)."
    active: Boolean!
    "What it does for the viewer asked about (labels(viewerId: ...)); null without a viewer."
    action: LabelAction
  }

  type LabelPolicy {
    value: String!
    action: LabelAction!
  }

  type LabelerSubscription {
    labeler: String!
    subscribedAt: BigInt!
    policies: [LabelPolicy!]!
  }

  type ListSubscription {
    list: ModerationList!
    profile: Profile!
    mode: ListMode!
    subscribedAt: BigInt!
  }

  "A list of profiles that others subscribe to as a mute or a block list."
  type ModerationList {
    id: BigInt!
    name: String!
    owner: String!
    pendingOwner: String
    createdAt: BigInt!
    memberCount: Int!
    "Members, most recently added first."
    members(limit: Int = 20, after: String): ProfilePage!
    subscriberCount: Int!
    "Subscriptions, newest first."
    subscribers(limit: Int = 20, after: String): ListSubscriptionPage!
  }

  enum HiddenReasonKind {
    LABEL
    MUTE_LIST
    BLOCK_LIST
    BLOCKED
    CHANNEL_HIDDEN
    CHANNEL_BAN
  }

  type HiddenReason {
    kind: HiddenReasonKind!
    "A sentence a person understands, e.g. 'labelled spam by 0xabc… (you hide spam)'."
    message: String!
    "LABEL: the label."
    label: Label
    "MUTE_LIST and BLOCK_LIST: the list."
    list: ModerationList
    "CHANNEL_HIDDEN and CHANNEL_BAN: the moderator's action."
    moderationAction: ModerationAction
  }

  enum Membership {
    OPEN
    APPROVAL
    TOKEN_GATED
  }

  enum MemberStatus {
    REQUESTED
    MEMBER
    BANNED
  }

  "A community with its own rules: members post into it, moderators hide posts, ban members and pin a post."
  type Channel {
    id: BigInt!
    name: String!
    owner: String!
    pendingOwner: String
    createdAt: BigInt!
    membership: Membership!
    "null unless TOKEN_GATED"
    gateToken: String
    "null unless TOKEN_GATED"
    minBalance: BigInt
    "Profiles with status MEMBER."
    memberCount: Int!
    "Addresses the owner made moderators (at most 20, newest first); the owner moderates too without being listed."
    moderators: [String!]!
    pinnedPost: Post
    "The channel's live posts, newest first, without posts its moderators hid or by profiles banned from it; with viewerId, the viewer's blocks, lists and labelers apply too."
    posts(limit: Int = 20, after: String, viewerId: BigInt): PostPage!
    "Profiles with the status, most recent first."
    members(limit: Int = 20, after: String, status: MemberStatus = MEMBER): ChannelMemberPage!
    "null when the profile never joined (or left, or was unbanned)"
    memberStatus(profileId: BigInt!): MemberStatus
    "What the owner, the moderators and labelers (labels on the channel's posts) did, newest first."
    moderationLog(limit: Int = 20, after: String): ModerationActionPage!
  }

  type ChannelMember {
    profile: Profile!
    status: MemberStatus!
    "Unix seconds of the event that gave the status."
    since: BigInt!
  }

  enum ModerationActionKind {
    CREATE
    RULES
    MODERATOR_ADDED
    MODERATOR_REMOVED
    "The channel changed hands: every moderator named before is removed (actor: the new owner)."
    MODERATORS_CLEARED
    APPROVE
    BAN
    UNBAN
    HIDE
    UNHIDE
    PIN
    UNPIN
    LABEL
    LABEL_NEGATED
  }

  type ModerationAction {
    kind: ModerationActionKind!
    "Who did it: the owner (CREATE, RULES, MODERATOR_*, MODERATORS_CLEARED), the moderator, or the labeler."
    actor: String!
    "APPROVE, BAN, UNBAN: the profile."
    profile: Profile
    "HIDE, UNHIDE, PIN, LABEL, LABEL_NEGATED: the post."
    post: Post
    "MODERATOR_ADDED and MODERATOR_REMOVED: the account named."
    account: String
    "BAN, UNBAN, HIDE, UNHIDE: the moderator's reason."
    reason: String
    "labels only"
    value: String
    createdAt: BigInt!
    blockNumber: BigInt!
    transactionHash: String!
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

  type ChannelPage {
    items: [Channel!]!
    pageInfo: PageInfo!
  }

  type ModerationListPage {
    items: [ModerationList!]!
    pageInfo: PageInfo!
  }

  type LabelPage {
    items: [Label!]!
    pageInfo: PageInfo!
  }

  type ListSubscriptionPage {
    items: [ListSubscription!]!
    pageInfo: PageInfo!
  }

  type ChannelMemberPage {
    items: [ChannelMember!]!
    pageInfo: PageInfo!
  }

  type ModerationActionPage {
    items: [ModerationAction!]!
    pageInfo: PageInfo!
  }
`;
