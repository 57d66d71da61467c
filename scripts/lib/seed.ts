// Demo data for a local chain, sent as real transactions: six profiles, a follow graph, posts,
// replies, a repost, a quote and a deleted post, likes and a tip; a labeler, a mute list and the
// channel "builders". `npm start -- --seed` and `npm run seed` use it.
import { type Abi, type Account, type Chain, getContract, type Hex, parseEther, zeroAddress, zeroHash } from "viem";

import { computePostId, contentHash, kithAbi, kithChannelsAbi, type KithDeployment, kithModerationAbi, kithTipsAbi, PostKind } from "@kith/sdk";
import { clientsFor, devAccount } from "./chain.ts";

export const DEMO_HANDLES = ["alice", "bob", "carol", "dave", "erin", "frank"] as const;
type Handle = (typeof DEMO_HANDLES)[number];

/** Who follows whom in the demo graph. */
const FOLLOWS: Record<Handle, Handle[]> = {
  alice: ["bob", "carol", "dave"],
  bob: ["alice", "carol"],
  carol: ["alice", "bob", "erin"],
  dave: ["alice"],
  erin: ["alice", "carol", "frank"],
  frank: ["erin"],
};

export interface SeedResult {
  profiles: Record<Handle, bigint>;
  posts: { label: string; id: bigint; text?: string }[];
  /** Every body the chain records (post texts and profile metadata), to upload to the indexer. */
  bodies: string[];
  lastBlock: bigint;
  transactions: number;
}

