// `npm run bench:import`: the time and gas of moving a profile with many posts and follows.
//
//   npm run bench:import -- [--posts 1000] [--follows 500]
//
// Two fresh anvil chains (31337 the source, 1337 the target), Kith on each, an indexer on each
// (PGlite). On the source, alice follows N profiles and makes M posts (a tenth of them replies to
// her own earlier posts), each body uploaded to the source indexer; the followed handles are
// registered on the target too. Then, as a user would: exportProfile (chain logs + bodies from the
// source indexer), verifyKithExport against the source RPC, importProfile into the target (one
// signature of alice, a payer sends KithBatch transactions of at most 12M gas; bodies uploaded to the
// target indexer, which must index each post before it takes its body). Prints the times, the
// transactions and the gas; writes bench/results/import-latest.json.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { type Hex, zeroAddress, zeroHash } from "viem";
import { generatePrivateKey } from "viem/accounts";

import { computePostId, contentHash, exportProfile, importProfile, kithAbi, PostKind, uploadContent, verifyKithExport, viemSigner } from "@kith/sdk";
import { clientsFor, devAccount, startAnvil } from "../scripts/lib/chain.ts";
import { deployKith } from "../scripts/lib/deploy.ts";
import { startIndexer } from "../scripts/lib/indexer.ts";
import { printTable, writeResults } from "./lib/results.ts";

