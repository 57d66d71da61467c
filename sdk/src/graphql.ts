// Read helpers for the indexer's GraphQL API: the queries most apps need, with pagination.
export interface GraphQLResult<T> {
  data: T;
  /** Which block the answer reflects, how far behind the chain it may be, and how many SQL statements it took. */
  extensions?: {
    kith?: {
      indexedBlock: string | null;
      finalizedBlock: string | null;
      headBlock: string | null;
      lagSeconds: number | null;
      stale: boolean | null;
      stalled: boolean | null;
      sqlStatements: number;
      /** Kept from an earlier request while the index database did not change (then 0 statements). */
      cached?: boolean;
    };
  };
}

export class GraphQLRequestError extends Error {
  readonly errors: { message: string; extensions?: Record<string, unknown> }[];

  constructor(errors: { message: string; extensions?: Record<string, unknown> }[]) {
    super(errors.map((e) => e.message).join("; "));
    this.name = "GraphQLRequestError";
    this.errors = errors;
  }
}

/** POSTs a query to `url` (e.g. http://127.0.0.1:42069/graphql); throws on GraphQL errors. */
export async function kithQuery<T = any>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: T; errors?: GraphQLRequestError["errors"]; extensions?: GraphQLResult<T>["extensions"] };
  if (json.errors?.length) throw new GraphQLRequestError(json.errors);
  return { data: json.data as T, extensions: json.extensions };
}

const POST_FIELDS = `id kind createdAt contentHash body bodyStatus likeCount replyCount repostCount quoteCount
  author { id handle } tips { token total count }`;

export const QUERIES = {
  profile: `query Profile($handle: String!) { profile(handle: $handle) {
    id handle custody followerCount followingCount mutualCount postCount metadata } }`,
  homeFeed: `query HomeFeed($profileId: BigInt!, $limit: Int, $after: String) {
    homeFeed(profileId: $profileId, limit: $limit, after: $after) {
      items { ${POST_FIELDS} reposted { ${POST_FIELDS} } quoted { ${POST_FIELDS} } }
      pageInfo { hasNextPage endCursor } } }`,
  thread: `query Thread($postId: BigInt!, $viewerId: BigInt, $limit: Int, $after: String) {
    post(id: $postId) { ${POST_FIELDS} deleted
      replies(limit: $limit, after: $after, viewerId: $viewerId) {
        items { ${POST_FIELDS} replies(limit: 5, viewerId: $viewerId) { items { ${POST_FIELDS} } pageInfo { hasNextPage endCursor } } }
        pageInfo { hasNextPage endCursor } } } }`,
  notifications: `query Notifications($profileId: BigInt!, $limit: Int, $after: String) {
    notifications(profileId: $profileId, limit: $limit, after: $after) {
      items { kind createdAt actor { id handle } post { id } subject { id } token amount }
      pageInfo { hasNextPage endCursor } } }`,
  channel: `query Channel($name: String!, $viewerId: BigInt, $limit: Int, $after: String) {
    channel(name: $name) {
      id name owner pendingOwner createdAt membership gateToken minBalance memberCount moderators
      pinnedPost { ${POST_FIELDS} }
      posts(limit: $limit, after: $after, viewerId: $viewerId) {
        items { ${POST_FIELDS} labels(viewerId: $viewerId) { labeler value expiry action } }
        pageInfo { hasNextPage endCursor } } } }`,
  moderationLog: `query ModerationLog($channelId: BigInt!, $limit: Int, $after: String) {
    channel(id: $channelId) { moderationLog(limit: $limit, after: $after) {
      items { kind actor account reason value createdAt blockNumber transactionHash profile { id handle } post { id } }
      pageInfo { hasNextPage endCursor } } } }`,
  moderationList: `query ModerationList($id: BigInt!, $limit: Int, $after: String) {
    moderationList(id: $id) { id name owner pendingOwner createdAt memberCount subscriberCount
      members(limit: $limit, after: $after) { items { id handle } pageInfo { hasNextPage endCursor } } } }`,
  labels: `query Labels($subject: BigInt!, $includeInactive: Boolean, $limit: Int, $after: String) {
    labels(subject: $subject, includeInactive: $includeInactive, limit: $limit, after: $after) {
      items { labeler subject value expiry createdAt transactionHash active }
      pageInfo { hasNextPage endCursor } } }`,
  hiddenFor: `query HiddenFor($postId: BigInt!, $viewerId: BigInt!) {
    post(id: $postId) { id hiddenFor(viewerId: $viewerId) { kind message label { labeler value expiry } list { id name }
      moderationAction { kind actor reason createdAt transactionHash } } } }`,
} as const;

export const getProfile = (url: string, handle: string) => kithQuery(url, QUERIES.profile, { handle });
export const getHomeFeed = (url: string, profileId: bigint, page: { limit?: number; after?: string } = {}) =>
  kithQuery(url, QUERIES.homeFeed, { profileId: String(profileId), ...page });
export const getThread = (url: string, postId: bigint, page: { limit?: number; after?: string; viewerId?: bigint } = {}) =>
  kithQuery(url, QUERIES.thread, { postId: String(postId), ...page, viewerId: page.viewerId === undefined ? undefined : String(page.viewerId) });
export const getNotifications = (url: string, profileId: bigint, page: { limit?: number; after?: string } = {}) =>
  kithQuery(url, QUERIES.notifications, { profileId: String(profileId), ...page });
export const getChannel = (url: string, name: string, page: { limit?: number; after?: string; viewerId?: bigint } = {}) =>
  kithQuery(url, QUERIES.channel, { name, ...page, viewerId: page.viewerId === undefined ? undefined : String(page.viewerId) });
export const getModerationLog = (url: string, channelId: bigint, page: { limit?: number; after?: string } = {}) =>
  kithQuery(url, QUERIES.moderationLog, { channelId: String(channelId), ...page });
export const getModerationList = (url: string, listId: bigint, page: { limit?: number; after?: string } = {}) =>
  kithQuery(url, QUERIES.moderationList, { id: String(listId), ...page });
export const getLabels = (url: string, subject: bigint, page: { limit?: number; after?: string; includeInactive?: boolean } = {}) =>
  kithQuery(url, QUERIES.labels, { subject: String(subject), ...page });
export const getHiddenFor = (url: string, postId: bigint, viewerId: bigint) =>
  kithQuery(url, QUERIES.hiddenFor, { postId: String(postId), viewerId: String(viewerId) });