export async function seedDemo(options: {
  chain: Chain;
  rpcUrl: string;
  deployment: KithDeployment;
  log?: (line: string) => void;
}): Promise<SeedResult> {
  const { chain, rpcUrl, deployment, log = console.log } = options;
  let transactions = 0;
  let lastBlock = 0n;
  const accounts = Object.fromEntries(DEMO_HANDLES.map((handle, i) => [handle, devAccount(i + 1)])) as Record<
    Handle,
    ReturnType<typeof devAccount>
  >;
  const kithOf = (handle: Handle) => {
    const { publicClient, walletClient } = clientsFor(chain, rpcUrl, accounts[handle]);
    const client = { public: publicClient, wallet: walletClient };
    return {
      publicClient,
      kith: getContract({ address: deployment.contracts.Kith.address, abi: kithAbi, client }),
      tips: getContract({ address: deployment.contracts.KithTips.address, abi: kithTipsAbi, client }),
    };
  };
  const send = async (handle: Handle, write: (kith: ReturnType<typeof kithOf>["kith"]) => Promise<Hex>) => {
    const { kith, publicClient } = kithOf(handle);
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await write(kith) });
    if (receipt.status !== "success") throw new Error(`seed transaction ${receipt.transactionHash} reverted`);
    transactions += 1;
    lastBlock = receipt.blockNumber;
  };

  const { kith: reader } = kithOf("alice");
  if ((await reader.read.profileIdOf(["alice"])) !== 0n) {
    throw new Error("This chain is already seeded (@alice exists). Restart `npm start` for a fresh chain.");
  }

  const profiles = {} as Record<Handle, bigint>;
  const bodies: string[] = [];
  for (const handle of DEMO_HANDLES) {
    const document = JSON.stringify({ name: handle[0]!.toUpperCase() + handle.slice(1), bio: `Demo profile @${handle}` });
    bodies.push(document);
    await send(handle, (k) => k.write.register([handle, accounts[handle].address, contentHash(document)]));
    profiles[handle] = await reader.read.profileIdOf([handle]);
  }
  log(`  registered ${DEMO_HANDLES.map((h) => `@${h}=${profiles[h]}`).join(" ")}`);

  for (const [handle, followees] of Object.entries(FOLLOWS) as [Handle, Handle[]][]) {
    await send(handle, (k) => k.write.followBatch([profiles[handle], followees.map((f) => profiles[f])]));
  }
  log(`  ${Object.values(FOLLOWS).flat().length} follows`);

  const posts: SeedResult["posts"] = [];
  const publish = async (handle: Handle, label: string, kind: PostKind, target: bigint, text?: string) => {
    const digest = text === undefined ? zeroHash : contentHash(text);
    const id = computePostId(profiles[handle], kind, target, digest);
    const me = profiles[handle];
    await send(handle, (k) => {
      if (kind === PostKind.Post) return k.write.post([me, digest, ""]);
      if (kind === PostKind.Reply) return k.write.reply([me, target, digest, ""]);
      if (kind === PostKind.Quote) return k.write.quote([me, target, digest, ""]);
      return k.write.repost([me, target]);
    });
    posts.push({ label, id, text });
    if (text !== undefined) bodies.push(text);
    return id;
  };

  const hello = await publish("alice", "alice-hello", PostKind.Post, 0n, "Hello Kith! Everything here is on-chain except the words.");
  const gm = await publish("bob", "bob-gm", PostKind.Post, 0n, "gm from bob. Shipping a dApp on Kith this week.");
  await publish("carol", "carol-reply", PostKind.Reply, hello, "Welcome, alice! Your feed is just a GraphQL query away.");
  await publish("alice", "alice-reply", PostKind.Reply, hello, "Thanks carol, replies nest too.");
  await publish("erin", "erin-post", PostKind.Post, 0n, "Signed, sealed, indexed.");
  await publish("carol", "carol-repost", PostKind.Repost, gm);
  await publish("dave", "dave-quote", PostKind.Quote, hello, "This is how a quote looks.");
  await publish("frank", "frank-post", PostKind.Post, 0n, "frank here, following erin.");
  const typo = await publish("bob", "bob-typo", PostKind.Post, 0n, "Thsi post has a typo");
  await send("bob", (k) => k.write.deletePost([profiles.bob, typo]));
  await publish("bob", "bob-fixed", PostKind.Post, 0n, "This post has no typo.");
  log(`  ${posts.length} posts, replies, reposts and quotes (one deleted)`);

  for (const handle of ["alice", "carol", "erin"] as const) await send(handle, (k) => k.write.like([profiles[handle], gm]));
  await send("bob", (k) => k.write.like([profiles.bob, hello]));
  const { tips, publicClient } = kithOf("dave");
  const tipped = await publicClient.waitForTransactionReceipt({
    hash: await tips.write.tip([hello, profiles.dave], { value: parseEther("0.01") }),
  });
  transactions += 1;
  lastBlock = tipped.blockNumber;
  log("  4 likes and a 0.01 ETH tip");

  // Moderation and channels: calls of KithModeration and KithChannels by any account.
  const call = async (account: Account, address: Hex, abi: Abi, functionName: string, args: unknown[]) => {
    const { publicClient, walletClient } = clientsFor(chain, rpcUrl, account);
    const contract = getContract({ address, abi, client: { public: publicClient, wallet: walletClient } }) as unknown as {
      write: Record<string, (args: unknown[]) => Promise<Hex>>;
    };
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await contract.write[functionName]!(args) });
    if (receipt.status !== "success") throw new Error(`seed transaction ${receipt.transactionHash} reverted`);
    transactions += 1;
    lastBlock = receipt.blockNumber;
    return publicClient;
  };
  const moderation = (account: Account, fn: string, args: unknown[]) =>
    call(account, deployment.contracts.KithModeration.address, kithModerationAbi, fn, args);
  const channels = (account: Account, fn: string, args: unknown[]) =>
    call(account, deployment.contracts.KithChannels.address, kithChannelsAbi, fn, args);
  /** A labeler: development account 7, an address without a profile. */
  const labeler = devAccount(7);
  const frankPost = posts.find((p) => p.label === "frank-post")!.id;
  await moderation(labeler, "label", [frankPost, "spam", 0n]);
  await moderation(accounts.alice, "subscribeToLabeler", [profiles.alice, labeler.address, ["spam"], [1]]); // 1: Hide
  await moderation(accounts.carol, "createList", ["spammers", accounts.carol.address]);
  await moderation(accounts.carol, "addListMembers", [1n, [profiles.frank]]);
  await moderation(accounts.alice, "subscribeToList", [profiles.alice, 1n, 0]); // 0: Mute
  await channels(accounts.alice, "createChannel", ["builders", accounts.alice.address, 0, zeroAddress, 0n]);
  await channels(accounts.alice, "setModerator", [1n, accounts.bob.address, true]);
  for (const handle of ["alice", "bob", "carol"] as const) await channels(accounts[handle], "joinChannel", [profiles[handle], 1n]);
  const channelPost = async (handle: Handle, label: string, text: string) => {
    const reader = await channels(accounts[handle], "postInChannel", [profiles[handle], 1n, contentHash(text), ""]);
    const id = await reader.readContract({
      address: deployment.contracts.KithChannels.address,
      abi: kithChannelsAbi,
      functionName: "computeChannelPostId",
      args: [profiles[handle], 1n, contentHash(text)],
    });
    posts.push({ label, id, text });
    bodies.push(text);
    return id;
  };
  const pinned = await channelPost("bob", "bob-builders", "Builders: show what you shipped this week.");
  const promo = await channelPost("carol", "carol-builders", "Shipped: a Kith feed in 40 lines. Try my course!");
  await channels(accounts.bob, "pinPost", [1n, pinned]); // bob moderates
  // A channel post is a post: Kith replies (likes, reposts, quotes, tips) work on it.
  await publish("carol", "carol-builders-reply", PostKind.Reply, pinned, "Shipped the Kith CLI docs.");
  await moderation(labeler, "label", [promo, "promo", 0n]);
  log("  a labeler (spam, promo), a mute list and the channel builders with 2 posts");

  return { profiles, posts, bodies, lastBlock, transactions };
}
