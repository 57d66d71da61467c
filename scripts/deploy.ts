// `npm run deploy -- --network <name>`: deploys Kith to the selected Hardhat network (or reuses a
// live deployment of the same build) and writes deployments/<chainId>.json.
// KITH_FORCE_DEPLOY=1 deploys even when a live deployment exists.
import { network } from "hardhat";

import { deployKith } from "./lib/deploy.ts";

const connection = await network.create();
const { viem, networkName } = connection;
const publicClient = await viem.getPublicClient();
const [walletClient] = await viem.getWalletClients();
if (!walletClient) throw new Error(`Network ${networkName} has no account to deploy from: configure one (see README).`);

const { deployment, file } = await deployKith({
  publicClient,
  walletClient,
  networkName,
  force: process.env.KITH_FORCE_DEPLOY === "1",
});
console.log(JSON.stringify({ file, chainId: deployment.chainId, contracts: deployment.contracts }, null, 2));
