/** Pagination of every list: up to `limit` items (1 to 100, default 20) after the cursor `after` (a `pageInfo.endCursor`). */
export interface PageParameters {
  limit?: number;
  after?: string;
}
