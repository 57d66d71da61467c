// `npm run kith -- <command>`: try Kith from a terminal. Writes send real transactions from a
// development account (or KITH_PRIVATE_KEY); reads query the indexer's GraphQL endpoint.
// Defaults come from the running `npm start` session (.kith/local.json).
import { parseArgs } from "node:util";

import {
  BaseError,
  getContract,
  type Hex,
  isAddress,
  parseEther,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  ContentError,
  contentHash,
  createKithClient,
  decodeKithRevert,
  formatKithRevert,
  kithAbi,
  kithChannelsAbi,
  kithModerationAbi,
  kithTipsAbi,
  CHANNEL_MEMBERSHIPS,
  LABEL_ACTIONS,
  type LabelAction,
  LIST_MODES,
  type ListMode,
  type Membership,
  parseUint256,
  QUERIES,
  uploadContent,
} from "@kith/sdk";
import { readDeployment } from "@kith/sdk/node";
import { chainAt, clientsFor, devAccount } from "./lib/chain.ts";
import { readLocalSession } from "./lib/local.ts";
import { runMigration } from "./lib/migrationCli.ts";

const USAGE = `Usage: npm run kith -- <command> [arguments] [options]

Write commands (send a transaction):
  register <handle> [--recovery <address>] [--metadata <text>]
  follow <me> <profile> [<profile> ...]     unfollow <me> <profile>
  block <me> <profile>                      unblock <me> <profile>
  post <me> <text> [--uri <uri>]
  reply <me> <postId> <text>                quote <me> <postId> <text>
  repost <me> <postId>                      delete <me> <postId>
  like <me> <postId>                        unlike <me> <postId>
  tip <me|0> <postId> <eth>                 (0: anonymous)
Posts, replies and quotes upload their text to the indexer, so GraphQL shows it.

Read commands (query GraphQL):
  profile <profile>                         feed <profile> [--limit N]
  thread <postId> [--limit N]               posts <profile> [--limit N]
  notifications <profile> [--limit N]       search <prefix>

Move a profile (README, "Move your profile"):
  export <profile> [--out <file>] [--block N]    the profile, its graph, posts and bodies, with chain facts
  verify <file> --rpc <url> [--kith <address>] [--from-block N]
                                                 checks every item against that RPC and that Kith (default: the
                                                 address book's), every body against its digest
  import <file> --network <name> [--handle <h>] [--recovery <address>] [--indexer <url> ...]
                [--source-rpc <url>] [--payer-account N] [--max-gas N]
                                                 re-creates it on that network; the owner (this account,
                                                 KITH_PRIVATE_KEY off localhost) signs once; run it again to resume

Channels and moderation (writes send a transaction; reads query GraphQL):
  create-channel <name> [--membership open|approval]
  join <me> <channel>                       leave <me> <channel>
  channel-post <me> <channel> <text>        (the text is uploaded, as for post)
  hide <channel> <postId> <reason>          unhide <channel> <postId> <reason>
  ban <channel> <profile> <reason>          unban <channel> <profile> <reason>
  pin <channel> <postId|0>                  (0: unpin)
  channel <channel> [--viewer <profile>]    (feed, pinned post, owner, moderators)
  log <channel> [--limit N]                 (moderation log)
  label <postId|profile> <value> [--expiry <unix seconds>]   unlabel <postId|profile> <value>
  create-list <name>                        list-add <listId> <profile> [<profile> ...]
                                            list-remove <listId> <profile> [<profile> ...]
  subscribe-labeler <me> <labeler> [<value>=hide|warn|ignore ...]
  subscribe-list <me> <listId> mute|block
  why-hidden <postId> --viewer <profile>

<me> and <profile> are a handle (alice or @alice) or a profile id (42); <channel> a channel name
or id; <labeler> an address, or a handle (its custody labels). Labels, lists and channels act as the
sending account's address.
Options: --account N (development account, default 0) or KITH_PRIVATE_KEY=0x...;
         --rpc URL and --graphql URL (default: the running \`npm start\`); --chain-id N.`;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    account: { type: "string", default: "0" },
    recovery: { type: "string" },
    metadata: { type: "string" },
    uri: { type: "string", default: "" },
    limit: { type: "string", default: "10" },
    rpc: { type: "string" },
    graphql: { type: "string" },
    "chain-id": { type: "string" },
    membership: { type: "string", default: "open" },
    expiry: { type: "string", default: "0" },
    viewer: { type: "string" },
    out: { type: "string" },
    block: { type: "string" },
    "from-block": { type: "string" },
    network: { type: "string" },
    handle: { type: "string" },
    indexer: { type: "string", multiple: true },
    "payer-account": { type: "string" },
    "max-gas": { type: "string" },
    kith: { type: "string" },
    "source-rpc": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

