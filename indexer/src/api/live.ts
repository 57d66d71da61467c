// Live data: GraphQL subscriptions over Server-Sent Events (graphql-yoga's built-in transport:
// POST /graphql with `accept: text/event-stream`). A subscription emits each new item of a
// profile's home feed or notifications as soon as the block that made it is indexed, with the
// same filters as the queries (blocks honoured), because it runs the same statement.
import { GraphQLError, type GraphQLSchema } from "graphql";
import { mergeSchemas, Repeater } from "graphql-yoga";

import { chainTime, freshness } from "./freshness";
import type { GraphQLContext } from "./schema";
import { createLoaders, homeFeedPage, type Loaders, notificationPage, type Viewer } from "./store";

/** Each subscription re-reads its list's newest page when a block is indexed: at most this many at once per process. */
export const MAX_SUBSCRIPTIONS = Number(process.env.KITH_MAX_SUBSCRIPTIONS ?? 1_000);
/**
 * How often the last indexed block is read while anyone subscribes: one one-row statement per
 * interval for all subscriptions together, so a new block reaches subscribers within this of
 * being indexed (bench:lag measures it).
 */
const POLL_MS = 10;
/** Rows per re-read: more new items than this in one block arrive as the newest ones only. */
const PAGE = 50;
/** `ordinal` = blockNumber * 2^24 + logIndex (ponder.schema.ts). */
const ORDINALS_PER_BLOCK = 1n << 24n;

const typeDefs = /* GraphQL */ `
  type Subscription {
    "Each new post, quote or repost of profileId's home feed, oldest first, once indexed (the filters of Query.homeFeed: blocks honoured). Only items of blocks indexed after the subscription started."
    homeFeed(profileId: BigInt!): Post!
    "Each new notification of profileId, oldest first, once indexed (the filters of Query.notifications)."
    notifications(profileId: BigInt!): Notification!
  }
`;

// One poller for all subscriptions: it runs only while somebody waits for a block.
const waiting = new Set<(block: bigint) => void>();
let lastBlock = -1n;
let timer: ReturnType<typeof setInterval> | undefined;

function watchBlocks(listener: (block: bigint) => void): () => void {
  waiting.add(listener);
  timer ??= setInterval(async () => {
    const indexed = (await freshness(POLL_MS).catch(() => null))?.indexedBlock;
    if (indexed === undefined || indexed <= lastBlock) return;
    lastBlock = indexed;
    for (const notify of waiting) notify(indexed);
  }, POLL_MS);
  return () => {
    waiting.delete(listener);
    if (waiting.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

let active = 0;

/**
 * New rows of a newest-first list, oldest first: after each indexed block, `read` the newest page
 * and emit the rows past the highest ordinal emitted so far (starting at the block indexed now).
 */
function liveList<Row extends { ordinal: bigint }>(
  context: GraphQLContext,
  read: (loaders: Loaders) => Promise<Row[]>,
): AsyncIterable<Row> {
  if (active >= MAX_SUBSCRIPTIONS) {
    throw new GraphQLError(`too many live subscriptions on this indexer (${MAX_SUBSCRIPTIONS}); retry later`, {
      extensions: { code: "SUBSCRIPTIONS_EXHAUSTED" },
    });
  }
  return new Repeater<Row>(async (push, stop) => {
    active++;
    const start = (await freshness())?.indexedBlock ?? 0n;
    let high = (start + 1n) * ORDINALS_PER_BLOCK - 1n;
    let reading = Promise.resolve();
    const unwatch = watchBlocks(() => {
      reading = reading.then(async () => {
        // Fresh loaders per event: the fields of what is pushed are read now, not from an earlier cache.
        context.loaders = createLoaders(context.scope);
        const rows = await read(context.loaders);
        for (const row of rows.filter((r) => r.ordinal > high).reverse()) {
          high = row.ordinal;
          await push(row);
        }
      }).catch((error) => stop(error));
    });
    await stop;
    unwatch();
    active--;
  });
}

/** The viewer with the time of the block just indexed: labels expire as the chain moves on. */
async function liveViewer(id: bigint): Promise<Viewer> {
  return { id, now: chainTime(await freshness()) };
}

const resolvers = {
  Subscription: {
    homeFeed: {
      subscribe: (_: unknown, args: { profileId: bigint }, context: GraphQLContext) =>
        liveList(context, async (loaders) => homeFeedPage(loaders, await liveViewer(args.profileId), PAGE)),
      resolve: (row: unknown) => row,
    },
    notifications: {
      subscribe: (_: unknown, args: { profileId: bigint }, context: GraphQLContext) =>
        liveList(context, async (loaders) => notificationPage(loaders, await liveViewer(args.profileId), PAGE)),
      resolve: (row: unknown) => row,
    },
  },
};

/** `schema` with the live subscriptions added. */
export function withLiveSubscriptions(schema: GraphQLSchema): GraphQLSchema {
  return mergeSchemas({ schemas: [schema], typeDefs, resolvers });
}
