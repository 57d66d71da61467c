// The README's GraphQL examples, run as written against a chain filled by the demo seed (what
// `npm start -- --seed` serves): each must answer without errors and with the seeded data.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { seedDemo } from "../../scripts/lib/seed.ts";
import { uploadContent } from "@kith/sdk";
import { type Stack, startStack } from "./stack.ts";

const readme = readFileSync(path.resolve(import.meta.dirname, "..", "..", "README.md"), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
const dappSection = readme.slice(readme.indexOf("## Post from your dApp"), readme.indexOf("\n## ", readme.indexOf("## Post from your dApp") + 1));
const dappExamples = [...dappSection.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
const root = path.resolve(import.meta.dirname, "..", "..");

/** Every `items` list in a response, with its path. */
function lists(value: unknown, at = "data"): [string, unknown[]][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => lists(item, `${at}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === "items" && Array.isArray(child) ? [[`${at}.items`, child] as [string, unknown[]], ...lists(child, `${at}.items`)] : lists(child, `${at}.${key}`),
  );
}

describe("README GraphQL examples on the seeded demo", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
    const seeded = await seedDemo({ chain: stack.chain.chain, rpcUrl: stack.chain.rpcUrl, deployment: stack.deployment, log: () => {} });
    const indexer = await stack.startIndexer();
    await indexer.waitForBlock(seeded.lastBlock);
    for (const body of seeded.bodies) await uploadContent(indexer.url, body); // as `npm start -- --seed` does
    await stack.startRelayer();
  });
  after(async () => stack?.stop());

  it("has the GraphQL examples", () => assert.ok(examples.length >= 7, `found ${examples.length}`));

  it("answers every example with seeded data", async () => {
    let endCursor: string | undefined;
    for (const [i, query] of examples.entries()) {
      const response = await stack.indexer!.request(query, query.includes("$after") ? { after: endCursor } : undefined);
      assert.equal(response.errors, undefined, `example ${i + 1}: ${JSON.stringify(response.errors)}`);
      endCursor ??= response.data.homeFeed?.pageInfo.endCursor;
      // Top-level lists and fields hold seeded rows (nested reply lists may legitimately be empty).
      for (const [where, items] of lists(response.data)) {
        if (where.split(".items").length === 2) assert.ok(items.length > 0, `example ${i + 1}: ${where} is empty`);
      }
      for (const [field, value] of Object.entries(response.data)) assert.notEqual(value, null, `example ${i + 1}: ${field} is null`);
    }
    assert.ok(endCursor, "the home feed example returned a cursor");
  });

  it("runs the viem and ethers examples of \"Post from your dApp\" as written", async () => {
    assert.equal(dappExamples.length, 2);
    const dir = path.join(root, ".kith", "examples");
    mkdirSync(dir, { recursive: true });
    // The README's instructions: alice (profile 1) signs with development account 1's key.
    const env = {
      ...process.env,
      PRIVATE_KEY: `0x${Buffer.from(devAccount(1).getHdKey().privateKey!).toString("hex")}`,
      RPC_URL: stack.chain.rpcUrl,
      RELAYER_URL: stack.relayer!.url,
      KITH_DEPLOYMENTS_DIR: stack.deploymentsDir,
    };
    for (const [i, code] of dappExamples.entries()) {
      const file = path.join(dir, `readme-example-${i + 1}.ts`);
      writeFileSync(file, code);
      const { stdout } = await promisify(execFile)(process.execPath, [file], { env, cwd: root });
      const hash = /^posted in (0x[0-9a-f]{64})$/m.exec(stdout)?.[1] as `0x${string}` | undefined;
      assert.ok(hash, `example ${i + 1} printed: ${stdout}`);
      const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, devAccount(1));
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      await stack.indexer!.waitForBlock(receipt.blockNumber);
    }
    const { data } = await stack.indexer!.request(`{ profile(id: "1") { handle posts(limit: 2) { items { app } } } }`);
    assert.equal(data.profile.handle, "alice");
    assert.deepEqual(data.profile.posts.items, [
      { app: devAccount(1).address.toLowerCase() },
      { app: devAccount(1).address.toLowerCase() },
    ]);
  });
});
