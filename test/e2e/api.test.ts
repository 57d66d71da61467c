// The GraphQL API against hostile and unlucky clients, with exact answers: queries built to be
// expensive to validate, oversized bodies, NUL bytes and broken UTF-8, a refusal code and the
// freshness block on every error, response fields in the order asked, cursors of another list,
// CIDs in any multibase, app keys judged by chain time; and, with Postgres behind a proxy the test
// can hang or cut, the 503s of overload, deadlines and a database that is down.
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { after, before, describe, it } from "node:test";

import { CID } from "multiformats/cid";
import { base16 } from "multiformats/bases/base16";
import { base36 } from "multiformats/bases/base36";
import { base58btc } from "multiformats/bases/base58";
import { base64url } from "multiformats/bases/base64";

import { zeroHash } from "viem";

import { clientsFor, devAccount } from "../../scripts/lib/chain.ts";
import { waitFor } from "../../scripts/lib/processes.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { contentHash, uploadContent } from "@kith/sdk";
import { type FaultyRpc, startFaultyRpc } from "../../scripts/lib/faultyRpc.ts";
import { startTcpProxy, type TcpProxy } from "./proxy.ts";
import { skipWithoutPostgres, type Stack, startStack } from "./stack.ts";

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
    assert.deepEqual([kith.chainId, kith.indexedBlock, kith.headBlock, kith.lagSeconds, kith.stale], [31337, String(seeded.lastBlock), String(seeded.lastBlock), 0, false], a.text);
  };

  it("refuses a 6 KB query of 1,985 repeated fields before validating it, and serves _meta beside it", async () => {
    const hostile = (i: number) => `# copy ${i}\n{ profile(handle: "alice") { ${"id ".repeat(1985)}} }`;
    assert.ok(hostile(0).length > 5_900);
    const [meta, ...copies] = await Promise.all([ask("{ _meta { chainId } }"), ...Array.from({ length: 10 }, (_, i) => ask(hostile(i)))]);
    assert.deepEqual(meta.json.data, { _meta: { chainId: 31337 } });
    for (const copy of copies) {
      assert.deepEqual(refusal(copy), [[200, "TOO_MANY_FIELDS", "Field selections limit of 200 exceeded, found 1986. Ask for fewer fields."]]);
      assert.equal(copy.json.data, undefined);
      assertFreshness(copy);
    }
    // At the limit: the profile and 199 ids.
    const atLimit = await ask(`{ profile(handle: "alice") { ${"id ".repeat(199)}} }`);
    assert.deepEqual(atLimit.json, { data: { profile: { id: "1" } }, extensions: atLimit.json.extensions });
  });

  it("answers bodies over 64 KiB with 413 and a JSON error, whether or not they say their length", async () => {
    // 65 KiB: past the limit by 1 KiB, so the client has written it all (into the socket's buffer)
    // before the server, which reads no further, closes the connection. At 100 KiB a loaded machine
    // sometimes still had bytes to write when the close came (EPIPE on the client's side).
    const huge = JSON.stringify({ query: `# ${"x".repeat(65 * 1024)}\n{ _meta { chainId } }` });
    const expected = [[413, "REQUEST_TOO_LARGE", "Request body limit of 65536 bytes exceeded. Send a shorter query and variables."]];
    const declared = await post(huge);
    assert.deepEqual(refusal(declared), expected);
    assert.equal(declared.headers.get("connection"), "close");
    assertFreshness(declared);
    const bytes = new TextEncoder().encode(huge);
    const chunked = await answer(
      await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream({
          start(controller) {
            for (let offset = 0; offset < bytes.length; offset += 16_384) controller.enqueue(bytes.subarray(offset, offset + 16_384));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit),
    );
    assert.deepEqual(refusal(chunked), expected);
    // A long comment under the limit is fine (comments are not tokens).
    const long = await ask(`# ${"x".repeat(60_000)}\n{ _meta { chainId } }`);
    assert.deepEqual(long.json.data, { _meta: { chainId: 31337 } });
  });

  it("refuses NUL bytes and text that is not valid UTF-8 in arguments as BAD_USER_INPUT", async () => {
    const byHandle = `query($h: String) { profile(handle: $h) { id } }`;
    const invalidArgument = (where: string) => [[200, "BAD_USER_INPUT", `${where} is not valid text: strings must be UTF-8 without NUL characters.`]];
    assert.deepEqual(refusal(await ask(`{ profile(handle: "al\\u0000ice") { id } }`)), invalidArgument(`Argument "handle" of "profile"`));
    assert.deepEqual(refusal(await ask(byHandle, { h: "al\u0000ice" })), invalidArgument(`Variable "$h"`));
    assert.deepEqual(refusal(await ask(byHandle, { h: "al\ud800ice" })), invalidArgument(`Variable "$h"`));
    // Raw bytes that are not UTF-8 (0xff) inside the JSON body.
    const raw = new TextEncoder().encode(JSON.stringify({ query: byHandle, variables: { h: "alXice" } }));
    raw[raw.indexOf("X".charCodeAt(0))] = 0xff;
    const broken = await post(raw);
    assert.deepEqual(refusal(broken), [[400, "BAD_USER_INPUT", "The request body is not valid UTF-8."]]);
    assertFreshness(broken);
    const get = await answer(await fetch(`${graphqlUrl}?query=${encodeURIComponent(byHandle)}&variables=%7B%22h%22%3A%22al%FFice%22%7D`));
    assert.deepEqual(refusal(get), [[400, "BAD_USER_INPUT", "The query string is not valid UTF-8."]]);
    // The same handle, well formed, is answered.
    assert.deepEqual((await ask(byHandle, { h: "alice" })).json.data, { profile: { id: "1" } });
  });

  it("gives every refusal an extensions.code, and the response the freshness block", async () => {
    const nest = (levels: number): string => (levels === 0 ? "id" : `replies { items { ${nest(levels - 1)} } }`);
    const cases: [string, string | Record<string, unknown>, string][] = [
      ["QUERY_TOO_DEEP", `{ post(id: "${postId("alice-hello")}") { ${nest(6)} } }`, "Query depth limit of 12 exceeded, found 14. Ask for fewer nested levels."],
      ["TOO_MANY_ALIASES", `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: _meta { chainId }`).join(" ")} }`, "Aliases limit of 10 exceeded, found 11. Ask for fewer aliased fields."],
      ["TOO_MANY_TOKENS", `{ profile(handle: "alice") { ${"id ".repeat(150)} } ${"_meta { chainId } ".repeat(500)}}`, "Token limit of 2000 exceeded. Send a shorter query."],
      [
        "QUERY_TOO_COMPLEX",
        `{ homeFeed(profileId: "1", limit: 100) { items { author { followers(limit: 100) { items { profile { handle } } } } } } }`,
        "Query complexity 30301 exceeds the limit of 20000 (each list counts its page size: lower a limit or ask for fewer fields)",
      ],
      ["GRAPHQL_PARSE_FAILED", `{ profile(handle: "alice" { id } }`, `Syntax Error: Expected Name, found "{".`],
      ["GRAPHQL_VALIDATION_FAILED", `{ profile(handle: "alice") { balance } }`, `Cannot query field "balance" on type "Profile".`],
      ["BAD_USER_INPUT", `{ homeFeed(profileId: "1", limit: 101) { items { id } } }`, "limit must be between 1 and 100, got 101"],
      ["BAD_REQUEST", { raw: `{"query": ` }, "POST body sent invalid JSON."],
    ];
    for (const [code, query, message] of cases) {
      const a = typeof query === "string" ? await ask(query) : await post(query.raw as string);
      assert.deepEqual(a.json.errors?.map((e) => [e.extensions?.code, e.message]), [[code, message]], `${code}: ${a.text}`);
      assertFreshness(a);
    }
    // What is not a GraphQL request over HTTP at all.
    const body = JSON.stringify({ query: "{ _meta { chainId } }" });
    const http: [Promise<Response>, number, string, string][] = [
      [fetch(graphqlUrl, { method: "POST", headers: { "content-type": "text/plain" }, body }), 415, "UNSUPPORTED_MEDIA_TYPE", "Send the query as JSON (content-type: application/json), or as GET parameters."],
      [fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json", accept: "text/xml" }, body }), 406, "NOT_ACCEPTABLE", "Accept application/json or application/graphql-response+json."],
      [fetch(graphqlUrl, { method: "PUT", headers: { "content-type": "application/json" }, body }), 405, "METHOD_NOT_ALLOWED", "Use GET or POST, not PUT."],
    ];
    for (const [response, status, code, message] of http) {
      const a = await answer(await response);
      assert.deepEqual(refusal(a), [[status, code, message]], a.text);
      assertFreshness(a);
    }
  });

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

  it("refuses a cursor of another list, and pages with a cursor of the same list", async () => {
    const followers = await ask(`{ profile(handle: "alice") { followers(limit: 1) { pageInfo { endCursor } } following(limit: 1) { pageInfo { endCursor } } } }`);
    const { followers: f, following: g } = followers.json.data.profile;
    const feed = await ask(`query($c: String) { homeFeed(profileId: "1", limit: 1, after: $c) { items { id } } }`, { c: f.pageInfo.endCursor });
    assert.deepEqual(refusal(feed), [
      [200, "BAD_USER_INPUT", `cursor "${f.pageInfo.endCursor}" belongs to followers, not homeFeed: pass a pageInfo.endCursor of homeFeed`],
    ]);
    const crossed = await ask(`query($c: String) { profile(handle: "alice") { followers(after: $c) { items { profile { handle } } } } }`, { c: g.pageInfo.endCursor });
    assert.deepEqual(refusal(crossed), [
      [200, "BAD_USER_INPUT", `cursor "${g.pageInfo.endCursor}" belongs to following, not followers: pass a pageInfo.endCursor of followers`],
    ]);
    const next = await ask(`query($c: String) { profile(handle: "alice") { followers(limit: 1, after: $c) { items { profile { handle } } } } }`, { c: f.pageInfo.endCursor });
    assert.deepEqual(next.json.data, { profile: { followers: { items: [{ profile: { handle: "dave" } }] } } });
  });

  it("serves a body by its CIDv1 in any multibase, and refuses CIDs of other codecs", async () => {
    const text = seeded.posts.find((p) => p.label === "alice-hello")!.text!;
    const { data } = (await ask(`{ post(id: "${postId("alice-hello")}") { cid } }`)).json;
    const cid = CID.parse(data.post.cid);
    const spellings = [cid.toString(), cid.toString(base16), cid.toString(base36), cid.toString(base58btc), cid.toString(base64url)];
    assert.deepEqual(spellings.map((s) => s[0]), ["b", "f", "k", "z", "u"]);
    for (const spelling of spellings) {
      const response = await fetch(`${stack.indexer!.url}/ipfs/${spelling}`);
      assert.deepEqual([spelling, response.status, await response.text()], [spelling, 200, text]);
    }
    const dagPb = CID.createV1(0x70, cid.multihash).toString();
    const refused = await fetch(`${stack.indexer!.url}/ipfs/${dagPb}`);
    assert.deepEqual([refused.status, await refused.json()], [
      400,
      { error: { code: "invalid_cid", message: "only CIDv1 with the raw codec and sha2-256 are served" } },
    ]);
  });

  it("judges app keys by the indexed block's time, not the wall clock", async () => {
    const { publicClient } = clientsFor(stack.chain.chain, stack.chain.rpcUrl, alice);
    const now = (await publicClient.getBlock()).timestamp;
    const expiry = now + 3_600n;
    const app = devAccount(12);
    await stack.send(alice, (k) => k.write.addAppKey([1n, app.address, 1n, expiry]));
    const keys = `{ profile(id: "1") { active: appKeys { items { key active } } all: appKeys(includeInactive: true) { items { key expiry active } } } }`;
    await stack.indexer!.waitForBlock(await publicClient.getBlockNumber());
    const key = app.address.toLowerCase();
    assert.deepEqual((await ask(keys)).json.data.profile, {
      active: { items: [{ key, active: true }] },
      all: { items: [{ key, expiry: String(expiry), active: true }] },
    });
    // The chain moves two hours on (the wall clock does not): the key has expired on chain.
    await publicClient.request({ method: "evm_setNextBlockTimestamp" as never, params: [Number(now + 7_200n)] as never });
    const block = await stack.send(alice, (k) => k.write.post([1n, contentHash("two hours later"), ""]));
    await stack.indexer!.waitForBlock(block);
    assert.deepEqual((await ask(keys)).json.data.profile, {
      active: { items: [] },
      all: { items: [{ key, expiry: String(expiry), active: false }] },
    });
  });
});

describe("the GraphQL API while the chain's RPC is down (PGlite, the RPC behind scripts/lib/faultyRpc.ts)", () => {
  let stack: Stack;
  let rpc: FaultyRpc;
  let lastBlock: bigint;
  const bob = devAccount(2);
  const meta = async () => {
    const a = await answer(
      await fetch(stack.indexer!.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ _meta { indexedBlock headBlock lagSeconds stale } profile(handle: "bob") { handle postCount } }` }),
      }),
    );
    assert.equal(a.status, 200, a.text);
    return a;
  };
  const until = (check: (a: Answer) => boolean, what: string) =>
    waitFor(async () => {
      const a = await meta();
      return check(a) ? a : undefined;
    }, { timeoutMs: 30_000, intervalMs: 100, describe: () => what });

  before(async () => {
    stack = await startStack();
    await stack.send(bob, (k) => k.write.register(["bob", bob.address, zeroHash]));
    lastBlock = await stack.send(bob, (k) => k.write.post([1n, contentHash("before the outage"), ""]));
    rpc = await startFaultyRpc(stack.chain.rpcUrl);
    const indexer = await stack.startIndexer({ rpcUrl: rpc.url, env: { KITH_STALE_AFTER_SECONDS: "2" } });
    await indexer.waitForBlock(lastBlock);
  });
  after(async () => {
    await stack?.stop();
    await rpc?.close();
  });

  it("keeps answering from the index, says how far behind it may be and that it is stale, and catches up once the RPC is back", async () => {
    // The API reads the indexed block and the head on their own timers: wait for both.
    const fresh = await until(
      (a) => a.json.data._meta.headBlock === String(lastBlock) && a.json.data._meta.indexedBlock === String(lastBlock),
      "the API never saw the chain's head indexed",
    );
    assert.deepEqual(fresh.json.data, {
      _meta: { indexedBlock: String(lastBlock), headBlock: String(lastBlock), lagSeconds: 0, stale: false },
      profile: { handle: "bob", postCount: 1 },
    });
    await rpc.set("refuse");
    // The chain moves on; neither the indexer nor the API can see it.
    const during = await stack.send(bob, (k) => k.write.post([1n, contentHash("during the outage"), ""]));
    const stale = await until((a) => a.json.data._meta.stale === true, "the answers never said stale: true");
    const { _meta, profile } = stale.json.data;
    assert.deepEqual([_meta.indexedBlock, _meta.headBlock, profile], [String(lastBlock), String(lastBlock), { handle: "bob", postCount: 1 }]);
    assert.ok(_meta.lagSeconds > 2, `lagSeconds ${_meta.lagSeconds}`);
    assert.deepEqual([stale.json.extensions!.kith!.stale, stale.json.extensions!.kith!.lagSeconds], [true, _meta.lagSeconds]);

    await rpc.set("none");
    await stack.indexer!.waitForBlock(during);
    const caughtUp = await until((a) => a.json.data._meta.stale === false && a.json.data._meta.indexedBlock === String(during), "the answers never caught up");
    assert.deepEqual(caughtUp.json.data, {
      _meta: { indexedBlock: String(during), headBlock: String(during), lagSeconds: 0, stale: false },
      profile: { handle: "bob", postCount: 2 },
    });
  });
});

