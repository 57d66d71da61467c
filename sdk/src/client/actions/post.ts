import type { ContentError } from "../../content.ts";
import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions } from "../types.ts";
import { publish, type PublishResult } from "./publish.ts";

export interface PostParameters extends WriteOptions {
  profileId: bigint;
  /** The text; its sha256 goes on chain and the text to the indexer. */
  body: string;
  /** Where else the body can be fetched (optional, up to 512 bytes). */
  uri?: string;
}
export type PostReturnType = PublishResult;
export type PostErrorType = RelayerError | ContentError | KithClientError;

/**
 * Posts `body` as `profileId`: signs, submits (relayer by default), waits until mined, uploads the body.
 * @example
 * const { postId } = await client.post({ profileId: 1n, body: "gm" });
 */
export function post(context: KithContext, { profileId, body, uri, ...options }: PostParameters): Promise<PostReturnType> {
  return publish(context, "Post", { profileId, body, uri }, options);
}
