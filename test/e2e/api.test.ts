// The GraphQL API against hostile and unlucky clients, with exact answers: queries built to be
// expensive to validate, oversized bodies, NUL bytes and broken UTF-8, a refusal code and the
// freshness block on every error, response fields in the order asked, cursors of another list,
// CIDs in any multibase, app keys judged by chain time.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { CID } from "multiformats/cid";
import { base16 } from "multiformats/bases/base16";
import { base36 } from "multiformats/bases/base36";
import { base58btc } from "multiformats/bases/base58";
import { base64url } from "multiformats/bases/base64";

import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { uploadContent } from "../../sdk/src/content.ts";
import { contentHash } from "../../sdk/src/posts.ts";
import { type Stack, startStack } from "./stack.ts";

interface Answer {
  status: number;
  headers: Headers;
  /** The body as sent (to check the order of keys). */
  text: string;
  json: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { kith?: Record<string, unknown> } };
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
}

/** [status, code, message] of each error: what a client sees of a refusal. */
const refusal = (a: Answer) => a.json.errors?.map((e) => [a.status, e.extensions?.code, e.message]);

describe("the GraphQL API against hostile queries (seeded demo, PGlite)", () => {
  let stack: Stack;
  let seeded: SeedResult;
  let graphqlUrl: string;
  const alice = devAccount(1);

  const post = async (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    answer(await fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));
  const ask = (query: string, variables?: Record<string, unknown>) => post(JSON.stringify({ query, variables }));
  const postId = (label: string) => String(seeded.posts.find((p) => p.label === label)!.id);

  before(async () => {
    stack = await startStack();
    seeded = await seedDemo({ chain: stack.chain.chain, rpcUrl: stack.chain.rpcUrl, deployment: stack.deployment, log: () => {} });
    const indexer = await stack.startIndexer();
    await indexer.waitForBlock(seeded.lastBlock);
    for (const body of seeded.bodies) await uploadContent(indexer.url, body);
    graphqlUrl = indexer.graphqlUrl;
  });
  after(async () => stack?.stop());

  /** The freshness block every response carries, here at the seed's last block. */
  const assertFreshness = (a: Answer) => {
    const kith = a.json.extensions?.kith;
    assert.ok(kith, `no extensions.kith in ${a.text}`);
    assert.deepEqual([kith.chainId, kith.indexedBlock, kith.stale], [31337, String(seeded.lastBlock), false], a.text);
  };

  it("returns fields in the order the query asked, whichever resolves first", async () => {
    const a = await ask(`{
      profile(handle: "alice") { postCount handle followers(limit: 1) { pageInfo { hasNextPage } items { profile { handle } } } id }
      _meta { chainId }
      post(id: "${postId("bob-gm")}") { likeCount author { handle } id }
    }`);
    const expected = {
      profile: { postCount: 2, handle: "alice", followers: { pageInfo: { hasNextPage: true }, items: [{ profile: { handle: "erin" } }] }, id: "1" },
      _meta: { chainId: 31337 },
      post: { likeCount: 3, author: { handle: "bob" }, id: postId("bob-gm") },
    };
    assert.equal(JSON.stringify(a.json.data), JSON.stringify(expected));
  });
});
