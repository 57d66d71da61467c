// Measures the gas of every Kith action on Hardhat's in-process chain: `npm run gas` writes the
// README table from it, and test/contracts/gas.test.ts fails when the README is out of date.
import type { NetworkConnection } from "hardhat/types/network";
import { type Hex, numberToHex, padHex, zeroHash } from "viem";

import { computePostId, contentHash, PostKind } from "../../sdk/src/posts.ts";

export interface GasRow {
  action: string;
  gas: bigint;
  /** The target for this action, if it has one. */
  target?: bigint;
  note?: string;
}

/** Profile ids start above this, so calldata costs what it costs on a network with many profiles. */
export const EXISTING_PROFILES = 100_000n;

export async function measureGas(connection: NetworkConnection): Promise<GasRow[]> {
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [alice, bob, carol, dave] = wallets.map((w) => w.account);
  const kith = await viem.deployContract("Kith");
  // Pretend 100,000 profiles exist (profileCount is storage slot 0): ids, hence calldata, are realistic.
  await networkHelpers.setStorageAt(kith.address, 0, padHex(numberToHex(EXISTING_PROFILES), { size: 32 }));

  const rows: GasRow[] = [];
  const measure = async (action: string, tx: Promise<Hex>, extra: Omit<GasRow, "action" | "gas"> = {}) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx });
    if (receipt.status !== "success") throw new Error(`${action} reverted`);
    rows.push({ action, gas: receipt.gasUsed, ...extra });
  };
  const as = (account: typeof alice) => ({ account: account! });

  const A = EXISTING_PROFILES + 1n;
  const B = A + 1n;
  const C = B + 1n;
  const D = C + 1n;
  const metadata = contentHash("{}");
  await measure("register (16-character handle, recovery, metadata)", kith.write.register(["alice_in_chains1", bob!.address, metadata], as(alice)), { target: 80_000n });
  await measure("register (3-character handle)", kith.write.register(["bob", bob!.address, metadata], as(bob)), { target: 80_000n });
  await kith.write.register(["carol", carol!.address, zeroHash], as(carol));
  await kith.write.register(["dave", dave!.address, zeroHash], as(dave));
  await measure("changeHandle", kith.write.changeHandle([A, "alice"], as(alice)));
  await measure("changeMetadata", kith.write.changeMetadata([A, contentHash("{\"bio\":\"hi\"}")], as(alice)));
  await measure("changeRecovery", kith.write.changeRecovery([A, carol!.address], as(alice)));
  await measure("offerTransfer", kith.write.offerTransfer([D, carol!.address], as(dave)));
  await measure("acceptTransfer", kith.write.acceptTransfer([D], as(carol)));
  await measure("recover", kith.write.recover([D, dave!.address], as(dave)));

  await measure("follow", kith.write.follow([A, B], as(alice)), { target: 50_000n });
  await measure("follow (back: the other side already follows)", kith.write.follow([B, A], as(bob)), { target: 50_000n });
  await measure("unfollow", kith.write.unfollow([B, A], as(bob)));
  const ten = Array.from({ length: 10 }, (_, i) => EXISTING_PROFILES - BigInt(i));
  await measure("followBatch (10 profiles)", kith.write.followBatch([C, ten], as(carol)));
  await kith.write.follow([C, A], as(carol));
  await measure("blockProfile (removes a follow)", kith.write.blockProfile([A, C], as(alice)));
  await measure("unblockProfile", kith.write.unblockProfile([A, C], as(alice)));

  const digest = contentHash("gm");
  const post = computePostId(A, PostKind.Post, 0n, digest);
  await measure("post", kith.write.post([A, digest, ""], as(alice)), { target: 30_000n });
  await measure(
    "post (with a 66-byte ipfs:// URI)",
    kith.write.post([A, contentHash("gm 2"), "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"], as(alice)),
  );
  await measure("reply", kith.write.reply([B, post, contentHash("gm back"), ""], as(bob)));
  await measure("quote", kith.write.quote([B, post, contentHash("look"), ""], as(bob)));
  await measure("repost", kith.write.repost([B, post], as(bob)));
  await measure("deletePost", kith.write.deletePost([A, post], as(alice)));
  return rows;
}

export function renderGasTable(rows: GasRow[]): string {
  const lines = ["| Action | Gas | Target |", "| --- | ---: | ---: |"];
  for (const row of rows) {
    const target = row.target === undefined ? "" : `${row.gas <= row.target ? "≤" : "**>**"} ${row.target.toLocaleString("en-US")}`;
    lines.push(`| ${row.action} | ${row.gas.toLocaleString("en-US")} | ${target} |`);
  }
  return lines.join("\n");
}

export const GAS_TABLE_START = "<!-- gas-table:start (npm run gas writes this table) -->";
export const GAS_TABLE_END = "<!-- gas-table:end -->";

/** The README with its gas table replaced by `table`. */
export function withGasTable(readme: string, table: string): string {
  const start = readme.indexOf(GAS_TABLE_START);
  const end = readme.indexOf(GAS_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${GAS_TABLE_START} ... ${GAS_TABLE_END} section`);
  return `${readme.slice(0, start + GAS_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
