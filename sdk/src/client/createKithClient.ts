// The Kith client: one object that reads (GraphQL), watches (subscriptions) and writes (signed
// actions through the relayer, or sent by a wallet), in the style of viem's clients and actions.
import { createPublicClient, defineChain, http } from "viem";

import type { KithDeployment } from "../deployments.ts";
import { appKeys } from "./actions/appKeys.ts";
import { block } from "./actions/block.ts";
import { deletePost } from "./actions/deletePost.ts";
import { follow } from "./actions/follow.ts";
import { getDeployment } from "./actions/getDeployment.ts";
import { profile } from "./actions/profile.ts";
import { grantAppKey } from "./actions/grantAppKey.ts";
import { homeFeed } from "./actions/homeFeed.ts";
import { like } from "./actions/like.ts";
import { notifications } from "./actions/notifications.ts";
import { post } from "./actions/post.ts";
import { profilePosts } from "./actions/profilePosts.ts";
import { quote } from "./actions/quote.ts";
import { register } from "./actions/register.ts";
import { reply } from "./actions/reply.ts";
import { repost } from "./actions/repost.ts";
import { revokeAppKey } from "./actions/revokeAppKey.ts";
import { searchProfiles } from "./actions/searchProfiles.ts";
import { thread } from "./actions/thread.ts";
import { tip } from "./actions/tip.ts";
import { unblock } from "./actions/unblock.ts";
import { unfollow } from "./actions/unfollow.ts";
import { unlike } from "./actions/unlike.ts";
import { waitForIndexed } from "./actions/waitForIndexed.ts";
import { watchHomeFeed } from "./actions/watchHomeFeed.ts";
import { watchNotifications } from "./actions/watchNotifications.ts";
import { addListMembers } from "./actions/addListMembers.ts";
import { approveMember } from "./actions/approveMember.ts";
import { channel } from "./actions/channel.ts";
import { channelFeed } from "./actions/channelFeed.ts";
import { channels } from "./actions/channels.ts";
import { createChannel } from "./actions/createChannel.ts";
import { createList } from "./actions/createList.ts";
import { hiddenFor } from "./actions/hiddenFor.ts";
import { joinChannel } from "./actions/joinChannel.ts";
import { label } from "./actions/label.ts";
import { labels } from "./actions/labels.ts";
import { leaveChannel } from "./actions/leaveChannel.ts";
import { moderationLog } from "./actions/moderationLog.ts";
import { moderationSubscriptions } from "./actions/moderationSubscriptions.ts";
import { negateLabel } from "./actions/negateLabel.ts";
import { pinPost } from "./actions/pinPost.ts";
import { postInChannel } from "./actions/postInChannel.ts";
import { removeListMembers } from "./actions/removeListMembers.ts";
import { setBanned } from "./actions/setBanned.ts";
import { setPostHidden } from "./actions/setPostHidden.ts";
import { subscribeToLabeler } from "./actions/subscribeToLabeler.ts";
import { subscribeToList } from "./actions/subscribeToList.ts";
import { unsubscribeFromLabeler } from "./actions/unsubscribeFromLabeler.ts";
import { unsubscribeFromList } from "./actions/unsubscribeFromList.ts";
import { createIndexerPool, type IndexerStatus } from "./indexers.ts";
import type { KithClientConfig, KithContext } from "./types.ts";

const ACTIONS = {
  register, post, reply, quote, repost, deletePost, like, unlike, follow, unfollow, block, unblock, tip,
  grantAppKey, revokeAppKey, profilePosts, homeFeed, thread, notifications, searchProfiles,
  appKeys, profile, waitForIndexed, watchHomeFeed, watchNotifications,
  // Moderation and channels (sent by the wallet; reads over GraphQL).
  label, negateLabel, createList, addListMembers, removeListMembers, subscribeToLabeler, unsubscribeFromLabeler,
  subscribeToList, unsubscribeFromList, createChannel, joinChannel, leaveChannel, postInChannel, approveMember,
  setBanned, setPostHidden, pinPost, channel, channels, channelFeed, moderationLog, labels, hiddenFor, moderationSubscriptions,
};

type Bound<T> = { [K in keyof T]: T[K] extends (context: KithContext, ...args: infer P) => infer R ? (...args: P) => R : never };

export type KithClient = Bound<typeof ACTIONS> & {
  config: KithClientConfig;
  publicClient: KithContext["publicClient"];
  /** The address book (from the config, else the indexer's /deployment, fetched once). */
  deployment(): Promise<KithDeployment>;
  /** The indexers as the client sees them: which are healthy, and the block each last reported. */
  indexers(): IndexerStatus[];
};

/**
 * A client for one Kith deployment: reads, live feeds and writes in one object.
 * @example
 * import { createKithClient, viemSigner } from "@kith/sdk";
 * const client = createKithClient({
 *   chainId: 31337, rpcUrl: "http://127.0.0.1:8545",
 *   graphqlUrl: "http://127.0.0.1:42069/graphql", relayerUrl: "http://127.0.0.1:8787",
 *   signer: viemSigner(account),
 * });
 * const { postId } = await client.post({ profileId: 1n, body: "gm" });
 * @example
 * // Two indexers of the same deployment: reads from the freshest, fails over, uploads to both.
 * const replicated = createKithClient({
 *   chainId: 31337, rpcUrl: "http://127.0.0.1:8545",
 *   indexerUrls: ["https://kith-a.example", "https://kith-b.example"],
 *   fallback: { timeout: 5_000, retryCount: 3 },
 * });
 */
export function createKithClient(config: KithClientConfig): KithClient {
  const chain =
    config.chain ??
    defineChain({
      id: config.chainId,
      name: `chain ${config.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [config.rpcUrl] } },
    });
  const publicClient = createPublicClient({ chain, transport: http(config.rpcUrl) });
  const indexers = createIndexerPool(config.indexerUrls ?? (config.graphqlUrl ? [config.graphqlUrl] : []), config.fallback);
  let deployment: Promise<KithDeployment> | undefined = config.deployment ? Promise.resolve(config.deployment) : undefined;
  const queues = new Map<string, Promise<unknown>>();
  const context: KithContext = {
    config,
    publicClient: publicClient as KithContext["publicClient"],
    indexers,
    deployment: () => {
      deployment ??= indexers.any(getDeployment).catch((error) => {
        deployment = undefined;
        throw error;
      });
      return deployment;
    },
    serialize(key, task) {
      const run = (queues.get(key) ?? Promise.resolve()).catch(() => {}).then(task);
      queues.set(key, run);
      return run;
    },
  };
  const bound = Object.fromEntries(
    Object.entries(ACTIONS).map(([name, action]) => [name, (...args: unknown[]) => (action as (...a: unknown[]) => unknown)(context, ...args)]),
  ) as Bound<typeof ACTIONS>;
  return { ...bound, config, publicClient: context.publicClient, deployment: context.deployment, indexers: indexers.status };
}
