// The GraphQL operations of the client. Their result types are generated from the indexer's
// printed schema (`npm run gen:graphql` -> graphql.generated.ts; a test fails when it is stale).
const FRAGMENTS: Record<string, string> = {
  PostFields: /* GraphQL */ `
    fragment PostFields on Post {
      id kind createdAt blockNumber transactionHash contentHash body bodyStatus deleted app
      likeCount replyCount repostCount quoteCount
      author { id handle }
      tips { token total count }
      channel { id name }
      labels(viewerId: $viewerId) { labeler value action }
    }`,
  LabelFields: /* GraphQL */ `
    fragment LabelFields on Label {
      labeler subject value expiry createdAt transactionHash active action
    }`,
  ChannelFields: /* GraphQL */ `
    fragment ChannelFields on Channel {
      id name owner pendingOwner createdAt membership gateToken minBalance memberCount moderators
    }`,
  ModerationActionFields: /* GraphQL */ `
    fragment ModerationActionFields on ModerationAction {
      kind actor reason value createdAt blockNumber transactionHash
      profile { id handle }
      post { id body author { id handle } }
    }`,
  FeedPost: /* GraphQL */ `
    fragment FeedPost on Post {
      ...PostFields
      parent { id author { id handle } }
      reposted { ...PostFields }
      quoted { ...PostFields }
    }`,
  NotificationFields: /* GraphQL */ `
    fragment NotificationFields on Notification {
      kind createdAt token amount
      actor { id handle }
      post { id body }
      subject { id body }
    }`,
};

/** `operation` followed by the fragments it spreads, directly or through other fragments. */
function withFragments(operation: string): string {
  const included = new Set<string>();
  const visit = (text: string) => {
    for (const [, name] of text.matchAll(/\.\.\.(\w+)/g)) {
      if (!included.has(name!)) {
        included.add(name!);
        visit(FRAGMENTS[name!]!);
      }
    }
  };
  visit(operation);
  return [operation, ...[...included].map((name) => FRAGMENTS[name])].join("\n");
}

export const DOCUMENTS = {
  Profile: /* GraphQL */ `
    query Profile($id: BigInt, $handle: String, $viewerId: BigInt! = "0") {
      profile(id: $id, handle: $handle) {
        id handle custody createdAt metadata followerCount followingCount mutualCount postCount
        followedByViewer: followedBy(profileId: $viewerId)
        followsViewer: follows(profileId: $viewerId)
      }
    }`,
  ProfilePosts: withFragments(/* GraphQL */ `
    query ProfilePosts($id: BigInt!, $viewerId: BigInt, $includeReplies: Boolean = false, $limit: Int, $after: String) {
      profile(id: $id) {
        posts(viewerId: $viewerId, includeReplies: $includeReplies, limit: $limit, after: $after) {
          items { ...FeedPost }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`),
  HomeFeed: withFragments(/* GraphQL */ `
    query HomeFeed($profileId: BigInt!, $viewerId: BigInt, $limit: Int, $after: String) {
      homeFeed(profileId: $profileId, limit: $limit, after: $after) {
        items { ...FeedPost }
        pageInfo { hasNextPage endCursor }
      }
    }`),
  Thread: withFragments(/* GraphQL */ `
    query Thread($postId: BigInt!, $viewerId: BigInt, $limit: Int, $after: String) {
      post(id: $postId) {
        ...FeedPost
        root { id }
        replies(viewerId: $viewerId, limit: $limit, after: $after) {
          items { ...PostFields replies(viewerId: $viewerId, limit: 5) { items { ...PostFields } pageInfo { hasNextPage endCursor } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`),
  Notifications: withFragments(/* GraphQL */ `
    query Notifications($profileId: BigInt!, $limit: Int, $after: String) {
      notifications(profileId: $profileId, limit: $limit, after: $after) {
        items { ...NotificationFields }
        pageInfo { hasNextPage endCursor }
      }
    }`),
  SearchProfiles: /* GraphQL */ `
    query SearchProfiles($prefix: String!, $limit: Int, $after: String) {
      searchProfiles(prefix: $prefix, limit: $limit, after: $after) {
        items { id handle followerCount postCount }
        pageInfo { hasNextPage endCursor }
      }
    }`,
  AppKeys: /* GraphQL */ `
    query AppKeys($profileId: BigInt!, $includeInactive: Boolean = false) {
      profile(id: $profileId) {
        appKeys(includeInactive: $includeInactive, limit: 100) { items { key scopes expiry addedAt revokedAt active } }
      }
    }`,
  Meta: /* GraphQL */ `
    query Meta { _meta { chainId indexedBlock indexedBlockTimestamp finalizedBlock } }`,
  WatchHomeFeed: withFragments(/* GraphQL */ `
    subscription WatchHomeFeed($profileId: BigInt!, $viewerId: BigInt) {
      homeFeed(profileId: $profileId) { ...FeedPost }
    }`),
  WatchNotifications: withFragments(/* GraphQL */ `
    subscription WatchNotifications($profileId: BigInt!) {
      notifications(profileId: $profileId) { ...NotificationFields }
    }`),
  Channel: withFragments(/* GraphQL */ `
    query Channel($id: BigInt, $name: String, $viewerId: BigInt, $memberId: BigInt! = "0") {
      channel(id: $id, name: $name) {
        ...ChannelFields
        pinnedPost { ...PostFields }
        viewerStatus: memberStatus(profileId: $memberId)
        members(limit: 50) { items { profile { id handle } status since } pageInfo { hasNextPage endCursor } }
        requests: members(limit: 50, status: REQUESTED) { items { profile { id handle } status since } }
        banned: members(limit: 50, status: BANNED) { items { profile { id handle } status since } }
      }
    }`),
  Channels: withFragments(/* GraphQL */ `
    query Channels($limit: Int, $after: String) {
      channels(limit: $limit, after: $after) {
        items { ...ChannelFields }
        pageInfo { hasNextPage endCursor }
      }
    }`),
  ChannelFeed: withFragments(/* GraphQL */ `
    query ChannelFeed($id: BigInt!, $viewerId: BigInt, $limit: Int, $after: String) {
      channel(id: $id) {
        posts(viewerId: $viewerId, limit: $limit, after: $after) {
          items { ...FeedPost }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`),
  ModerationLog: withFragments(/* GraphQL */ `
    query ModerationLog($id: BigInt!, $limit: Int, $after: String) {
      channel(id: $id) {
        moderationLog(limit: $limit, after: $after) {
          items { ...ModerationActionFields }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`),
  Labels: withFragments(/* GraphQL */ `
    query Labels($subject: BigInt!, $includeInactive: Boolean = false, $limit: Int, $after: String) {
      labels(subject: $subject, includeInactive: $includeInactive, limit: $limit, after: $after) {
        items { ...LabelFields }
        pageInfo { hasNextPage endCursor }
      }
    }`),
  HiddenFor: withFragments(/* GraphQL */ `
    query HiddenFor($postId: BigInt!, $viewerId: BigInt!) {
      post(id: $postId) {
        id
        hiddenFor(viewerId: $viewerId) {
          kind message
          label { ...LabelFields }
          list { id name owner }
          moderationAction { ...ModerationActionFields }
        }
      }
    }`),
  ModerationSubscriptions: /* GraphQL */ `
    query ModerationSubscriptions($profileId: BigInt!) {
      profile(id: $profileId) {
        labelerSubscriptions { labeler subscribedAt policies { value action } }
        listSubscriptions { mode subscribedAt list { id name owner memberCount } }
      }
    }`,
} as const;
