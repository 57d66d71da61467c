// Token holders govern a channel end to end: Kith deployed with a government (KithVotes,
// KithTimelock, KithGovernor) whose timelock owns the channel "builders"; two members post; the
// holders propose a ban, vote, queue and execute it on anvil (blocks mined, time moved on); the ban
// holds on chain and in the indexer's channel feed, member status and moderation log. Also: an
// existing list offered to a timelock and accepted by the proposal the address book records, and
// the README's section as written: `npm run deploy` with its KITH_GOVERN_* variables, then its
// viem script through delegate, propose, vote, queue and execute.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createTestClient,
  encodeFunctionData,
  getContract,
  type Hex,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  toBytes,
  zeroAddress,
  zeroHash,
} from "viem";

import {
  contentHash,
  kithAbi,
  kithChannelsAbi,
  type KithDeployment,
  kithGovernorAbi,
  type KithGovernance,
  kithModerationAbi,
  kithQuery,
  kithTimelockAbi,
  kithVotesAbi,
  parseDeployment,
} from "@kith/sdk";
import { clientsFor, devAccount, type LocalChain, startAnvil } from "../../scripts/lib/chain.ts";
import { deployGovernance, governanceOptionsFromEnv, parseHolders } from "../../scripts/lib/governance.ts";
import { type Stack, startStack } from "./stack.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
type Account = ReturnType<typeof devAccount>;
const [deployer, alice, bob, carol, dave] = [devAccount(0), devAccount(1), devAccount(2), devAccount(3), devAccount(4)];
const [CAROL, DAVE] = [1n, 2n];
const SETTINGS = { votingDelay: 1, votingPeriod: 5, quorumPercent: 25, timelockDelay: 60 } as const;
const FOR = 1;
/** IGovernor.ProposalState */
const State = { Pending: 0, Active: 1, Defeated: 3, Succeeded: 4, Queued: 5, Executed: 7 } as const;
const BAN_REASON = "spam in #builders";

/** anvil's block and time controls; mining a voting period of 1,800 blocks can take seconds on a busy machine. */
const anvilControls = (chain: LocalChain) => createTestClient({ chain: chain.chain, mode: "anvil", transport: http(chain.rpcUrl, { timeout: 120_000 }) });

/** The contract error a call reverted with: its name and arguments. */
function revertOf(error: unknown): { name?: string; args?: readonly unknown[] } {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
  const data = (reverted as ContractFunctionRevertedError | undefined)?.data;
  return { name: data?.errorName, args: data?.args };
}

