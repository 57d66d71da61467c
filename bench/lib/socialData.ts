// A synthetic social network for benchmarks: who registers, follows, posts, replies, quotes,
// reposts and likes what. Deterministic from a seed, skewed like real networks (a few profiles
// gather most followers and replies), and generated in rounds so that every reply, quote, repost
// and like targets a post of an earlier round: one already on chain when its round is sent.
import { bytesToHex, type Hex, keccak256 } from "viem";

import { PostKind } from "@kith/sdk";

export interface DatasetSize {
  profiles: number;
  follows: number;
  /** Rows of the post table: posts, replies, quotes and reposts together. */
  posts: number;
  likes: number;
}

/** Named sizes shared by `npm run seed:large` and the benchmarks (`--size`). */
export const DATASET_SIZES = {
  small: { profiles: 1_000, follows: 10_000, posts: 10_000, likes: 2_500 },
  large: { profiles: 100_000, follows: 1_000_000, posts: 1_000_000, likes: 250_000 },
} as const satisfies Record<string, DatasetSize>;
export type DatasetSizeName = keyof typeof DATASET_SIZES;

/** Share of each kind among the post rows; the rest are plain posts. */
const KIND_SHARES = { reply: 0.2, quote: 0.05, repost: 0.05 } as const;

/**
 * Zipf exponents (weight of the profile at popularity rank r is r^-s). Followees are skewed hard
 * (s = 1: with 100k profiles the most followed one gets ~8% of all follows); activity (following,
 * posting, liking) less so, which still gives a few profiles thousands of followees.
 */
const EXPONENTS = { popularity: 1.0, following: 0.6, posting: 0.7, liking: 0.6 } as const;

/** How many candidates the summary lists per query kind (the GraphQL benchmark rotates through them). */
const PICKS = 10;

/** Small, fast, seedable PRNG (sfc32, seeded through splitmix32): the same seed gives the same network. */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** 32 random bytes: a stand-in for the sha256 digest of a post body. */
  digest(): Uint8Array {
    const bytes = new Uint8Array(32);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 32; i += 4) view.setUint32(i, this.uint32());
    return bytes;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    return order;
  }
}

/** Draws profile indexes 0..n-1 with Zipf weights over a random popularity order. */
class ZipfSampler {
  private readonly cdf: Float64Array;
  private readonly order: Int32Array;

  constructor(n: number, exponent: number, random: Random) {
    this.order = random.permutation(n);
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let rank = 0; rank < n; rank++) {
      total += (rank + 1) ** -exponent;
      this.cdf[rank] = total;
    }
  }

  sample(random: Random): number {
    const target = random.next() * this.cdf[this.cdf.length - 1]!;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return this.order[lo]!;
  }
}

/** Handle of the profile at index i: `u000001` for the first; at least 3 characters, as Kith requires. */
export function handleOf(index: number): string {
  return `u${String(index + 1).padStart(6, "0")}`;
}

const postIdInput = new Uint8Array(128);
const postIdView = new DataView(postIdInput.buffer);

/**
 * The id Kith gives a post (see IKithPosts): `author << 160 | uint160(keccak256(abi.encode(author,
 * kind, target, digest)))`. Same result as the SDK's `computePostId`, without its hex round trips
 * (a million of those take a while).
 */
export function fastPostId(author: bigint, kind: PostKind, target: bigint, digest: Uint8Array): bigint {
  postIdInput.fill(0, 0, 96);
  postIdView.setBigUint64(24, author);
  postIdView.setUint8(63, kind);
  for (let word = 0; word < 4; word++) postIdView.setBigUint64(64 + word * 8, (target >> BigInt(192 - word * 64)) & 0xffffffffffffffffn);
  postIdInput.set(digest, 96);
  const hash = new DataView(keccak256(postIdInput, "bytes").buffer);
  const low160 = (BigInt(hash.getUint32(12)) << 128n) | (hash.getBigUint64(16) << 64n) | hash.getBigUint64(24);
  return (author << 160n) | low160;
}

