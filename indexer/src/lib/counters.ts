// Counters of a post (replies, quotes, reposts, likes, tips) kept exact whatever order events arrive
// in: an event about a post that is not indexed yet counts in `earlyCount`, which the post row takes
// over when it arrives (see Posts.ts).
import type { Context } from "ponder:registry";
import { earlyCount, post } from "ponder:schema";

type Db = Context["db"];

export type TipTotals = Record<string, { total: string; count: number }>;

export interface PostCounters {
  replyCount: number;
  quoteCount: number;
  repostCount: number;
  likeCount: number;
  tips: TipTotals;
}

/** Applies `change` to the counters of `postId`: on its row, or on its early count while it has none. */
export async function changeCounters(db: Db, postId: bigint, change: (counters: PostCounters) => Partial<PostCounters>) {
  if (await db.find(post, { id: postId })) {
    await db.update(post, { id: postId }).set(change);
  } else if (await db.find(earlyCount, { postId })) {
    await db.update(earlyCount, { postId }).set(change);
  } else {
    const zero: PostCounters = { replyCount: 0, quoteCount: 0, repostCount: 0, likeCount: 0, tips: {} };
    await db.insert(earlyCount).values({ postId, ...zero, ...change(zero) });
  }
}

/** Tip totals with one more tip of `amount` in `token` (the zero address for ETH). */
export function addTip(tips: TipTotals, token: string, amount: bigint): TipTotals {
  const key = token.toLowerCase();
  const previous = tips[key] ?? { total: "0", count: 0 };
  return { ...tips, [key]: { total: String(BigInt(previous.total) + amount), count: previous.count + 1 } };
}
