// The CLI's `export`, `verify` and `import` (scripts/cli.ts): moving a profile to another Kith
// deployment with the SDK's exportProfile, verifyKithExport and importProfile.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

import { type Account, type Address, createPublicClient, createWalletClient, getAddress, type Hex, http, isAddress } from "viem";

import {
  exportProfile,
  importProfile,
  parseKithExport,
  parseUint256,
  stringifyKithExport,
  verifyKithExport,
  viemSigner,
} from "@kith/sdk";
import { readDeployment, tryReadDeployment } from "@kith/sdk/node";
import { chainAt, devAccount } from "./chain.ts";
import { TESTNETS, type TestnetName } from "./networks.ts";

interface MigrationArgs {
  positionals: string[];
  opts: Record<string, string | string[] | boolean | undefined>;
  rpcUrl: string;
  graphqlUrl: string;
  chainId: number;
  account: Account;
  UsageError: new (message: string) => Error;
}

export async function runMigration(command: "export" | "verify" | "import", args: MigrationArgs): Promise<void> {
  const { positionals, opts, UsageError } = args;
  const need = (index: number, name: string) => {
    const value = positionals[index];
    if (value === undefined) throw new UsageError(`missing <${name}>`);
    return value;
  };
  /** The option `--<name>` as a whole number (`what` it is, for the error), or undefined when not given. */
  const uint = (name: string, what: string) => {
    const value = opts[name];
    if (value === undefined) return undefined;
    const parsed = parseUint256(String(value));
    if (parsed === undefined) throw new UsageError(`--${name} must be ${what}, got ${String(value)}`);
    return parsed;
  };
  const readFile = (file: string) => {
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    return parseKithExport(readFileSync(file, "utf8"));
  };

  if (command === "export") {
    const given = need(1, "profile");
    const client = createPublicClient({ chain: chainAt(args.chainId, args.rpcUrl), transport: http(args.rpcUrl, { batch: true }) });
    const deployment = readDeployment(args.chainId);
    const indexerUrls = (opts.indexer as string[] | undefined) ?? [new URL(args.graphqlUrl).origin];
    const file = await exportProfile({
      client,
      kith: deployment.contracts.Kith.address,
      fromBlock: BigInt(deployment.contracts.Kith.blockNumber),
      profile: /^[0-9]+$/.test(given) ? BigInt(given) : given,
      blockNumber: uint("block", "a block number"),
      indexerUrls,
    });
    const out = (opts.out as string | undefined) ?? `${file.profile.handle}.kith.json`;
    writeFileSync(out, stringifyKithExport(file));
    console.log(
      `exported @${file.profile.handle} (profile ${file.profile.id} of chain ${file.source.chainId}) as of block ${file.source.blockNumber} to ${out}: ` +
        `${file.follows.length} follows, ${file.blocks.length} blocks, ${file.posts.length} posts, ${file.likes.length} likes, ${file.appKeys.length} app keys, ` +
        `${file.bodies.length} bodies (${file.missingBodies.length} no indexer had)`,
    );
    return;
  }

  if (command === "verify") {
    const file = readFile(need(1, "file"));
    if (opts.rpc === undefined) throw new UsageError("verify needs --rpc <url> of the file's chain");
    const rpcUrl = String(opts.rpc);
    const client = createPublicClient({ chain: chainAt(file.source.chainId, rpcUrl), transport: http(rpcUrl, { batch: true }) });
    // The file names its contract: only one you trust proves anything (a look-alike could back any story).
    const known = tryReadDeployment(file.source.chainId);
    const kith = (opts.kith as Address | undefined) ?? known?.contracts.Kith.address;
    if (!kith) throw new UsageError(`no address book deployments/${file.source.chainId}.json here: pass --kith <address> of the Kith you trust on chain ${file.source.chainId}`);
    if (!isAddress(kith)) throw new UsageError(`--kith must be an address, got ${kith}`);
    const fromBlock = uint("from-block", "a block number") ?? (known?.contracts.Kith.address.toLowerCase() === kith.toLowerCase() ? BigInt(known.contracts.Kith.blockNumber) : 0n);
    const result = await verifyKithExport(file, { client, kith, fromBlock });
    for (const { path, message } of result.problems) console.log(`${path}: ${message}`);
    const { items, blocks, bodies, logs } = result.checked;
    console.log(
      result.ok
        ? `verified: ${items} items against ${logs} logs of Kith ${getAddress(kith)} and ${blocks} blocks of chain ${file.source.chainId}, ${bodies} bodies against their digests`
        : `NOT verified: ${result.problems.length} problem(s)`,
    );
    if (!result.ok) process.exitCode = 1;
    return;
  }

  const path = need(1, "file");
  const file = readFile(path);
  const network = opts.network as string | undefined;
  if (network === undefined) throw new UsageError(`import needs --network <name>: localhost or one of ${Object.keys(TESTNETS).join(", ")}`);
  let rpcUrl = opts.rpc as string | undefined;
  if (network !== "localhost") {
    const testnet = TESTNETS[network as TestnetName];
    if (!testnet) throw new UsageError(`unknown network "${network}": localhost or one of ${Object.keys(TESTNETS).join(", ")}`);
    rpcUrl ??= process.env[`${testnet.prefix}_RPC_URL`];
    if (!rpcUrl) throw new UsageError(`set ${testnet.prefix}_RPC_URL (or --rpc) to reach ${network}`);
  }
  rpcUrl ??= args.rpcUrl;
  // The owner gets the profile: off a local chain, never a development account (their keys are public).
  if (network !== "localhost" && !process.env.KITH_PRIVATE_KEY) {
    throw new UsageError(`importing into ${network} needs the owner's key in KITH_PRIVATE_KEY: the profile is handed to that account`);
  }
  const recovery = opts.recovery as string | undefined;
  if (recovery !== undefined && !isAddress(recovery)) throw new UsageError(`--recovery must be an address, got ${recovery}`);
  if (opts["source-rpc"] !== undefined) {
    // Check the file against its own chain first: an import copies what the file says.
    const sourceRpc = String(opts["source-rpc"]);
    const known = tryReadDeployment(file.source.chainId);
    const sourceClient = createPublicClient({ chain: chainAt(file.source.chainId, sourceRpc), transport: http(sourceRpc, { batch: true }) });
    const checked = await verifyKithExport(file, { client: sourceClient, kith: (opts.kith as Address | undefined) ?? known?.contracts.Kith.address, fromBlock: known ? BigInt(known.contracts.Kith.blockNumber) : 0n });
    if (!checked.ok) throw new Error(`the file does not verify against ${sourceRpc}: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    console.log(`the file verifies against ${sourceRpc}`);
  }
  const probe = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await probe.getChainId();
  const deployment = readDeployment(chainId);
  const chain = chainAt(chainId, rpcUrl);
  const client = createPublicClient({ chain, transport: http(rpcUrl, { batch: true }) });
  const payerKey = process.env.KITH_PAYER_PRIVATE_KEY as Hex | undefined;
  const payerAccount = opts["payer-account"] !== undefined ? devAccount(Number(opts["payer-account"])) : payerKey ? (await import("viem/accounts")).privateKeyToAccount(payerKey) : args.account;
  const payer = createWalletClient({ chain, transport: http(rpcUrl), account: payerAccount });
  // The import key: kept beside the file until the import is done, so running the same command resumes.
  const keyFile = `${path}.import-${chainId}.key`;
  try {
    // "wx": two imports started at once cannot each write (and then lose) their own key.
    writeFileSync(keyFile, `0x${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const importKey = readFileSync(keyFile, "utf8").trim() as Hex;
  console.log(`importing @${file.profile.handle} into Kith ${deployment.contracts.Kith.address} on chain ${chainId} (import key in ${keyFile})`);
  const indexerUrls = (opts.indexer as string[] | undefined) ?? (network === "localhost" ? [new URL(args.graphqlUrl).origin] : []);
  const started = Date.now();
  const report = await importProfile({
    file,
    client,
    payer,
    owner: viemSigner(args.account as Parameters<typeof viemSigner>[0]),
    kith: deployment.contracts.Kith.address,
    batch: deployment.contracts.KithBatch.address,
    fromBlock: BigInt(deployment.contracts.Kith.blockNumber),
    importKey,
    handle: opts.handle as string | undefined,
    recovery: recovery as Address | undefined,
    indexerUrls,
    maxGas: uint("max-gas", "an amount of gas"),
    onProgress: (line) => console.log(`  ${line}`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${report.complete ? "imported" : "NOT complete:"} @${report.handle} as profile ${report.profileId} in ${seconds} s, ${report.transactions.length} transactions, ${report.gasUsed} gas\n` +
      `  custody ${args.account.address}, recovery ${report.recovery}\n` +
      `  follows: ${report.follows.imported} imported, ${report.follows.already} already there, ${report.follows.missing.length} not on this network${report.follows.missing.length ? ` (${report.follows.missing.join(", ")})` : ""}, ${report.follows.refused.length} refused\n` +
      report.follows.refused.map((r) => `    @${r.handle}: ${r.reason}\n`).join("") +
      `  blocks: ${report.blocks.imported} imported, ${report.blocks.already} already there, ${report.blocks.missing.length} not on this network, ${report.blocks.refused.length} refused\n` +
      report.blocks.refused.map((r) => `    @${r.handle}: ${r.reason}\n`).join("") +
      `  posts: ${report.posts.imported} imported, ${report.posts.already} already there, ${report.posts.asPlainPosts} replies/quotes of others' posts as posts, ${report.posts.skipped.length} skipped\n` +
      report.posts.skipped.map((s) => `    ${s.id}: ${s.reason}\n`).join("") +
      `  likes: ${report.likes.imported} imported, ${report.likes.already} already there, ${report.likes.skipped} of others' posts skipped\n` +
      `  bodies: ${report.bodies.uploaded} uploaded, ${report.bodies.failed.length} failed` +
      (indexerUrls.length === 0 ? " (no --indexer given: upload them with the file's bodies later)" : ""),
  );
  if (report.complete) console.log(`  the import key is no longer custody; ${keyFile} can be deleted`);
  else process.exitCode = 1;
}