/** One round of follows, post-table rows and likes, grouped by kind as the seeder's batch functions take them. */
export interface Round {
  follows: { followers: bigint[]; followees: bigint[] };
  posts: { authors: bigint[]; digests: Hex[] };
  replies: { authors: bigint[]; targets: bigint[]; digests: Hex[] };
  quotes: { authors: bigint[]; targets: bigint[]; digests: Hex[] };
  reposts: { authors: bigint[]; targets: bigint[] };
  likes: { profiles: bigint[]; targets: bigint[] };
}

export function roundSize(round: Round): number {
  return round.follows.followers.length + round.posts.authors.length + round.replies.authors.length + round.quotes.authors.length + round.reposts.authors.length + round.likes.profiles.length;
}

export interface Pick {
  id: string;
  count: number;
}

/** Heavy cases for the GraphQL benchmark, found while generating (no indexer needed). */
export interface DatasetPicks {
  /** Profiles following the most others: the costliest home feeds. */
  homeFeed: Pick[];
  /** Posts with the most direct replies: the largest threads. */
  thread: Pick[];
  /** Profiles with the most notifications (follows received, replies, quotes, reposts and likes by others). */
  notifications: Pick[];
  /** The most followed profiles. */
  followed: Pick[];
}

export interface DatasetCounts {
  profiles: number;
  follows: number;
  posts: number;
  replies: number;
  quotes: number;
  reposts: number;
  likes: number;
}

/**
 * Generates the network. Profile `i` (0-based) gets id `firstProfileId + i`; all profiles exist
 * before the first round. Rounds interleave follows, posts and likes, as a timeline would; call
 * `nextRound()` until it returns undefined.
 */
export class SocialNetwork {
  readonly counts: DatasetCounts = { profiles: 0, follows: 0, posts: 0, replies: 0, quotes: 0, reposts: 0, likes: 0 };
  private readonly random: Random;
  private readonly popularity: ZipfSampler;
  private readonly following: ZipfSampler;
  private readonly posting: ZipfSampler;
  private readonly liking: ZipfSampler;
  private readonly followerCounts: Int32Array;
  private readonly followingCounts: Int32Array;
  private readonly notificationCounts: Int32Array;
  /** Every post-table row so far, by index; reposts too (they can be liked but are never targets). */
  private readonly postIds: bigint[] = [];
  private readonly authorIndexOf: number[] = [];
  private readonly replyCounts: number[] = [];
  /** Non-repost posts of each author from earlier rounds (indexes into postIds): the possible targets. */
  private readonly targetsByAuthor: number[][];
  private readonly allTargets: number[] = [];
  private pendingTargets: number[] = [];
  private readonly likeKeys = new Set<number>();
  private readonly repostIds = new Set<bigint>();
  private readonly rounds: number;
  private round = 0;
  private followEdges?: { followers: Int32Array; followees: Int32Array };

  readonly size: DatasetSize;
  readonly firstProfileId: bigint;

  constructor(size: DatasetSize, seed: number, firstProfileId: bigint) {
    this.size = size;
    this.firstProfileId = firstProfileId;
    const n = size.profiles;
    if (!Number.isSafeInteger(n) || n < 2) throw new Error("need at least 2 profiles");
    if (size.follows > (n * (n - 1)) / 2) throw new Error(`${size.follows} follows are too many for ${n} profiles (at most half of all pairs)`);
    if (size.likes > 0 && size.posts === 0) throw new Error("likes need posts");
    this.random = new Random(seed);
    this.popularity = new ZipfSampler(n, EXPONENTS.popularity, this.random);
    this.following = new ZipfSampler(n, EXPONENTS.following, this.random);
    this.posting = new ZipfSampler(n, EXPONENTS.posting, this.random);
    this.liking = new ZipfSampler(n, EXPONENTS.liking, this.random);
    this.followerCounts = new Int32Array(n);
    this.followingCounts = new Int32Array(n);
    this.notificationCounts = new Int32Array(n);
    this.targetsByAuthor = Array.from({ length: n }, () => []);
    // Enough rounds that replies find targets early on (the first round has none), few enough that
    // each round fills whole batches of every kind.
    this.rounds = Math.max(10, Math.min(200, Math.ceil((size.follows + size.posts + size.likes) / 40_000)));
    this.counts.profiles = n;
  }

