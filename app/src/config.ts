/** Where the app finds the stack: /kith-config.json, written by the server that serves the app (`npm start`). */
export interface AppConfig {
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string;
  relayerUrl: string;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/kith-config.json");
  if (!response.ok) throw new Error(`/kith-config.json answered ${response.status}`);
  return (await response.json()) as AppConfig;
}