class UsageError extends Error {}

const session = readLocalSession();
const rpcUrl = opts.rpc ?? process.env.KITH_RPC_URL ?? session?.rpcUrl ?? "http://127.0.0.1:8545";
const graphqlUrl = opts.graphql ?? process.env.KITH_GRAPHQL_URL ?? session?.graphqlUrl ?? "http://127.0.0.1:42069/graphql";
const chainId = Number(opts["chain-id"] ?? process.env.KITH_CHAIN_ID ?? session?.chainId ?? 31337);

function account() {
  const key = process.env.KITH_PRIVATE_KEY;
  if (key) return privateKeyToAccount(key as Hex);
  const index = Number(opts.account);
  if (!Number.isInteger(index) || index < 0) throw new UsageError(`--account must be a development account index, got ${opts.account}`);
  return devAccount(index);
}

function contract() {
  const chain = chainAt(chainId, rpcUrl);
  const { publicClient, walletClient } = clientsFor(chain, rpcUrl, account());
  const deployment = readDeployment(chainId);
  const clients = { public: publicClient, wallet: walletClient };
  const kith = getContract({ address: deployment.contracts.Kith.address, abi: kithAbi, client: clients });
  const tips = getContract({ address: deployment.contracts.KithTips.address, abi: kithTipsAbi, client: clients });
  // The SDK's client (moderation and channel commands): it sends from the same wallet.
  const client = createKithClient({ chainId, rpcUrl, graphqlUrl, deployment, wallet: walletClient, chain });
  return { kith, tips, publicClient, client };
}

function arg(index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined) throw new UsageError(`missing <${name}>`);
  return value;
}

function bigintArg(index: number, name: string): bigint {
  const value = arg(index, name);
  const parsed = parseUint256(value);
  if (parsed === undefined) throw new UsageError(`<${name}> must be a number, got ${value}`);
  return parsed;
}

/** A profile id from "42", "alice" or "@alice" (handles are looked up on chain). */
async function profileArg(index: number, name: string): Promise<bigint> {
  return profileOf(arg(index, name));
}

async function profileOf(given: string): Promise<bigint> {
  const value = given.replace(/^@/, "");
  const id = parseUint256(value);
  if (id !== undefined) return id;
  const found = await contract().kith.read.profileIdOf([value]);
  if (found === 0n) throw new UsageError(`no profile has the handle @${value}`);
  return found;
}

/** A channel id from "7" or "builders" (names are looked up on chain). */
async function channelArg(index: number): Promise<bigint> {
  const value = arg(index, "channel");
  const id = parseUint256(value);
  if (id !== undefined) return id;
  const { publicClient } = contract();
  const found = await publicClient.readContract({
    address: readDeployment(chainId).contracts.KithChannels.address,
    abi: kithChannelsAbi,
    functionName: "channelIdOf",
    args: [value],
  });
  if (found === 0n) throw new UsageError(`no channel is called ${value}`);
  return found;
}

/** A label subject: a post or profile id as given, or a handle's profile id. */
async function subjectArg(index: number): Promise<bigint> {
  return parseUint256(arg(index, "postId|profile")) ?? profileArg(index, "postId|profile");
}

/** A labeler: an address, or the custody of the profile with that handle. */
async function labelerArg(index: number): Promise<Hex> {
  const value = arg(index, "labeler");
  if (isAddress(value)) return value;
  return contract().kith.read.custodyOf([await profileArg(index, "labeler")]);
}