  profileId(index: number): bigint {
    return this.firstProfileId + BigInt(index);
  }

  /** All follow edges as (follower, followee) profile indexes, in the order to send them. */
  private follows(): { followers: Int32Array; followees: Int32Array } {
    const n = this.size.profiles;
    const followers = new Int32Array(this.size.follows);
    const followees = new Int32Array(this.size.follows);
    const edges = new Set<number>();
    for (let i = 0; i < this.size.follows; ) {
      const follower = this.following.sample(this.random);
      // Popular profiles fill up (everyone follows them already): then any profile will do.
      for (let attempt = 0; attempt < 32; attempt++) {
        const followee = attempt < 16 ? this.popularity.sample(this.random) : this.random.below(n);
        const key = follower * n + followee;
        if (followee === follower || edges.has(key)) continue;
        edges.add(key);
        followers[i] = follower;
        followees[i] = followee;
        this.followerCounts[followee]! += 1;
        this.followingCounts[follower]! += 1;
        this.notificationCounts[followee]! += 1;
        i += 1;
        break;
      }
    }
    this.counts.follows = this.size.follows;
    return { followers, followees };
  }

  /** The next round of posts and likes, or undefined when all are generated. */
  nextRound(): Round | undefined {
    if (this.round >= this.rounds) return undefined;
    const r = this.round++;
    const share = (total: number, part: number, parts: number) => Math.floor(((part + 1) * total) / parts) - Math.floor((part * total) / parts);
    this.followEdges ??= this.follows();
    const followStart = Math.floor((r * this.size.follows) / this.rounds);
    const followEnd = followStart + share(this.size.follows, r, this.rounds);
    const ids = (indexes: Int32Array) => Array.from(indexes.subarray(followStart, followEnd), (i) => this.profileId(i));
    const postRows = share(this.size.posts, r, this.rounds);
    // The first round has nothing to like yet: its share goes to the others.
    const likes = r === 0 && this.rounds > 1 ? 0 : share(this.size.likes, this.rounds > 1 ? r - 1 : 0, Math.max(1, this.rounds - 1));
    const round: Round = {
      follows: { followers: ids(this.followEdges.followers), followees: ids(this.followEdges.followees) },
      posts: { authors: [], digests: [] },
      replies: { authors: [], targets: [], digests: [] },
      quotes: { authors: [], targets: [], digests: [] },
      reposts: { authors: [], targets: [] },
      likes: { profiles: [], targets: [] },
    };
    for (let i = 0; i < postRows; i++) this.addPostRow(round);
    for (let i = 0; i < likes; i++) this.addLike(round);
    // This round's posts become targets for the next rounds, once they are on chain.
    for (const index of this.pendingTargets) {
      this.targetsByAuthor[this.authorIndexOf[index]!]!.push(index);
      this.allTargets.push(index);
    }
    this.pendingTargets = [];
    return round;
  }

  private addPostRow(round: Round) {
    const author = this.posting.sample(this.random);
    const authorId = this.profileId(author);
    const roll = this.random.next();
    const kind =
      roll < KIND_SHARES.reply ? PostKind.Reply
      : roll < KIND_SHARES.reply + KIND_SHARES.quote ? PostKind.Quote
      : roll < KIND_SHARES.reply + KIND_SHARES.quote + KIND_SHARES.repost ? PostKind.Repost
      : PostKind.Post;
    const target = kind === PostKind.Post ? undefined : this.pickTarget();
    if (target === undefined || kind === PostKind.Post) return this.record(round, author, PostKind.Post);
    const targetId = this.postIds[target]!;
    if (kind === PostKind.Repost) {
      const id = fastPostId(authorId, PostKind.Repost, targetId, new Uint8Array(32));
      // Reposting the same post twice gives the same id (a no-op on chain): post instead.
      if (this.repostIds.has(id)) return this.record(round, author, PostKind.Post);
      this.repostIds.add(id);
      round.reposts.authors.push(authorId);
      round.reposts.targets.push(targetId);
      this.counts.reposts += 1;
      this.notify(author, target);
      this.postIds.push(id);
      this.authorIndexOf.push(author);
      this.replyCounts.push(0);
      return;
    }
    if (kind === PostKind.Reply) this.replyCounts[target]! += 1;
    this.notify(author, target);
    this.record(round, author, kind, target);
  }

