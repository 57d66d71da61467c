// `npm run seed`: fills the chain of the running `npm start` with demo data (real transactions).
// Against another chain: KITH_RPC_URL=... KITH_CHAIN_ID=... npm run seed.
import { uploadContent } from "@kith/sdk";
import { readDeployment } from "@kith/sdk/node";
import { chainAt } from "./lib/chain.ts";
import { readLocalSession } from "./lib/local.ts";
import { seedDemo } from "./lib/seed.ts";

const session = readLocalSession();
const rpcUrl = process.env.KITH_RPC_URL ?? session?.rpcUrl;
const chainId = Number(process.env.KITH_CHAIN_ID ?? session?.chainId ?? 31337);
if (!rpcUrl) {
  console.error("No chain to seed: start one with `npm start` (or set KITH_RPC_URL).");
  process.exit(1);
}
const chain = chainAt(chainId, rpcUrl);
try {
  const result = await seedDemo({ chain, rpcUrl, deployment: readDeployment(chainId) });
  console.log(`Seeded chain ${chainId} with ${result.transactions} transactions (last block ${result.lastBlock}).`);
  if (session) {
    const indexerUrl = new URL(session.graphqlUrl).origin;
    for (const body of result.bodies) await uploadContent(indexerUrl, body);
    console.log(`Uploaded ${result.bodies.length} bodies to ${indexerUrl}/content.`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
