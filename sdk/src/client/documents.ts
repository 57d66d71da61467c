// The GraphQL operations of the client. Their result types are generated from the indexer's
// printed schema (`npm run gen:graphql` -> graphql.generated.ts; a test fails when it is stale).
const FRAGMENTS: Record<string, string> = {
  PostFields: /* GraphQL */ `
    fragment PostFields on Post {
      id kind createdAt blockNumber transactionHash contentHash body bodyStatus deleted app
      likeCount replyCount repostCount quoteCount
      author { id handle }
      tips { token total count }
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
    query HomeFeed($profileId: BigInt!, $limit: Int, $after: String) {
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
    subscription WatchHomeFeed($profileId: BigInt!) {
      homeFeed(profileId: $profileId) { ...FeedPost }
    }`),
  WatchNotifications: withFragments(/* GraphQL */ `
    subscription WatchNotifications($profileId: BigInt!) {
      notifications(profileId: $profileId) { ...NotificationFields }
    }`),
} as const;