  /** Adds a post, reply or quote with a fresh digest. */
  private record(round: Round, author: number, kind: PostKind, target?: number) {
    const authorId = this.profileId(author);
    const digest = this.random.digest();
    const targetId = target === undefined ? 0n : this.postIds[target]!;
    const hex = bytesToHex(digest);
    if (kind === PostKind.Post) {
      round.posts.authors.push(authorId);
      round.posts.digests.push(hex);
      this.counts.posts += 1;
    } else {
      const group = kind === PostKind.Reply ? round.replies : round.quotes;
      group.authors.push(authorId);
      group.targets.push(targetId);
      group.digests.push(hex);
      if (kind === PostKind.Reply) this.counts.replies += 1;
      else this.counts.quotes += 1;
    }
    this.pendingTargets.push(this.postIds.length);
    this.postIds.push(fastPostId(authorId, kind, targetId, digest));
    this.authorIndexOf.push(author);
    this.replyCounts.push(0);
  }

  private addLike(round: Round) {
    for (let attempt = 0; attempt < 32; attempt++) {
      const liker = this.liking.sample(this.random);
      const target = this.pickTarget();
      if (target === undefined) return;
      // One like per profile and post: a second Liked would be a no-op the indexer ignores.
      const key = liker * (this.size.posts + 1) + target;
      if (this.likeKeys.has(key)) continue;
      this.likeKeys.add(key);
      round.likes.profiles.push(this.profileId(liker));
      round.likes.targets.push(this.postIds[target]!);
      this.counts.likes += 1;
      this.notify(liker, target);
      return;
    }
  }

  /**
   * A post of an earlier round: by a popular author (Zipf) and, among that author's posts, most
   * likely a recent one; a uniformly random earlier post when the author has none yet.
   */
  private pickTarget(): number | undefined {
    for (let attempt = 0; attempt < 8; attempt++) {
      const list = this.targetsByAuthor[this.popularity.sample(this.random)]!;
      if (list.length > 0) return list[list.length - 1 - Math.floor(list.length * this.random.next() ** 3)]!;
    }
    return this.allTargets.length > 0 ? this.allTargets[this.random.below(this.allTargets.length)] : undefined;
  }

  private notify(actor: number, target: number) {
    const author = this.authorIndexOf[target]!;
    if (author !== actor) this.notificationCounts[author]! += 1;
  }

  /** The heaviest cases per query kind, and distribution figures for the summary. */
  picks(): { picks: DatasetPicks; stats: Record<string, number> } {
    const top = (values: ArrayLike<number>, id: (index: number) => bigint): Pick[] =>
      Array.from({ length: values.length }, (_, i) => i)
        .sort((a, b) => values[b]! - values[a]! || a - b)
        .slice(0, PICKS)
        .map((i) => ({ id: String(id(i)), count: values[i]! }));
    const profileId = (i: number) => this.profileId(i);
    const median = (values: ArrayLike<number>) => Array.from(values).sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const max = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => Math.max(a, b), 0);
    return {
      picks: {
        homeFeed: top(this.followingCounts, profileId),
        thread: top(this.replyCounts, (i) => this.postIds[i]!),
        notifications: top(this.notificationCounts, profileId),
        followed: top(this.followerCounts, profileId),
      },
      stats: {
        maxFollowers: max(this.followerCounts),
        medianFollowers: median(this.followerCounts),
        maxFollowing: max(this.followingCounts),
        medianFollowing: median(this.followingCounts),
        maxReplies: max(this.replyCounts),
        maxNotifications: max(this.notificationCounts),
        medianNotifications: median(this.notificationCounts),
      },
    };
  }
}