/** The profiles from positional `from` on (at least one). */
async function profilesFrom(from: number): Promise<bigint[]> {
  const ids = await Promise.all(positionals.slice(from).map((_, i) => profileArg(from + i, "profile")));
  if (ids.length === 0) throw new UsageError("missing <profile>");
  return ids;
}

const namesOf = <T extends string>(values: Record<T, number>) => Object.keys(values) as T[];

function choice<T extends string>(value: string, allowed: readonly T[], name: string): T {
  const upper = value.toUpperCase() as T;
  if (!allowed.includes(upper)) throw new UsageError(`${name} must be one of ${allowed.join(", ").toLowerCase()}, got ${value}`);
  return upper;
}

const EVENT_ABI = [...kithAbi, ...kithTipsAbi, ...kithModerationAbi, ...kithChannelsAbi];

async function send(write: Hex | Promise<Hex | { transactionHash: Hex }>) {
  const { publicClient } = contract();
  const sent = await write;
  const hash = typeof sent === "string" ? sent : sent.transactionHash;
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  console.log(`tx ${hash}: block ${receipt.blockNumber}, gas ${receipt.gasUsed}, ${receipt.status}`);
  for (const log of parseEventLogs({ abi: EVENT_ABI, logs: receipt.logs })) {
    const args = Object.entries(log.args as Record<string, unknown>).map(([key, value]) => `${key}=${value}`);
    console.log(`  ${log.eventName}(${args.join(", ")})`);
  }
}

/** Sends a post-like transaction, then uploads `text` so the indexer can serve the body. */
async function publish(write: Promise<Hex>, text: string) {
  await send(write);
  const indexerUrl = new URL(graphqlUrl).origin;
  try {
    const { cid } = await uploadContent(indexerUrl, text, { waitMs: 5_000 });
    console.log(`  body uploaded: ${indexerUrl}/ipfs/${cid}`);
  } catch (error) {
    console.log(`  body not uploaded (${(error as Error).message}); the post is on chain regardless`);
  }
}

/** Prints what an SDK read answered (GraphQL refusals are thrown as they are, with their code). */
async function print(read: Promise<unknown>) {
  const data = await read.catch((error: Error) => {
    if (error instanceof TypeError) throw new UsageError(`cannot reach GraphQL at ${graphqlUrl}: is \`npm start\` running?`);
    throw error;
  });
  console.log(JSON.stringify(data, null, 2));
}

async function graphql(query: string, variables: Record<string, unknown>) {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  }).catch(() => {
    throw new UsageError(`cannot reach GraphQL at ${graphqlUrl}: is \`npm start\` running?`);
  });
  const json = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  // A refusal of the query is no usage error: say what GraphQL said, with its code.
  if (json.errors) throw new Error(json.errors.map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message)).join("; "));
  console.log(JSON.stringify(json.data, null, 2));
}

const POST_FIELDS = "id kind author { handle } body bodyStatus createdAt replyCount repostCount quoteCount likeCount tips { token total }";

