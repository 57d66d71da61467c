import { type Hex, parseEventLogs } from "viem";

import { kithChannelsAbi } from "../../abis.ts";
import { type ContentError, uploadContent, type UploadContentReturnType } from "../../content.ts";
import { contentHash } from "../../posts.ts";
import { KithClientError } from "../errors.ts";
import type { KithContext, WalletWriteOptions, WriteResult } from "../types.ts";
import { sendContract } from "../write.ts";

export interface PostInChannelParameters extends Omit<WalletWriteOptions, "waitFor"> {
  /** A member of the channel (the wallet is its custody or an app key with the POST scope). */
  profileId: bigint;
  channelId: bigint;
  /** The text; its sha256 goes on chain and the text to the indexer. */
  body: string;
  /** Where else the body can be fetched (optional). */
  uri?: string;
}
export interface PostInChannelReturnType extends WriteResult {
  /** The channel post's id (a Kith post id: replies, likes, reposts and tips of it work as for any post). */
  postId: bigint;
  digest: Hex;
  cid: string;
  /** Which indexers stored the body, and which did not. */
  upload: Pick<UploadContentReturnType, "stored" | "failed">;
}
export type PostInChannelErrorType = KithClientError | ContentError;

/**
 * Posts `body` into a channel as `profileId`: sends the post, waits until mined, uploads the body
 * (the indexer takes it once it has seen the post), as `client.post` does.
 * @example
 * const { postId } = await client.postInChannel({ profileId: 2n, channelId: 1n, body: "gm builders" });
 */
export async function postInChannel(
  context: KithContext,
  { profileId, channelId, body, uri = "", ...options }: PostInChannelParameters,
): Promise<PostInChannelReturnType> {
  const digest = contentHash(body);
  const { transactionHash, blockNumber, logs = [] } = await sendContract(
    context,
    { contract: "KithChannels", abi: kithChannelsAbi, functionName: "postInChannel", args: [profileId, channelId, digest, uri] },
    { ...options, waitFor: "mined" },
  );
  const [posted] = parseEventLogs({ abi: kithChannelsAbi, eventName: "ChannelPosted", logs });
  if (!posted) throw new KithClientError("reverted", `postInChannel: transaction ${transactionHash} emitted no ChannelPosted`);
  const { cid, stored, failed } = await uploadContent(context.indexers.urls, body, { waitMs: 30_000 });
  options.onStatus?.({ status: "indexed", transactionHash, blockNumber: blockNumber! });
  return { transactionHash, blockNumber, postId: posted.args.postId, digest, cid, upload: { stored, failed } };
}
