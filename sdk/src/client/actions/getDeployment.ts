import { type KithDeployment, parseDeployment } from "../../deployments.ts";

export type GetDeploymentReturnType = KithDeployment;

/**
 * The address book the indexer serves at `GET /deployment` (its chain's `deployments/<chainId>.json`).
 * @example
 * const deployment = await getDeployment("http://127.0.0.1:42069");
 * deployment.contracts.Kith.address;
 */
export async function getDeployment(indexerUrl: string): Promise<GetDeploymentReturnType> {
  const url = new URL("/deployment", indexerUrl);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseDeployment(await response.json(), url.href);
}
