import type { ContentError } from "../../content.ts";
import type { RelayerError } from "../../relayer.ts";
import type { KithClientError } from "../errors.ts";
import type { KithContext, WriteOptions } from "../types.ts";
import { publish, type PublishResult } from "./publish.ts";

export interface QuoteParameters extends WriteOptions {
  profileId: bigint;
  quotedId: bigint;
  body: string;
  uri?: string;
}
export type QuoteReturnType = PublishResult;
export type QuoteErrorType = RelayerError | ContentError | KithClientError;

/**
 * Quotes `quotedId` with a comment, uploaded.
 * @example
 * await client.quote({ profileId: 1n, quotedId: postId, body: "read this" });
 */
export function quote(context: KithContext, { profileId, quotedId, body, uri, ...options }: QuoteParameters): Promise<QuoteReturnType> {
  return publish(context, "Quote", { profileId, targetId: quotedId, body, uri }, options);
}