const { values: args } = parseArgs({
  options: {
    posts: { type: "string", default: "1000" },
    follows: { type: "string", default: "500" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log("Usage: npm run bench:import -- [--posts N] [--follows N]");
  process.exit(0);
}
const POSTS = Number(args.posts);
const FOLLOWS = Number(args.follows);
const log = (line: string) => console.log(`[bench] ${line}`);
const dir = mkdtempSync(path.join(tmpdir(), "kith-bench-import-"));
const alice = devAccount(1);
const registrar = devAccount(2);

async function deployment(chainId: number) {
  const chain = await startAnvil({ chainId });
  const deployer = clientsFor(chain.chain, chain.rpcUrl, devAccount(0));
  const deploymentsDir = path.join(dir, String(chainId));
  const { deployment } = await deployKith({ ...deployer, networkName: "localhost", dir: deploymentsDir, log: () => {} });
  const indexer = await startIndexer({
    chainId,
    rpcUrl: chain.rpcUrl,
    deploymentsDir,
    pgliteDir: path.join(dir, `pglite-${chainId}`),
    contentDir: path.join(dir, `content-${chainId}`),
  });
  /** Sends `calls` from `account` one after another without waiting for each, then checks every receipt. */
  const sendAll = async (account: typeof alice, calls: { functionName: string; args: unknown[] }[]) => {
    const { publicClient, walletClient } = clientsFor(chain.chain, chain.rpcUrl, account, 10);
    let nonce = await publicClient.getTransactionCount({ address: account.address });
    const hashes: Hex[] = [];
    for (const call of calls) {
      const gas = call.functionName === "followBatch" ? 3_000_000n : 300_000n;
      hashes.push(await walletClient.writeContract({ address: deployment.contracts.Kith.address, abi: kithAbi, functionName: call.functionName as never, args: call.args as never, nonce: nonce++, gas }));
    }
    for (const [i, hash] of hashes.entries()) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${calls[i]!.functionName} reverted`);
    }
  };
  return { chain, deployment, indexer, sendAll, publicClient: clientsFor(chain.chain, chain.rpcUrl, alice).publicClient };
}

const source = await deployment(31337);
const target = await deployment(1337);
try {
  const handles = Array.from({ length: FOLLOWS }, (_, i) => `f${String(i).padStart(4, "0")}`);
  log(`seeding: ${FOLLOWS} profiles on both chains, alice's ${FOLLOWS} follows and ${POSTS} posts on the source`);
  const registrations = handles.map((handle) => ({ functionName: "register", args: [handle, zeroAddress, zeroHash] }));
  await source.sendAll(alice, [{ functionName: "register", args: ["alice", alice.address, zeroHash] }]);
  await Promise.all([source.sendAll(registrar, registrations), target.sendAll(registrar, registrations)]);
  const aliceId = 1n;
  const followees = handles.map((_, i) => BigInt(i + 2));
  const follows = Array.from({ length: Math.ceil(FOLLOWS / 100) }, (_, i) => ({ functionName: "followBatch", args: [aliceId, followees.slice(i * 100, (i + 1) * 100)] }));
  const bodies: string[] = [];
  const ids: bigint[] = [];
  const posts = Array.from({ length: POSTS }, (_, i) => {
    const body = `post ${i} of alice, moving to chain 1337`;
    const digest = contentHash(body);
    bodies.push(body);
    // Every tenth is a reply to her post five before it.
    if (i % 10 === 9) {
      ids.push(computePostId(aliceId, PostKind.Reply, ids[i - 5]!, digest));
      return { functionName: "reply", args: [aliceId, ids[i - 5]!, digest, ""] };
    }
    ids.push(computePostId(aliceId, PostKind.Post, 0n, digest));
    return { functionName: "post", args: [aliceId, digest, ""] };
  });
  await source.sendAll(alice, [...follows, ...posts]);
  const head = await source.publicClient.getBlockNumber();
  await source.indexer.waitForBlock(head, 120_000);
  for (let i = 0; i < bodies.length; i += 50) await Promise.all(bodies.slice(i, i + 50).map((body) => uploadContent(source.indexer.url, body)));

  const kith = source.deployment.contracts.Kith.address;
  const fromBlock = BigInt(source.deployment.contracts.Kith.blockNumber);
  let started = performance.now();
  const file = await exportProfile({ client: source.publicClient, kith, fromBlock, profile: "alice", indexerUrls: [source.indexer.url] });
  const exportMs = performance.now() - started;
  log(`exported: ${file.posts.length} posts, ${file.follows.length} follows, ${file.bodies.length} bodies in ${(exportMs / 1000).toFixed(1)} s`);

  started = performance.now();
  const verified = await verifyKithExport(file, { client: source.publicClient, fromBlock });
  const verifyMs = performance.now() - started;
  if (!verified.ok) throw new Error(`the export does not verify: ${JSON.stringify(verified.problems.slice(0, 3))}`);

  const { walletClient: payer } = clientsFor(target.chain.chain, target.chain.rpcUrl, devAccount(6), 10);
  let chainDoneAt = 0;
  started = performance.now();
  const report = await importProfile({
    file,
    client: target.publicClient,
    payer,
    owner: viemSigner(alice),
    kith: target.deployment.contracts.Kith.address,
    batch: target.deployment.contracts.KithBatch.address,
    fromBlock: BigInt(target.deployment.contracts.Kith.blockNumber),
    importKey: generatePrivateKey(),
    indexerUrls: [target.indexer.url],
    onProgress: (line) => {
      if (line.startsWith("uploading")) chainDoneAt = performance.now();
      log(`  ${line}`);
    },
  });
  const importMs = performance.now() - started;
  if (!report.complete || report.posts.imported !== POSTS || report.follows.imported !== FOLLOWS || report.bodies.failed.length > 0) {
    throw new Error(`the import is incomplete: ${JSON.stringify(report, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
  }
  const rows: (string | number)[][] = [
    ["export (chain logs + bodies)", `${(exportMs / 1000).toFixed(1)} s`, "", ""],
    ["verify (against the source RPC)", `${(verifyMs / 1000).toFixed(1)} s`, "", ""],
    ["import: register, follows, posts on chain", `${((chainDoneAt - started) / 1000).toFixed(1)} s`, report.transactions.length - 1, Number(report.gasUsed - report.transactions.at(-1)!.gasUsed)],
    ["import: bodies to the target indexer, then the hand-over", `${((started + importMs - chainDoneAt) / 1000).toFixed(1)} s`, 1, Number(report.transactions.at(-1)!.gasUsed)],
    ["import: total", `${(importMs / 1000).toFixed(1)} s`, report.transactions.length, Number(report.gasUsed)],
  ];
  console.log(`\nImport of a profile with ${POSTS} posts and ${FOLLOWS} follows (${Math.round(Number(report.gasUsed) / (POSTS + FOLLOWS)).toLocaleString("en-US")} gas per post or follow)\n`);
  printTable(["Step", "Time", "Transactions", "Gas"], rows);
  const written = writeResults("import", {
    posts: POSTS,
    follows: FOLLOWS,
    exportMs,
    verifyMs,
    importMs,
    importChainMs: chainDoneAt - started,
    transactions: report.transactions.map((t) => ({ hash: t.hash, calls: t.calls, gasUsed: Number(t.gasUsed) })),
    gasUsed: Number(report.gasUsed),
  });
  log(`wrote ${written}`);
} finally {
  await Promise.all([source.indexer.stop(), target.indexer.stop()]);
  await Promise.all([source.chain.stop(), target.chain.stop()]);
  rmSync(dir, { recursive: true, force: true });
}