/** A chain with a government on it, and the steps holders take: one proposal from start to end. */
function governed(chain: LocalChain, deployment: KithDeployment, governance: KithGovernance) {
  const test = anvilControls(chain);
  const { publicClient } = clientsFor(chain.chain, chain.rpcUrl, deployer);
  const as = <const abi extends Abi>(account: Account, address: Address, abi: abi) =>
    getContract({ address, abi, client: { public: publicClient, wallet: clientsFor(chain.chain, chain.rpcUrl, account).walletClient } });
  const governor = (account: Account) => as(account, governance.contracts.KithGovernor.address, kithGovernorAbi);
  const sent = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success", `transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const mineUntil = async (blockNumber: bigint) => {
    const current = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (blockNumber > current) await test.mine({ blocks: Number(blockNumber - current) });
  };
  return {
    publicClient,
    test,
    sent,
    mineUntil,
    kith: (account: Account) => as(account, deployment.contracts.Kith.address, kithAbi),
    channels: (account: Account) => as(account, deployment.contracts.KithChannels.address, kithChannelsAbi),
    moderation: (account: Account) => as(account, deployment.contracts.KithModeration.address, kithModerationAbi),
    votes: (account: Account) => as(account, governance.contracts.KithVotes.address, kithVotesAbi),
    governor,
    /** `proposer` proposes one call, `voters` vote for, anyone (carol, no tokens) queues and executes. */
    async enact(proposer: Account, voters: Account[], call: { target: Address; calldata: Hex; description: string }) {
      const args = [[call.target], [0n], [call.calldata]] as const;
      const descriptionHash = keccak256(toBytes(call.description));
      const proposed = await sent(governor(proposer).write.propose([...args, call.description]));
      const [created] = parseEventLogs({ abi: kithGovernorAbi, eventName: "ProposalCreated", logs: proposed.logs });
      const proposalId = created!.args.proposalId;
      const state = () => governor(carol).read.state([proposalId]);
      assert.equal(await state(), State.Pending);
      // Votes open the block after the snapshot; the next transaction is mined in the block after the latest.
      await mineUntil(await governor(carol).read.proposalSnapshot([proposalId]));
      for (const voter of voters) await sent(governor(voter).write.castVote([proposalId, FOR]));
      // Votes close after the deadline block.
      await mineUntil((await governor(carol).read.proposalDeadline([proposalId])) + 1n);
      assert.equal(await state(), State.Succeeded, "the proposal passed");
      const queued = await sent(governor(carol).write.queue([...args, descriptionHash]));
      assert.equal(await state(), State.Queued);
      // The timelock holds it until its delay is over.
      await assert.rejects(
        publicClient.simulateContract({
          address: governance.contracts.KithGovernor.address,
          abi: [...kithGovernorAbi, ...kithTimelockAbi],
          functionName: "execute",
          args: [...args, descriptionHash],
          account: carol,
        }),
        (error) => revertOf(error).name === "TimelockUnexpectedOperationState",
      );
      await test.increaseTime({ seconds: governance.timelockDelay });
      await test.mine({ blocks: 1 });
      const executed = await sent(governor(carol).write.execute([...args, descriptionHash]));
      assert.equal(await state(), State.Executed);
      return { proposalId, queued, executed };
    },
  };
}

