import { request } from "../request.ts";
import { KithClientError } from "../errors.ts";
import type { MetaQuery } from "../graphql.generated.ts";
import type { KithContext } from "../types.ts";

export interface WaitForIndexedParameters {
  blockNumber: bigint;
  /** Give up after this long (ms, default 30,000). */
  timeoutMs?: number;
}
/** The block the indexer had reached when it caught up. */
export type WaitForIndexedReturnType = bigint;
export type WaitForIndexedErrorType = KithClientError;

/**
 * Waits until an indexer has indexed `blockNumber`, so GraphQL answers reflect it: from then on the
 * client reads only from indexers that have reached it (read-your-writes).
 * @example
 * const { blockNumber } = await client.follow({ followerId: 1n, followeeId: 2n, waitFor: "mined" });
 * await client.waitForIndexed({ blockNumber: blockNumber! });
 */
export async function waitForIndexed(context: KithContext, { blockNumber, timeoutMs = 30_000 }: WaitForIndexedParameters): Promise<WaitForIndexedReturnType> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { _meta } = await request<MetaQuery>(context, "Meta", {});
    const indexed = BigInt(_meta.indexedBlock ?? -1);
    if (indexed >= blockNumber) {
      context.indexers.observe(blockNumber);
      return indexed;
    }
    if (Date.now() > deadline) throw new KithClientError("timeout", `the indexer did not reach block ${blockNumber} in ${timeoutMs} ms (at ${indexed})`);
    await new Promise((resolve) => setTimeout(resolve, context.config.pollingInterval ?? 100));
  }
}