async function run(command: string | undefined) {
  if (command === "export" || command === "verify" || command === "import") {
    return runMigration(command, { positionals, opts, rpcUrl, graphqlUrl, chainId, account: account(), UsageError });
  }
  const { kith, client } = contract();
  // Writes through the SDK return once submitted; `send` waits for the receipt and prints its events.
  const waitFor = "pending" as const;
  switch (command) {
    case "register": {
      const recovery = opts.recovery ?? zeroAddress;
      if (!isAddress(recovery)) throw new UsageError(`--recovery must be an address, got ${recovery}`);
      const metadata = opts.metadata === undefined ? zeroHash : contentHash(opts.metadata);
      return send(kith.write.register([arg(1, "handle"), recovery, metadata]));
    }
    case "follow": {
      const me = await profileArg(1, "me");
      const others = await Promise.all(positionals.slice(2).map((_, i) => profileArg(i + 2, "profile")));
      if (others.length === 0) throw new UsageError("missing <profile>");
      return send(others.length === 1 ? kith.write.follow([me, others[0]!]) : kith.write.followBatch([me, others]));
    }
    case "unfollow":
      return send(kith.write.unfollow([await profileArg(1, "me"), await profileArg(2, "profile")]));
    case "block":
      return send(kith.write.blockProfile([await profileArg(1, "me"), await profileArg(2, "profile")]));
    case "unblock":
      return send(kith.write.unblockProfile([await profileArg(1, "me"), await profileArg(2, "profile")]));
    case "post":
      return publish(kith.write.post([await profileArg(1, "me"), contentHash(arg(2, "text")), opts.uri]), arg(2, "text"));
    case "reply":
      return publish(kith.write.reply([await profileArg(1, "me"), bigintArg(2, "postId"), contentHash(arg(3, "text")), opts.uri]), arg(3, "text"));
    case "quote":
      return publish(kith.write.quote([await profileArg(1, "me"), bigintArg(2, "postId"), contentHash(arg(3, "text")), opts.uri]), arg(3, "text"));
    case "like":
      return send(kith.write.like([await profileArg(1, "me"), bigintArg(2, "postId")]));
    case "unlike":
      return send(kith.write.unlike([await profileArg(1, "me"), bigintArg(2, "postId")]));
    case "tip": {
      const from = arg(1, "me|0") === "0" ? 0n : await profileArg(1, "me");
      const amount = arg(3, "eth");
      if (!/^\d+(\.\d+)?$/.test(amount)) throw new UsageError(`<eth> must be an amount like 0.01, got ${amount}`);
      return send(contract().tips.write.tip([bigintArg(2, "postId"), from], { value: parseEther(amount) }));
    }
    case "repost":
      return send(kith.write.repost([await profileArg(1, "me"), bigintArg(2, "postId")]));
    case "delete":
      return send(kith.write.deletePost([await profileArg(1, "me"), bigintArg(2, "postId")]));
    case "profile":
      return graphql(
        `query($id: BigInt!) { profile(id: $id) { id handle custody recovery followerCount followingCount postCount } }`,
        { id: String(await profileArg(1, "profile")) },
      );
    case "feed":
      return graphql(
        `query($id: BigInt!, $limit: Int) { homeFeed(profileId: $id, limit: $limit) { items { ${POST_FIELDS} reposted { id author { handle } } quoted { id } } pageInfo { hasNextPage endCursor } } }`,
        { id: String(await profileArg(1, "profile")), limit: Number(opts.limit) },
      );
    case "posts":
      return graphql(
        `query($id: BigInt!, $limit: Int) { profile(id: $id) { posts(limit: $limit, includeReplies: true) { items { ${POST_FIELDS} } } } }`,
        { id: String(await profileArg(1, "profile")), limit: Number(opts.limit) },
      );
    case "notifications":
      return graphql(
        `query($id: BigInt!, $limit: Int) { notifications(profileId: $id, limit: $limit) { items { kind createdAt actor { handle } post { id } subject { id } token amount } pageInfo { hasNextPage endCursor } } }`,
        { id: String(await profileArg(1, "profile")), limit: Number(opts.limit) },
      );
    case "search":
      return graphql(`query($prefix: String!) { searchProfiles(prefix: $prefix) { items { id handle followerCount } } }`, {
        prefix: arg(1, "prefix"),
      });
    case "thread":
      // The SDK's thread query: its page sizes keep it within the API's complexity limit.
      return graphql(QUERIES.thread, { postId: String(bigintArg(1, "postId")), limit: Number(opts.limit) });
    case "create-channel": {
      const membership = choice<Membership>(opts.membership, namesOf(CHANNEL_MEMBERSHIPS).filter((m) => m !== "TOKEN_GATED"), "--membership");
      return send(client.createChannel({ name: arg(1, "name"), membership, waitFor: "mined" }));
    }
    case "join":
      return send(client.joinChannel({ profileId: await profileArg(1, "me"), channelId: await channelArg(2), waitFor }));
    case "leave":
      return send(client.leaveChannel({ profileId: await profileArg(1, "me"), channelId: await channelArg(2), waitFor }));
    case "channel-post": {
      // As `post`: the post is on chain once sent, whether or not the body upload succeeds.
      let hash: Hex | undefined;
      const posting = client.postInChannel({
        profileId: await profileArg(1, "me"),
        channelId: await channelArg(2),
        body: arg(3, "text"),
        uri: opts.uri,
        onStatus: (s) => void (s.status === "pending" && (hash = s.transactionHash)),
      });
      try {
        const { cid } = await posting;
        await send(hash!);
        console.log(`  body uploaded: ${new URL(graphqlUrl).origin}/ipfs/${cid}`);
      } catch (error) {
        if (!(error instanceof ContentError) || !hash) throw error;
        await send(hash);
        console.log(`  body not uploaded (${error.message}); the post is on chain regardless`);
      }
      return;
    }
    case "hide":
    case "unhide":
      return send(client.setPostHidden({ channelId: await channelArg(1), postId: bigintArg(2, "postId"), hidden: command === "hide", reason: arg(3, "reason"), waitFor }));
    case "ban":
    case "unban":
      return send(client.setBanned({ channelId: await channelArg(1), profileId: await profileArg(2, "profile"), banned: command === "ban", reason: arg(3, "reason"), waitFor }));
    case "pin":
      return send(client.pinPost({ channelId: await channelArg(1), postId: bigintArg(2, "postId|0"), waitFor }));
    case "channel": {
      const id = await channelArg(1);
      const viewerId = opts.viewer === undefined ? undefined : await profileOf(opts.viewer);
      const reads = Promise.all([client.channel({ id, viewerId }), client.channelFeed({ channelId: id, viewerId, limit: Number(opts.limit) })]);
      return print(reads.then(([channel, posts]) => ({ channel, posts })));
    }
    case "log":
      return print(client.moderationLog({ channelId: await channelArg(1), limit: Number(opts.limit) }));
    case "label": {
      const expiry = parseUint256(opts.expiry);
      if (expiry === undefined) throw new UsageError(`--expiry must be unix seconds (0: never), got ${opts.expiry}`);
      return send(client.label({ subject: await subjectArg(1), value: arg(2, "value"), expiry, waitFor }));
    }
    case "unlabel":
      return send(client.negateLabel({ subject: await subjectArg(1), value: arg(2, "value"), waitFor }));
    case "create-list":
      return send(client.createList({ name: arg(1, "name"), waitFor: "mined" }));
    case "list-add":
      return send(client.addListMembers({ listId: bigintArg(1, "listId"), profileIds: await profilesFrom(2), waitFor }));
    case "list-remove":
      return send(client.removeListMembers({ listId: bigintArg(1, "listId"), profileIds: await profilesFrom(2), waitFor }));
    case "subscribe-labeler": {
      const policies: Record<string, LabelAction> = {};
      for (const policy of positionals.slice(3)) {
        const [value, action] = policy.split("=");
        if (!value || !action) throw new UsageError(`a policy is <value>=hide|warn|ignore, got ${policy}`);
        policies[value] = choice(action, namesOf(LABEL_ACTIONS), `the action of ${value}`);
      }
      return send(client.subscribeToLabeler({ profileId: await profileArg(1, "me"), labeler: await labelerArg(2), policies, waitFor }));
    }
    case "subscribe-list":
      return send(
        client.subscribeToList({ profileId: await profileArg(1, "me"), listId: bigintArg(2, "listId"), mode: choice<ListMode>(arg(3, "mute|block"), namesOf(LIST_MODES), "the mode"), waitFor }),
      );
    case "why-hidden": {
      if (opts.viewer === undefined) throw new UsageError("why-hidden needs --viewer <profile>");
      return print(client.hiddenFor({ postId: bigintArg(1, "postId"), viewerId: await profileOf(opts.viewer) }));
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : "missing <command>");
  }
}

if (opts.help) {
  console.log(USAGE);
} else {
  try {
    await run(positionals[0]);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`kith: ${error.message}\n\n${USAGE}`);
    } else if (error instanceof BaseError) {
      const revert = decodeKithRevert(error);
      console.error(`kith: reverted: ${revert ? formatKithRevert(revert) : error.shortMessage}`);
    } else {
      console.error(`kith: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}