describe("a channel governed by token vote, end to end", () => {
  let stack: Stack;
  let governance: KithGovernance;
  let gov: ReturnType<typeof governed>;
  let channelId: bigint;
  let executeTransaction: Hex;
  const posts = { carol: contentHash("carol builds"), dave: contentHash("buy my token"), daveAgain: contentHash("buy it now") };
  const postId = (profileId: bigint, hash: Hex) => gov.channels(carol).read.computeChannelPostId([profileId, channelId, hash]);
  const q = async (query: string, variables?: Record<string, unknown>) => (await kithQuery(stack.indexer!.graphqlUrl, query, variables)).data;
  const CHANNEL_QUERY = `query ($name: String!, $dave: BigInt!) { channel(name: $name) {
    id owner
    posts(limit: 10) { items { id author { id } } }
    memberStatus(profileId: $dave)
    moderationLog(limit: 10) { items { kind actor reason profile { id } transactionHash } } } }`;

  before(async () => {
    stack = await startStack();
    const { publicClient, walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, deployer);
    const result = await deployGovernance({
      publicClient,
      walletClient,
      deployment: stack.deployment,
      dir: stack.deploymentsDir,
      channel: "builders",
      holders: [
        { address: alice.address, amount: parseEther("60") },
        { address: bob.address, amount: parseEther("40") },
      ],
      ...SETTINGS,
      log: () => {},
    });
    governance = result.governance;
    gov = governed(stack.chain, stack.deployment, governance);
    channelId = BigInt(governance.governs[0]!.id);

    await stack.send(carol, (k) => k.write.register(["carol", zeroAddress, zeroHash]));
    await stack.send(dave, (k) => k.write.register(["dave", zeroAddress, zeroHash]));
    for (const [account, profileId] of [[carol, CAROL], [dave, DAVE]] as const) {
      await gov.sent(gov.channels(account).write.joinChannel([profileId, channelId]));
    }
    await gov.sent(gov.channels(carol).write.postInChannel([CAROL, channelId, posts.carol, ""]));
    await gov.sent(gov.channels(dave).write.postInChannel([DAVE, channelId, posts.dave, ""]));
    for (const holder of [alice, bob]) await gov.sent(gov.votes(holder).write.delegate([holder.address]));
    await stack.startIndexer();
  });
  after(async () => stack?.stop());

  it("records the government in the address book, the timelock owning the channel and run by the governor alone", async () => {
    const book = parseDeployment(JSON.parse(readFileSync(path.join(stack.deploymentsDir, `${stack.chain.chainId}.json`), "utf8")));
    assert.deepEqual(book.governance, [governance]);
    assert.deepEqual(governance.governs, [{ kind: "channel", id: 1, name: "builders" }]);
    const { votingDelay, votingPeriod, quorumPercent, timelockDelay } = governance;
    assert.deepEqual({ votingDelay, votingPeriod, quorumPercent, timelockDelay }, SETTINGS);
    const { KithTimelock, KithGovernor, KithVotes } = governance.contracts;
    assert.equal(await gov.channels(carol).read.ownerOf([channelId]), KithTimelock.address);
    const timelock = getContract({ address: KithTimelock.address, abi: kithTimelockAbi, client: gov.publicClient });
    const roles = { proposer: await timelock.read.PROPOSER_ROLE(), executor: await timelock.read.EXECUTOR_ROLE(), canceller: await timelock.read.CANCELLER_ROLE(), admin: await timelock.read.DEFAULT_ADMIN_ROLE() };
    for (const role of [roles.proposer, roles.executor, roles.canceller]) assert.equal(await timelock.read.hasRole([role, KithGovernor.address]), true);
    assert.equal(await timelock.read.hasRole([roles.executor, zeroAddress]), false, "execution goes through the governor");
    assert.equal(await timelock.read.hasRole([roles.admin, deployer.address]), false, "the deployer holds no admin role");
    assert.equal(await timelock.read.getMinDelay(), BigInt(SETTINGS.timelockDelay));
    assert.equal(await gov.governor(carol).read.token(), KithVotes.address);
    assert.equal(await gov.governor(carol).read.proposalThreshold(), 0n, "anyone may propose (README)");
    assert.equal(await gov.votes(carol).read.balanceOf([alice.address]), parseEther("60"));
    assert.equal(await gov.votes(carol).read.totalSupply(), parseEther("100"));
  });

  it("refuses an address book whose government is malformed, naming the field", () => {
    const book = JSON.parse(readFileSync(path.join(stack.deploymentsDir, `${stack.chain.chainId}.json`), "utf8"));
    const broken = (edit: (government: any) => void) => {
      const copy = structuredClone(book);
      edit(copy.governance[0]);
      return () => parseDeployment(copy, "book");
    };
    assert.throws(broken((g) => (g.contracts.KithTimelock.address = "0x1234")), /^Error: book: governance\[0\]\.contracts\.KithTimelock\.address is not an address$/);
    assert.throws(broken((g) => delete g.contracts.KithGovernor), /governance\[0\]\.contracts\.KithGovernor is missing/);
    assert.throws(broken((g) => (g.votingPeriod = "5")), /governance\[0\]\.votingPeriod is not a whole number/);
    assert.throws(broken((g) => (g.governs[0].kind = "forum")), /governance\[0\]\.governs\[0\]\.kind is not "channel" or "list"/);
    assert.throws(broken((g) => (g.governs[0].acceptProposal = { target: g.contracts.KithTimelock.address, calldata: "nope", description: "" })), /governs\[0\]\.acceptProposal\.calldata is not hex/);
    assert.throws(() => parseDeployment({ ...book, governance: {} }, "book"), /governance is not a list/);
    // A book without governments stays valid, as before.
    assert.equal(parseDeployment({ ...book, governance: undefined }).governance, undefined);
  });

  it("shows both members' posts in the channel feed before the vote", async () => {
    await stack.indexer!.waitForBlock(await gov.publicClient.getBlockNumber({ cacheTime: 0 }));
    const { channel } = await q(CHANNEL_QUERY, { name: "builders", dave: String(DAVE) });
    assert.equal(channel.owner.toLowerCase(), governance.contracts.KithTimelock.address.toLowerCase());
    assert.deepEqual(channel.posts.items, [
      { id: String(await postId(DAVE, posts.dave)), author: { id: String(DAVE) } },
      { id: String(await postId(CAROL, posts.carol)), author: { id: String(CAROL) } },
    ]);
    assert.equal(channel.memberStatus, "MEMBER");
  });

  it("bans dave by proposal, vote, queue and execute: he cannot post, carol still can", async () => {
    // Nobody bans without a vote: not a holder, not the governor's deployer.
    for (const account of [alice, deployer]) {
      await assert.rejects(gov.channels(account).simulate.setBanned([channelId, DAVE, true, "no vote"], { account }), (error) => {
        assert.deepEqual(revertOf(error), { name: "NotModerator", args: [channelId, account.address] });
        return true;
      });
    }
    const { executed } = await gov.enact(alice, [alice, bob], {
      target: stack.deployment.contracts.KithChannels.address,
      calldata: encodeFunctionData({ abi: kithChannelsAbi, functionName: "setBanned", args: [channelId, DAVE, true, BAN_REASON] }),
      description: "Ban dave from builders",
    });
    executeTransaction = executed.transactionHash;
    const [banned] = parseEventLogs({ abi: kithChannelsAbi, eventName: "MemberBanned", logs: executed.logs });
    assert.deepEqual(banned!.args, { channelId, profileId: DAVE, moderator: governance.contracts.KithTimelock.address, reason: BAN_REASON });
    assert.equal(await gov.channels(carol).read.memberStatusOf([channelId, DAVE]), 3, "Banned");
    await assert.rejects(gov.channels(dave).simulate.postInChannel([DAVE, channelId, posts.daveAgain, ""], { account: dave }), (error) => {
      assert.deepEqual(revertOf(error), { name: "Banned", args: [channelId, DAVE] });
      return true;
    });
    await gov.sent(gov.channels(carol).write.postInChannel([CAROL, channelId, contentHash("carol again"), ""]));
  });

  it("leaves dave's posts out of the channel feed, says BANNED, and logs the BAN by the timelock with its reason", async () => {
    await stack.indexer!.waitForBlock(await gov.publicClient.getBlockNumber({ cacheTime: 0 }));
    const { channel } = await q(CHANNEL_QUERY, { name: "builders", dave: String(DAVE) });
    assert.deepEqual(channel.posts.items, [
      { id: String(await postId(CAROL, contentHash("carol again"))), author: { id: String(CAROL) } },
      { id: String(await postId(CAROL, posts.carol)), author: { id: String(CAROL) } },
    ]);
    assert.equal(channel.memberStatus, "BANNED");
    const [latest] = channel.moderationLog.items;
    assert.deepEqual({ ...latest, actor: latest.actor.toLowerCase() }, {
      kind: "BAN",
      actor: governance.contracts.KithTimelock.address.toLowerCase(),
      reason: BAN_REASON,
      profile: { id: String(DAVE) },
      transactionHash: executeTransaction,
    });
  });

  it("puts an existing channel and list under a new government: offered by their owner, accepted by the recorded proposals", async () => {
    const { publicClient, walletClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, deployer);
    const createdList = await gov.sent(gov.moderation(deployer).write.createList(["old spammers", deployer.address]));
    const listId = parseEventLogs({ abi: kithModerationAbi, eventName: "ListCreated", logs: createdList.logs })[0]!.args.listId;
    const createdChannel = await gov.sent(gov.channels(deployer).write.createChannel(["oldtown", deployer.address, 0, zeroAddress, 0n]));
    const oldtown = parseEventLogs({ abi: kithChannelsAbi, eventName: "ChannelCreated", logs: createdChannel.logs })[0]!.args.channelId;
    const book = parseDeployment(JSON.parse(readFileSync(path.join(stack.deploymentsDir, `${stack.chain.chainId}.json`), "utf8")));
    const { governance: second } = await deployGovernance({
      publicClient,
      walletClient,
      deployment: book,
      dir: stack.deploymentsDir,
      channel: "oldtown",
      listId: Number(listId),
      holders: [{ address: bob.address, amount: parseEther("1") }],
      ...SETTINGS,
      log: () => {},
    });
    assert.deepEqual(
      second.governs.map(({ kind, id, name }) => ({ kind, id, name })),
      [
        { kind: "channel", id: Number(oldtown), name: "oldtown" },
        { kind: "list", id: Number(listId), name: `list ${listId}` },
      ],
    );
    const timelock = second.contracts.KithTimelock.address;
    const things = [
      { contract: gov.channels(carol), id: oldtown, accept: second.governs[0]!.acceptProposal },
      { contract: gov.moderation(carol), id: listId, accept: second.governs[1]!.acceptProposal },
    ];
    for (const { contract, id, accept } of things) {
      assert.ok(accept, "the proposal that accepts the offer is recorded");
      assert.equal(await contract.read.pendingOwnerOf([id]), timelock);
      assert.equal(await contract.read.ownerOf([id]), deployer.address, "the deployer owns it until the vote");
    }

    const secondGov = governed(stack.chain, stack.deployment, second);
    await secondGov.sent(secondGov.votes(bob).write.delegate([bob.address]));
    for (const { contract, id, accept } of things) {
      await secondGov.enact(bob, [bob], accept!);
      assert.equal(await contract.read.ownerOf([id]), timelock);
    }
    await assert.rejects(gov.moderation(deployer).simulate.addListMembers([listId, [DAVE]], { account: deployer }), (error) => {
      assert.deepEqual(revertOf(error), { name: "NotOwner", args: [listId, deployer.address] });
      return true;
    });
    await assert.rejects(gov.channels(deployer).simulate.setBanned([oldtown, DAVE, true, ""], { account: deployer }), (error) => {
      assert.deepEqual(revertOf(error), { name: "NotModerator", args: [oldtown, deployer.address] });
      return true;
    });
    // Both governments are in the address book now.
    const updated = parseDeployment(JSON.parse(readFileSync(path.join(stack.deploymentsDir, `${stack.chain.chainId}.json`), "utf8")));
    assert.deepEqual(updated.governance, [governance, second]);
  });
});

