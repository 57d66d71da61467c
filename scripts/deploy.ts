// `npm run deploy -- --network <name>`: deploys Kith to the selected Hardhat network (or reuses a
// live deployment of the same build) and writes deployments/<chainId>.json.
// KITH_FORCE_DEPLOY=1 deploys even when a live deployment exists.
// KITH_GOVERN_CHANNEL=<name> and/or KITH_GOVERN_LIST=<name> (or KITH_GOVERN_LIST_ID=<id>) also put
// that channel / moderation list under a token vote (KithVotes + KithGovernor + KithTimelock),
// recorded under `governance` in the address book; KITH_GOVERNANCE_HOLDERS=addr:tokens,...,
// KITH_GOVERNANCE_VOTING_DELAY / _VOTING_PERIOD (blocks), KITH_GOVERNANCE_QUORUM (%) and
// KITH_TIMELOCK_DELAY (seconds) tune it (README: "Govern a channel or a list by token vote").
import { network } from "hardhat";

import { deployKith } from "./lib/deploy.ts";
import { deployGovernance, governanceOptionsFromEnv } from "./lib/governance.ts";

const governed = governanceOptionsFromEnv();
const connection = await network.create();
const { viem, networkName } = connection;
const publicClient = await viem.getPublicClient();
const [walletClient] = await viem.getWalletClients();
if (!walletClient) throw new Error(`Network ${networkName} has no account to deploy from: configure one (see README).`);

let { deployment, file } = await deployKith({
  publicClient,
  walletClient,
  networkName,
  force: process.env.KITH_FORCE_DEPLOY === "1",
});
if (governed) ({ deployment, file } = await deployGovernance({ publicClient, walletClient, deployment, ...governed }));
console.log(JSON.stringify({ file, chainId: deployment.chainId, contracts: deployment.contracts, governance: deployment.governance }, null, 2));
