// The API's page statements (home feed, profile posts, thread replies, notifications, channel
// posts) run as named prepared statements on Postgres (indexer/src/api/sql.ts, runPrepared): each
// connection parses one once, and after five runs Postgres may keep a generic plan. The answers
// must not change when Postgres switches plans (both home feed plans: per followee, and walking
// all posts as for profiles following many), nor when the tables under a prepared statement
// change their result type, as a writer of another schema behind a replica's views does (Postgres:
// "cached plan must not change result type"): then the API prepares its statements anew.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import pg from "pg";

import { type Indexer, startIndexer } from "../../scripts/lib/indexer.ts";
import { seedDemo } from "../../scripts/lib/seed.ts";
import { skipWithoutPostgres, type Stack, startStack } from "./stack.ts";

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Each page kind, asked as a client would (variables: the statement's values vary, its text does not). */
const PAGES: { name: string; query: string; variables: Record<string, unknown> }[] = [
  {
    name: "home feed",
    query: `query($id: BigInt!) { homeFeed(profileId: $id, limit: 10) { items { id kind uri author { handle } reposted { id } } pageInfo { hasNextPage endCursor } } }`,
    variables: { id: "1" },
  },
  {
    name: "notifications",
    query: `query($id: BigInt!) { notifications(profileId: $id, limit: 10) { items { kind actor { handle } post { id uri } subject { id } } } }`,
    variables: { id: "2" },
  },
  {
    name: "profile posts and a thread",
    query: `query($handle: String!) { profile(handle: $handle) { posts(limit: 5) { items { id uri replies(limit: 5) { items { id uri author { handle } } } } } } }`,
    variables: { handle: "bob" },
  },
];

describe("page statements prepared on Postgres", { skip: skipWithoutPostgres("the prepared statement run") }, () => {
  let stack: Stack;
  let client: pg.Client;
  /** A second indexer of the same chain whose home feeds all take the walking plan (KITH_DENSE_FOLLOWING=0). */
  let walking: Indexer;

  const ask = async (page: (typeof PAGES)[number], url = stack.indexer!.graphqlUrl): Promise<Answer> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: page.query, variables: page.variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<Answer, "status">) };
  };

  before(async () => {
    stack = await startStack();
    const seeded = await seedDemo({ chain: stack.chain.chain, rpcUrl: stack.chain.rpcUrl, deployment: stack.deployment, log: () => {} });
    const indexer = await stack.startIndexer({ databaseUrl: process.env.KITH_TEST_DATABASE_URL });
    await indexer.waitForBlock(seeded.lastBlock);
    walking = await startIndexer({
      chainId: stack.chain.chainId,
      rpcUrl: stack.chain.rpcUrl,
      deploymentsDir: stack.deploymentsDir,
      contentDir: stack.contentDir,
      databaseUrl: process.env.KITH_TEST_DATABASE_URL,
      dropSchemaOnStop: true,
      env: { KITH_DENSE_FOLLOWING: "0" },
    });
    await walking.waitForBlock(seeded.lastBlock);
    client = new pg.Client({ connectionString: process.env.KITH_TEST_DATABASE_URL });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await walking?.stop();
    await stack?.stop();
  });

  const first = new Map<string, Answer>();

  it("answers each page the same 12 times running (custom plans, then the generic one)", async () => {
    for (const page of PAGES) {
      const answers = [];
      for (let i = 0; i < 12; i += 1) answers.push(await ask(page));
      assert.deepEqual(answers[0].errors, undefined, page.name);
      assert.equal(answers[0].status, 200);
      // Not vacuous: the demo gives each page rows.
      assert.ok(JSON.stringify(answers[0].data).includes('"uri"'), `${page.name}: ${JSON.stringify(answers[0].data)}`);
      for (const later of answers.slice(1)) assert.deepEqual(later, answers[0], page.name);
      first.set(page.name, answers[0]);
    }
  });

  it("answers each home feed the same with the walking plan, 12 times running (its follow probe fenced from the generic plan)", async () => {
    let items = 0;
    for (const id of ["1", "2", "3", "4", "5"]) {
      const page = { ...PAGES[0]!, variables: { id } };
      const expected = await ask(page);
      assert.equal(expected.errors, undefined);
      items += expected.data.homeFeed.items.length;
      // The data only: each indexer says its own freshness (extensions.kith).
      for (let i = 0; i < 12; i += 1) assert.deepEqual((await ask(page, walking.graphqlUrl)).data, expected.data, `profile ${id}, run ${i + 1}`);
    }
    assert.ok(items > 0, "the demo's home feeds are empty");
  });

  it("answers the same after the post table's columns change type under the prepared statements", async () => {
    // text -> varchar: the same strings, another result type for every statement selecting `uri`.
    await client.query(`ALTER TABLE "${stack.indexer!.schema}"."post" ALTER COLUMN uri TYPE varchar`);
    for (const page of PAGES) {
      for (let i = 0; i < 4; i += 1) assert.deepEqual(await ask(page), first.get(page.name), page.name);
    }
  });
});