describe("the README's governance section, run as written", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("## Govern a channel or a list by token vote");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const [command, script] = [...section.matchAll(/```(?:ts)?\n([\s\S]*?)```/g)].map((match) => match[1]!);
  /** The KITH_* assignments of the deploy command ("quoted values" kept together). */
  const readmeEnv = Object.fromEntries([...command!.matchAll(/\b(KITH_[A-Z_]+)=("([^"]*)"|\S+)/g)].map((m) => [m[1]!, m[3] ?? m[2]!]));
  let chain: LocalChain;
  let dir: string;
  const run = promisify(execFile);
  const deploy = () =>
    run(process.execPath, [path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js"), "run", "scripts/deploy.ts", "--network", "localhost"], {
      cwd: root,
      env: { ...process.env, ...readmeEnv, KITH_RPC_URL: chain.rpcUrl, KITH_DEPLOYMENTS_DIR: dir },
    });

  before(async () => {
    chain = await startAnvil();
    dir = mkdtempSync(path.join(tmpdir(), "kith-governance-deploy-"));
  });
  after(async () => {
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("deploys with the README's variables: the government prints, is recorded with those settings, and is reused on a second run", async () => {
    assert.match(command!, /\nnpm run deploy -- --network baseSepolia\n$/);
    assert.deepEqual(Object.keys(readmeEnv).sort(), [
      "KITH_GOVERNANCE_HOLDERS",
      "KITH_GOVERNANCE_QUORUM",
      "KITH_GOVERNANCE_VOTING_DELAY",
      "KITH_GOVERNANCE_VOTING_PERIOD",
      "KITH_GOVERN_CHANNEL",
      "KITH_GOVERN_LIST",
      "KITH_TIMELOCK_DELAY",
    ]);
    const { stdout } = await deploy();
    assert.match(stdout, new RegExp(`Created channel #1 \\(${readmeEnv.KITH_GOVERN_CHANNEL}\\) owned by the timelock 0x[0-9a-fA-F]{40}`));
    assert.match(stdout, new RegExp(`Created moderation list #1 \\(${readmeEnv.KITH_GOVERN_LIST}\\) owned by the timelock`));
    const book = parseDeployment(JSON.parse(readFileSync(path.join(dir, "31337.json"), "utf8")));
    assert.equal(book.governance!.length, 1);
    const government = book.governance![0]!;
    const { votingDelay, votingPeriod, quorumPercent, timelockDelay } = government;
    assert.deepEqual(
      { votingDelay, votingPeriod, quorumPercent, timelockDelay },
      {
        votingDelay: Number(readmeEnv.KITH_GOVERNANCE_VOTING_DELAY),
        votingPeriod: Number(readmeEnv.KITH_GOVERNANCE_VOTING_PERIOD),
        quorumPercent: Number(readmeEnv.KITH_GOVERNANCE_QUORUM),
        timelockDelay: Number(readmeEnv.KITH_TIMELOCK_DELAY),
      },
    );
    assert.deepEqual(government.governs, [
      { kind: "channel", id: 1, name: readmeEnv.KITH_GOVERN_CHANNEL },
      { kind: "list", id: 1, name: readmeEnv.KITH_GOVERN_LIST },
    ]);
    // What the script prints is what it recorded.
    const printed = JSON.parse(stdout.slice(stdout.indexOf("{\n")));
    assert.deepEqual(printed.governance, book.governance);

    const { publicClient } = clientsFor(chain.chain, chain.rpcUrl, deployer);
    const read = <const abi extends Abi>(address: Address, abi: abi) => getContract({ address, abi, client: publicClient });
    const governor = read(government.contracts.KithGovernor.address, kithGovernorAbi);
    assert.equal(await governor.read.votingDelay(), BigInt(votingDelay));
    assert.equal(await governor.read.votingPeriod(), BigInt(votingPeriod));
    assert.equal(await governor.read.quorumNumerator(), BigInt(quorumPercent));
    const votes = read(government.contracts.KithVotes.address, kithVotesAbi);
    for (const { address, amount } of parseHolders(readmeEnv.KITH_GOVERNANCE_HOLDERS!)) {
      assert.equal(await votes.read.balanceOf([address]), amount);
    }
    assert.equal(await votes.read.totalSupply(), parseEther("1000"));
    const timelock = government.contracts.KithTimelock.address;
    assert.equal(await read(book.contracts.KithChannels.address, kithChannelsAbi).read.ownerOf([1n]), timelock);
    assert.equal(await read(book.contracts.KithModeration.address, kithModerationAbi).read.ownerOf([1n]), timelock);

    const nonce = await publicClient.getTransactionCount({ address: book.deployer });
    const again = await deploy();
    assert.match(again.stdout, /Reusing the government at 0x[0-9a-fA-F]{40}: it already governs channel #1 \(builders\) and list #1 \(builders spam\)/);
    assert.equal(await publicClient.getTransactionCount({ address: book.deployer }), nonce, "nothing sent");
    assert.deepEqual(parseDeployment(JSON.parse(readFileSync(path.join(dir, "31337.json"), "utf8"))), book);
  });

  it("bans a member with the README's script: delegate, propose, vote, queue, execute", async () => {
    const book = parseDeployment(JSON.parse(readFileSync(path.join(dir, "31337.json"), "utf8")));
    const government = book.governance![0]!;
    // The README's holders are development accounts 1 and 2 (alice and bob): their keys sign here.
    assert.deepEqual(parseHolders(readmeEnv.KITH_GOVERNANCE_HOLDERS!).map((holder) => holder.address), [alice.address, bob.address]);
    const gov = governed(chain, book, government);
    await gov.sent(gov.kith(dave).write.register(["dave", zeroAddress, zeroHash]));
    const profileId = 1n;
    await gov.sent(gov.channels(dave).write.joinChannel([profileId, 1n]));

    const file = path.join(root, ".kith", "examples", "govern.ts");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, script!);
    const keyOf = (account: Account) => `0x${Buffer.from(account.getHdKey().privateKey!).toString("hex")}`;
    const step = async (name: string, account: Account) => {
      const env = { ...process.env, CHAIN_ID: "31337", RPC_URL: chain.rpcUrl, PRIVATE_KEY: keyOf(account), PROFILE_ID: String(profileId), KITH_DEPLOYMENTS_DIR: dir };
      const { stdout } = await run(process.execPath, [file, name], { cwd: root, env });
      return /^(\w+) (success|reverted): proposal (\d+) state (\d|not proposed)$/m.exec(stdout)?.slice(1) ?? stdout;
    };
    const governor = gov.governor(carol);

    const [, , proposalId] = (await step("delegate", alice)) as string[];
    assert.deepEqual(await step("delegate", bob), ["delegate", "success", proposalId, "not proposed"]);
    assert.deepEqual(await step("propose", alice), ["propose", "success", proposalId, String(State.Pending)]);
    await gov.mineUntil(await governor.read.proposalSnapshot([BigInt(proposalId!)]));
    assert.deepEqual(await step("vote", alice), ["vote", "success", proposalId, String(State.Active)]);
    assert.deepEqual(await step("vote", bob), ["vote", "success", proposalId, String(State.Active)]);
    await gov.mineUntil((await governor.read.proposalDeadline([BigInt(proposalId!)])) + 1n);
    assert.deepEqual(await step("queue", bob), ["queue", "success", proposalId, String(State.Queued)]);
    await gov.test.increaseTime({ seconds: government.timelockDelay });
    await gov.test.mine({ blocks: 1 });
    assert.deepEqual(await step("execute", bob), ["execute", "success", proposalId, String(State.Executed)]);
    assert.equal(await gov.channels(carol).read.memberStatusOf([1n, profileId]), 3, "Banned");
  });
});

describe("governance deploy options from the environment", () => {
  it("reads nothing to govern as no government, and names the variable that is wrong", () => {
    assert.equal(governanceOptionsFromEnv({}), undefined);
    assert.throws(() => governanceOptionsFromEnv({ KITH_TIMELOCK_DELAY: "60" }), /KITH_TIMELOCK_DELAY set, but nothing to govern/);
    assert.throws(() => governanceOptionsFromEnv({ KITH_GOVERN_CHANNEL: "builders", KITH_GOVERNANCE_QUORUM: "4%" }), /KITH_GOVERNANCE_QUORUM must be a whole number, not "4%"/);
    assert.throws(() => governanceOptionsFromEnv({ KITH_GOVERN_LIST: "spam", KITH_GOVERNANCE_HOLDERS: `${alice.address}` }), /KITH_GOVERNANCE_HOLDERS: ".*" is not address:amount/);
    assert.throws(() => governanceOptionsFromEnv({ KITH_GOVERN_LIST: "spam", KITH_GOVERNANCE_HOLDERS: `${alice.address}:0` }), /gives no tokens/);
    assert.deepEqual(governanceOptionsFromEnv({ KITH_GOVERN_LIST_ID: "7", KITH_GOVERNANCE_HOLDERS: `${alice.address.toLowerCase()}:1.25` }), {
      channel: undefined,
      list: undefined,
      listId: 7,
      holders: [{ address: alice.address, amount: parseEther("1.25") }],
      votingDelay: undefined,
      votingPeriod: undefined,
      quorumPercent: undefined,
      timelockDelay: undefined,
      tokenName: undefined,
      tokenSymbol: undefined,
    });
  });
});
