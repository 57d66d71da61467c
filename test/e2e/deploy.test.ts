// The testnet deploy path, for real: `npm run deploy -- --network baseSepolia` with the RPC URL and
// deployer key supplied as a user would (env vars read by Hardhat's configVariable), against a
// local chain that answers with Base Sepolia's chain id.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { createPublicClient, http, keccak256 } from "viem";

import { parseDeployment } from "@kith/sdk";
import { devAccount, type LocalChain, startAnvil } from "../../scripts/lib/chain.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);
// The deployer is development account 5, given as a raw private key like a user's key.
const deployer = devAccount(5);
const deployerKey = `0x${Buffer.from(deployer.getHdKey().privateKey!).toString("hex")}`;

describe("deploy to a testnet (Base Sepolia, chain 84532)", () => {
  let chain: LocalChain;
  let dir: string;
  const deploy = (env: NodeJS.ProcessEnv) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, KITH_DEPLOYMENTS_DIR: dir, ...env };
    for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
    return run(process.execPath, [path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js"), "run", "scripts/deploy.ts", "--network", "baseSepolia"], {
      cwd: root,
      env: childEnv,
    });
  };

  before(async () => {
    chain = await startAnvil({ chainId: 84532 });
    dir = mkdtempSync(path.join(tmpdir(), "kith-deploy-"));
  });
  after(async () => {
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("deploys with BASE_SEPOLIA_RPC_URL and BASE_SEPOLIA_PRIVATE_KEY and writes deployments/84532.json", async () => {
    const env = { BASE_SEPOLIA_RPC_URL: chain.rpcUrl, BASE_SEPOLIA_PRIVATE_KEY: deployerKey };
    const { stdout } = await deploy(env);
    assert.match(stdout, /Deployed Kith at 0x[0-9a-fA-F]{40}/);
    const record = parseDeployment(JSON.parse(readFileSync(path.join(dir, "84532.json"), "utf8")));
    assert.equal(record.chainId, 84532);
    assert.equal(record.network, "baseSepolia");
    assert.equal(record.deployer.toLowerCase(), deployer.address.toLowerCase());
    assert.match(record.commit, /^[0-9a-f]{40}(-dirty)?$/);
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const code = await client.getCode({ address: record.contracts.Kith.address });
    assert.equal(keccak256(code!), record.contracts.Kith.codeHash);
    const receipt = await client.getTransactionReceipt({ hash: record.contracts.Kith.transactionHash });
    assert.equal(Number(receipt.blockNumber), record.contracts.Kith.blockNumber);

    // Running it again reuses the live deployment: same record, no transaction sent.
    const nonce = await client.getTransactionCount({ address: deployer.address });
    const again = await deploy(env);
    assert.match(again.stdout, /Reusing the Kith deployment on chain 84532/);
    assert.equal(await client.getTransactionCount({ address: deployer.address }), nonce);
    assert.deepEqual(parseDeployment(JSON.parse(readFileSync(path.join(dir, "84532.json"), "utf8"))), record);
  });

  it("fails with Hardhat's message naming the missing variable when the key is not configured", async () => {
    await assert.rejects(deploy({ BASE_SEPOLIA_RPC_URL: chain.rpcUrl, BASE_SEPOLIA_PRIVATE_KEY: undefined }), (error: Error & { stderr: string }) => {
      assert.match(error.stderr + error.message, /BASE_SEPOLIA_PRIVATE_KEY/);
      return true;
    });
  });
});
