import type { GraphQLRequestError } from "../../graphql.ts";
import type { LabelsQuery } from "../graphql.generated.ts";
import { request } from "../request.ts";
import type { KithContext } from "../types.ts";
import type { PageParameters } from "./page.ts";

export interface LabelsParameters extends PageParameters {
  /** A post id or a profile id. */
  subject: bigint;
  includeInactive?: boolean;
}
export type LabelsReturnType = LabelsQuery["labels"];
export type LabelsErrorType = GraphQLRequestError;

/**
 * Labels on a post or a profile from every labeler, newest first: those in force, or every one ever placed with `includeInactive`.
 * @example
 * const { items } = await client.labels({ subject: postId });
 */
export async function labels(context: KithContext, { subject, includeInactive, limit, after }: LabelsParameters): Promise<LabelsReturnType> {
  const data = await request<LabelsQuery>(context, "Labels", { subject: String(subject), includeInactive, limit, after });
  return data.labels;
}
