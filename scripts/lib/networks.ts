// The public test networks Kith is configured for: hardhat.config.ts deploys to them, and the CLI's
// `--network <name>` reaches them, each through <PREFIX>_RPC_URL (and <PREFIX>_PRIVATE_KEY to deploy).
export const TESTNETS = {
  sepolia: { chainId: 11155111, prefix: "SEPOLIA" },
  baseSepolia: { chainId: 84532, prefix: "BASE_SEPOLIA" },
  opSepolia: { chainId: 11155420, prefix: "OP_SEPOLIA" },
} as const;

export type TestnetName = keyof typeof TESTNETS;
