// post, reply and quote: the signed action, then its body uploaded to the indexer.
import type { Hex } from "viem";

import { uploadContent, type UploadContentReturnType } from "../../content.ts";
import { computePostId, contentHash, PostKind } from "../../posts.ts";
import type { KithContext, WriteOptions, WriteResult } from "../types.ts";
import { writeAction } from "../write.ts";

export interface PublishResult extends WriteResult {
  /** The new post's id (known before it was sent). */
  postId: bigint;
  /** sha256 of the body, as recorded on chain; and its IPFS CIDv1. */
  digest: Hex;
  cid: string;
  /** Which indexers stored the body, and which did not (the write succeeded when at least one did). */
  upload: Pick<UploadContentReturnType, "stored" | "failed">;
}

/** Publishes a body: the action records its digest, then the body is uploaded (the indexer takes it once it has seen the post). */
export async function publish(
  context: KithContext,
  kind: "Post" | "Reply" | "Quote",
  fields: { profileId: bigint; targetId?: bigint; body: string; uri?: string },
  options: WriteOptions,
): Promise<PublishResult> {
  const digest = contentHash(fields.body);
  const uri = fields.uri ?? "";
  const { profileId, targetId = 0n } = fields;
  const written =
    kind === "Post"
      ? await writeAction(context, "Post", { profileId, contentHash: digest, uri }, { ...options, waitFor: "mined" })
      : kind === "Reply"
        ? await writeAction(context, "Reply", { profileId, parentId: targetId, contentHash: digest, uri }, { ...options, waitFor: "mined" })
        : await writeAction(context, "Quote", { profileId, quotedId: targetId, contentHash: digest, uri }, { ...options, waitFor: "mined" });
  const { cid, stored, failed } = await uploadContent(context.indexers.urls, fields.body, { waitMs: 30_000 });
  options.onStatus?.({ status: "indexed", transactionHash: written.transactionHash, blockNumber: written.blockNumber! });
  return { ...written, postId: computePostId(profileId, PostKind[kind], targetId, digest), digest, cid, upload: { stored, failed } };
}
