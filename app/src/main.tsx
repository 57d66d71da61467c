import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createConfig, http, WagmiProvider } from "wagmi";
import { injected } from "wagmi/connectors";
import { defineChain } from "viem";

import { App } from "./App.tsx";
import { loadConfig } from "./config.ts";
import "./style.css";

const config = await loadConfig();
const chain = defineChain({
  id: config.chainId,
  name: config.chainId === 31337 ? "Local (anvil)" : `Chain ${config.chainId}`,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [config.rpcUrl] } },
});
// Injected wallets only (EIP-1193, discovered through EIP-6963 too): no WalletConnect project id needed.
const wagmi = createConfig({ chains: [chain], connectors: [injected()], transports: { [chain.id]: http(config.rpcUrl) } });
const queries = new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: false } } });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <WagmiProvider config={wagmi}>
      <QueryClientProvider client={queries}>
        <App config={config} chain={chain} />
      </QueryClientProvider>
    </WagmiProvider>
  </StrictMode>,
);