describe("the GraphQL API when its database hangs, goes down and comes back (Postgres behind a proxy)", {
  skip: skipWithoutPostgres("the run of the GraphQL overload and database outage tests"),
}, () => {
  let stack: Stack;
  let proxy: TcpProxy;
  const query = `{ profile(handle: "alice") { handle followers { items { profile { handle } } } } }`;
  const expected = { profile: { handle: "alice", followers: { items: ["erin", "dave", "carol", "bob"].map((handle) => ({ profile: { handle } })) } } };
  const send = async () =>
    answer(await fetch(stack.indexer!.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) }));
  /** What a 503 must look like: Retry-After, JSON, one error with `code`, and the freshness block. */
  const assertUnavailable = (a: Answer, code: string, message: string) => {
    assert.deepEqual([a.status, a.headers.get("retry-after"), a.headers.get("content-type")?.split(";")[0]], [503, "1", "application/json"]);
    assert.deepEqual(a.json, {
      errors: [{ message, extensions: { code } }],
      extensions: { kith: { ...a.json.extensions!.kith, chainId: 31337 } },
    });
  };

  before(async () => {
    stack = await startStack();
    const seeded = await seedDemo({ chain: stack.chain.chain, rpcUrl: stack.chain.rpcUrl, deployment: stack.deployment, log: () => {} });
    const database = new URL(process.env.KITH_TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    // One request at a time and one waiting, so that a request held by the database fills both.
    const env = { KITH_GRAPHQL_MAX_CONCURRENCY: "1", KITH_GRAPHQL_MAX_QUEUE: "1", KITH_GRAPHQL_DEADLINE_MS: "3000" };
    const indexer = await stack.startIndexer({ databaseUrl: proxy.via(database.toString()), env });
    await indexer.waitForBlock(seeded.lastBlock);
  });
  after(async () => {
    await proxy?.restore();
    await stack?.stop();
    await proxy?.stop();
  });

  it("refuses what it cannot take at once while the database holds a request: 503 OVERLOADED, then answers the held ones", async () => {
    assert.deepEqual((await send()).json.data, expected);
    proxy.pause();
    // One runs (its statement held by the proxy), one waits for it, five are refused at once.
    let settled = 0;
    const answers = Array.from({ length: 7 }, () => send().finally(() => (settled += 1)));
    while (settled < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    await proxy.restore();
    const all = await Promise.all(answers);
    assert.deepEqual(all.map((a) => a.status).sort(), [200, 200, 503, 503, 503, 503, 503]);
    for (const a of all.filter((a) => a.status === 200)) assert.deepEqual(a.json.data, expected);
    for (const a of all.filter((a) => a.status === 503)) {
      assertUnavailable(a, "OVERLOADED", "The API is answering as many requests as it can. Retry in 1 s.");
      assert.equal(a.json.extensions!.kith!.sqlStatements, 0);
    }
  });

  it("answers 503 DEADLINE_EXCEEDED when the database does not answer within the deadline, then serves again", async () => {
    proxy.pause();
    const held = await send();
    const deadline = "The request took longer than 3000 ms and was stopped. Ask for less (smaller pages, fewer nested lists), or retry in 1 s.";
    assertUnavailable(held, "DEADLINE_EXCEEDED", deadline);
    // A query asked for as an event stream is no subscription: it has the deadline too (and a slot).
    const streamed = answer(
      await fetch(stack.indexer!.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream" }, body: JSON.stringify({ query }) }),
    );
    assertUnavailable(await streamed, "DEADLINE_EXCEEDED", deadline);
    await proxy.restore();
    assert.deepEqual((await send()).json.data, expected);
  });

  it("answers 503 DATABASE_UNAVAILABLE while the database is down, and recovers by itself once it is back", async () => {
    await proxy.cut();
    // On Postgres the indexer exits the moment its connection drops (databaseWatch.ts) and the
    // launcher answers on its port until it is restarted: a request caught in that handover (a few
    // ms) sees its connection reset, and a client retries it.
    const down = await waitFor(() => send(), { timeoutMs: 5_000, intervalMs: 50, describe: () => "GraphQL did not answer while the database was down" });
    assertUnavailable(down, "DATABASE_UNAVAILABLE", "The index database cannot be reached. Retry in 1 s.");
    // The indexer (probes.ts) or, once it has exited, the launcher's stand-in: the same answer.
    const ready = await waitFor(() => fetch(new URL("/ready", stack.indexer!.url)), {
      timeoutMs: 5_000,
      intervalMs: 50,
      describe: () => "/ready did not answer while the database was down",
    });
    assert.deepEqual([ready.status, ready.headers.get("retry-after"), await ready.json()], [
      503,
      "1",
      { ready: false, code: "DATABASE_UNAVAILABLE", message: "The index database cannot be reached. Retry in 1 s." },
    ]);
    await proxy.restore();
    // The restarted indexer serves while it catches up from its last durable checkpoint: wait for
    // the same answer as before the outage.
    let last: Answer | undefined;
    const back = await waitFor(async () => {
      last = await send();
      return last.status === 200 && isDeepStrictEqual(last.json.data, expected) ? last : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, describe: () => `GraphQL did not answer as before after the database came back: ${JSON.stringify(last?.json)}` });
    assert.deepEqual(back.json.data, expected);
    // Ready again once the restarted indexer has caught up (Ponder's own /ready is 503 until then).
    await waitFor(async () => ((await fetch(new URL("/ready", stack.indexer!.url))).status === 200 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
      describe: () => "/ready did not answer 200 after the database came back",
    });
  });
});
