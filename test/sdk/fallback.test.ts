// A client with several indexers, against small local servers that misbehave on cue (down, slow,
// 503 / 429 with Retry-After, stale, 500 then ok, the caller's error): each read is served by the
// freshest healthy one, no read fails while one is healthy, an answer never goes back in time, the
// caller's errors are not retried elsewhere, subscriptions move on when their socket drops, and a
// body goes to every indexer.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";

import { ContentError, contentHash, createKithClient, GraphQLRequestError, type IndexerResponse, KithClientError, uploadContent } from "@kith/sdk";

/** What the fake answers next: a status and JSON, or a dropped connection, after `delayMs`. */
type Answer = { status: number; json?: unknown; html?: string; headers?: Record<string, string>; delayMs?: number } | "drop";

interface FakeIndexer {
  url: string;
  /** The block it says it has indexed (in `_meta` and in `extensions.kith`). */
  block: bigint;
  /** What `extensions.kith.stalled` says. */
  stalled: boolean;
  /** Overrides the normal answer of the next GraphQL requests, one each (then normal again). */
  graphql: Answer[];
  /** Every GraphQL request after the queue is empty gets this (e.g. always down). */
  always?: Answer;
  ready: Answer | undefined;
  upload: (digest: string) => Answer;
  /** What was asked: operation names of GraphQL posts, `ready`, `upload`. */
  asked: string[];
  /** The most /ready probes it saw at once. */
  maxConcurrentProbes: number;
  /** Pushes an event to the open subscriptions; `drop()` cuts them. */
  push(data: unknown): void;
  drop(): void;
  close(): Promise<void>;
}

const servers: FakeIndexer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function fakeIndexer(block: bigint, name: string): Promise<FakeIndexer> {
  const streams = new Set<http.ServerResponse>();
  let probes = 0;
  const fake: FakeIndexer = {
    url: "",
    block,
    stalled: false,
    graphql: [],
    ready: undefined,
    upload: (digest) => ({ status: 201, json: { digest, cid: `cid-${digest.slice(2, 10)}` } }),
    asked: [],
    maxConcurrentProbes: 0,
    push: (data) => {
      for (const stream of streams) stream.write(`event: next\ndata: ${JSON.stringify({ data })}\n\n`);
    },
    drop: () => {
      for (const stream of streams) stream.socket?.destroy();
      streams.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const answer = async (response: http.ServerResponse, value: Answer) => {
    if (value === "drop") return response.socket?.destroy();
    if (value.delayMs) await new Promise((resolve) => setTimeout(resolve, value.delayMs));
    if (response.destroyed) return;
    response.writeHead(value.status, { "content-type": "application/json", ...value.headers });
    response.end(value.html ?? JSON.stringify(value.json ?? {}));
  };
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === "GET" && request.url === "/ready") {
      fake.asked.push("ready");
      fake.maxConcurrentProbes = Math.max(fake.maxConcurrentProbes, ++probes);
      await answer(response, fake.ready ?? { status: 200, json: { ready: true } });
      probes--;
      return;
    }
    if (request.method === "PUT" && request.url?.startsWith("/content/")) {
      fake.asked.push("upload");
      return answer(response, fake.upload(request.url.slice("/content/".length)));
    }
    const { operationName } = JSON.parse(Buffer.concat(chunks).toString()) as { operationName: string };
    fake.asked.push(operationName);
    const override = fake.graphql.shift() ?? fake.always;
    if (override) return answer(response, override);
    if (request.headers.accept === "text/event-stream") {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(": connected\n\n");
      streams.add(response);
      return;
    }
    const extensions = { kith: { indexedBlock: String(fake.block), stalled: fake.stalled } };
    const data =
      operationName === "Meta"
        ? { _meta: { chainId: 31337, indexedBlock: String(fake.block), indexedBlockTimestamp: "0", finalizedBlock: "0" } }
        : { profile: { id: "1", handle: `${name}@${fake.block}` } };
    return answer(response, { status: 200, json: { data, extensions } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(fake);
  return fake;
}

/** A port nothing listens on: connections are refused. */
async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** A client of `urls` that records which indexer served each read. */
function clientOf(urls: string[], fallback: Parameters<typeof createKithClient>[0]["fallback"] = {}) {
  const served: IndexerResponse[] = [];
  const client = createKithClient({
    chainId: 31337,
    rpcUrl: "http://127.0.0.1:1",
    indexerUrls: urls,
    fallback: { retryDelay: 20, ...fallback, onResponse: (r) => served.push(r) },
  });
  const servedBy = () => served.filter((r) => r.status === "success" && r.operation !== "probe").map((r) => r.url);
  return { client, served, servedBy };
}

/** Waits until the client has heard every indexer's block (its first probes are in the background). */
async function ranked(client: ReturnType<typeof createKithClient>) {
  while (client.indexers().some((i) => i.healthy && i.indexedBlock === undefined)) {
    await client.profile({ handle: "x" });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("a client with several indexers", () => {
  it("reads from the freshest: the highest indexedBlock among those that answer", async () => {
    const a = await fakeIndexer(10n, "a");
    const b = await fakeIndexer(12n, "b");
    const { client, servedBy } = clientOf([a.url, b.url]);
    await ranked(client);
    const before = servedBy().length;
    const reads = await Promise.all(Array.from({ length: 5 }, () => client.profile({ handle: "x" })));
    assert.deepEqual(reads.map((r) => r?.handle), Array(5).fill("b@12"));
    assert.deepEqual(servedBy().slice(before), Array(5).fill(b.url));
    assert.deepEqual(client.indexers().map((i) => [i.url, i.healthy, i.indexedBlock]), [[a.url, true, 10n], [b.url, true, 12n]]);
  });

  it("a single graphqlUrl is a list of one", async () => {
    const a = await fakeIndexer(3n, "a");
    const client = createKithClient({ chainId: 31337, rpcUrl: "http://127.0.0.1:1", graphqlUrl: `${a.url}/graphql` });
    assert.equal((await client.profile({ handle: "x" }))?.handle, "a@3");
    assert.deepEqual(client.indexers().map((i) => i.url), [a.url]);
  });

  it("fails over from an indexer that is down (connection refused); no read fails", async () => {
    const down = await closedPort();
    const b = await fakeIndexer(5n, "b");
    const { client, servedBy } = clientOf([down, b.url]);
    const reads = await Promise.all(Array.from({ length: 10 }, () => client.profile({ handle: "x" })));
    assert.deepEqual(reads.map((r) => r?.handle), Array(10).fill("b@5"));
    assert.deepEqual(servedBy(), Array(10).fill(b.url));
    const [first] = client.indexers();
    assert.equal(first!.healthy, false);
    assert.match(first!.lastError!.message, /ECONNREFUSED|fetch failed/);
  });

  it("fails over from a slow indexer after `timeout`", async () => {
    const slow = await fakeIndexer(5n, "slow");
    const b = await fakeIndexer(5n, "b");
    slow.always = { status: 200, json: {}, delayMs: 2_000 };
    const { client, served, servedBy } = clientOf([slow.url, b.url], { timeout: 100, rank: false });
    assert.equal((await client.profile({ handle: "x" }))?.handle, "b@5");
    assert.deepEqual(servedBy(), [b.url]);
    assert.match(served.find((r) => r.url === slow.url)!.error!.message, /did not answer in 100 ms/);
  });

  it("503 and 429 with Retry-After: read elsewhere, and not asked again before Retry-After", async () => {
    for (const status of [503, 429]) {
      const busy = await fakeIndexer(5n, "busy");
      const b = await fakeIndexer(5n, "b");
      busy.always = { status, json: { errors: [{ message: "not now" }] }, headers: { "retry-after": "60" } };
      const { client, servedBy } = clientOf([busy.url, b.url], { rank: false });
      for (let i = 0; i < 10; i++) assert.equal((await client.profile({ handle: "x" }))?.handle, "b@5");
      assert.deepEqual(servedBy(), Array(10).fill(b.url));
      assert.deepEqual(busy.asked, ["Profile"], `${status}: asked once, then not even probed before Retry-After`);
    }
  });

  it("an indexer whose answers say `stalled: true` is read from no more; one without /ready is still probed by GraphQL", async () => {
    const a = await fakeIndexer(20n, "a");
    const b = await fakeIndexer(18n, "b");
    b.ready = { status: 404, html: "404 Not Found" };
    const { client, servedBy } = clientOf([a.url, b.url]);
    await ranked(client);
    assert.deepEqual(client.indexers().map((i) => [i.healthy, i.indexedBlock]), [[true, 20n], [true, 18n]]);
    a.stalled = true;
    a.block = 21n;
    // b is behind what a served (block 20) until it indexes it: then it serves.
    b.block = 20n;
    const before = servedBy().length;
    assert.equal((await client.profile({ handle: "x" }))?.handle, "b@20");
    assert.deepEqual(servedBy().slice(before), [b.url]);
    assert.match(client.indexers()[0]!.lastError!.message, /is stalled at block 21/);
  });

  it("500, then a dropped connection, then ok: the only indexer is probed until it answers, and the same query succeeds", async () => {
    const a = await fakeIndexer(7n, "a");
    a.graphql.push({ status: 500, json: { errors: [{ message: "boom" }] } }, "drop");
    const { client, served } = clientOf([a.url], { rank: false });
    assert.equal((await client.profile({ handle: "x" }))?.handle, "a@7");
    assert.deepEqual(served.map((r) => [r.operation, r.status]), [["Profile", "error"], ["probe", "error"], ["probe", "success"], ["Profile", "success"]]);
  });

  it("never goes back in time: after waitForIndexed(15) on one indexer, one at 14 serves nothing until it reaches 15", async () => {
    const a = await fakeIndexer(15n, "a");
    const b = await fakeIndexer(14n, "b");
    const { client, served } = clientOf([a.url, b.url], { rank: false });
    assert.equal(await client.waitForIndexed({ blockNumber: 15n }), 15n);
    a.always = { status: 500, json: { errors: [{ message: "gone" }] } };
    a.ready = { status: 503, json: {}, headers: { "retry-after": "60" } };
    const behind = served.length;
    const read = client.profile({ handle: "x" });
    // b is asked and its answers from block 14 discarded, until it has indexed block 15.
    while (!served.slice(behind).some((r) => r.url === b.url && r.status === "behind")) await new Promise((resolve) => setTimeout(resolve, 5));
    b.block = 15n;
    assert.equal((await read)?.handle, "b@15");
    assert.ok(served.slice(behind).every((r) => r.status !== "success" || r.indexedBlock! >= 15n));
  });

  it("an answer that is not JSON (a proxy's error page) is the indexer's problem: read elsewhere", async () => {
    const a = await fakeIndexer(5n, "a");
    const b = await fakeIndexer(5n, "b");
    a.graphql.push({ status: 404, headers: { "content-type": "text/html" }, html: "<h1>Not Found</h1>" });
    const { client, servedBy } = clientOf([a.url, b.url], { rank: false });
    assert.equal((await client.profile({ handle: "x" }))?.handle, "b@5");
    assert.deepEqual(servedBy(), [b.url]);
  });

  it("the caller's GraphQL errors (validation, 400) throw at once and are not asked of another indexer", async () => {
    const a = await fakeIndexer(5n, "a");
    const b = await fakeIndexer(5n, "b");
    const errors = [{ message: 'Variable "$handle" got invalid value 1', extensions: { code: "BAD_USER_INPUT" } }];
    a.graphql.push({ status: 400, json: { errors } });
    const { client } = clientOf([a.url, b.url], { rank: false });
    await assert.rejects(client.profile({ handle: "x" }), (error: GraphQLRequestError) => {
      assert.ok(error instanceof GraphQLRequestError);
      assert.deepEqual(error.errors, errors);
      return true;
    });
    assert.deepEqual(b.asked, []);
  });

  it("when no indexer answers: KithClientError unavailable, naming each", async () => {
    const [x, y] = [await closedPort(), await closedPort()];
    const { client } = clientOf([x, y], { retryCount: 1 });
    await assert.rejects(client.profile({ handle: "x" }), (error: KithClientError) => {
      assert.ok(error instanceof KithClientError);
      assert.equal(error.code, "unavailable");
      assert.ok(error.message.startsWith("Profile: no indexer answered ("));
      assert.ok(error.message.includes(x) && error.message.includes(y));
      return true;
    });
  });

  it("refuses an empty or repeated list of indexers", () => {
    for (const indexerUrls of [[], ["http://127.0.0.1:9/graphql", "http://127.0.0.1:9"]]) {
      assert.throws(() => createKithClient({ chainId: 1, rpcUrl: "http://127.0.0.1:1", indexerUrls }), (error: KithClientError) => error.code === "no_indexer");
    }
  });

  it("probes a failed indexer one at a time, then reads from it again once it is back", async () => {
    const a = await fakeIndexer(9n, "a");
    const b = await fakeIndexer(8n, "b");
    a.graphql.push({ status: 502, json: {} });
    a.ready = { status: 503, json: {}, delayMs: 50 };
    const { client, servedBy } = clientOf([a.url, b.url], { rank: false });
    assert.equal((await client.profile({ handle: "x" }))?.handle, "b@8");
    // Many reads while a is down and its back-off runs out: they go to b; a sees at most one probe at a time.
    while (a.asked.filter((q) => q === "ready").length < 2) {
      await Promise.all(Array.from({ length: 20 }, () => client.profile({ handle: "x" })));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(a.maxConcurrentProbes, 1);
    assert.deepEqual(a.asked.filter((q) => q === "Profile"), ["Profile"]);
    a.ready = undefined;
    while (client.indexers()[0]!.healthy === false) {
      await client.profile({ handle: "x" });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal((await client.profile({ handle: "x" }))?.handle, "a@9");
    assert.equal(servedBy().at(-1), a.url);
  });

  it("a subscription reconnects to another indexer when its socket drops", async () => {
    const a = await fakeIndexer(5n, "a");
    const b = await fakeIndexer(5n, "b");
    const { client } = clientOf([a.url, b.url], { rank: false });
    const got: string[] = [];
    const errors: Error[] = [];
    const stop = client.watchHomeFeed({ profileId: 1n, retryMs: 10, onData: (item) => got.push(item.id), onError: (e) => errors.push(e) });
    try {
      while (!a.asked.includes("WatchHomeFeed")) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 20));
      a.push({ homeFeed: { id: "1" } });
      while (got.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      a.drop();
      while (!b.asked.includes("WatchHomeFeed")) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 20));
      b.push({ homeFeed: { id: "2" } });
      while (got.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      stop();
    }
    assert.deepEqual(got, ["1", "2"]);
    assert.equal(errors.length, 1);
    assert.deepEqual(a.asked.filter((q) => q === "WatchHomeFeed"), ["WatchHomeFeed"]);
  });
});

describe("uploadContent to several indexers", () => {
  const body = "a body for every indexer";
  const digest = contentHash(body);

  it("stores the body on each; succeeds when one did, and says which failed", async () => {
    const a = await fakeIndexer(1n, "a");
    const b = await fakeIndexer(1n, "b");
    const down = await closedPort();
    const result = await uploadContent([a.url, down, b.url], body, { retryCount: 0 });
    assert.equal(result.digest, digest);
    assert.deepEqual(result.stored, [a.url, b.url]);
    assert.deepEqual(result.failed.map((f) => [f.url, (f.error as ContentError).code]), [[down, "unreachable"]]);
    assert.deepEqual([a.asked, b.asked], [["upload"], ["upload"]]);
  });

  it("waits for an indexer that has not seen the post yet (404 not_referenced) until it has", async () => {
    const a = await fakeIndexer(1n, "a");
    const b = await fakeIndexer(1n, "b");
    let refusals = 3;
    b.upload = (d) => (refusals-- > 0 ? { status: 404, json: { error: { code: "not_referenced", message: "not yet" } } } : { status: 201, json: { digest: d, cid: "c" } });
    const result = await uploadContent([a.url, b.url], body);
    assert.deepEqual([result.stored, result.failed], [[a.url, b.url], []]);
    assert.equal(b.asked.length, 4);
  });

  it("a refusal of the body itself (digest_mismatch, too_large) throws at once, for all", async () => {
    for (const [status, code] of [[400, "digest_mismatch"], [413, "too_large"]] as const) {
      const a = await fakeIndexer(1n, "a");
      const b = await fakeIndexer(1n, "b");
      a.upload = () => ({ status, json: { error: { code, message: `refused: ${code}` } } });
      b.upload = () => ({ status: 404, json: { error: { code: "not_referenced", message: "not yet" } } });
      await assert.rejects(uploadContent([a.url, b.url], body, { waitMs: 60_000 }), (error: ContentError) => {
        assert.ok(error instanceof ContentError);
        assert.deepEqual([error.status, error.code, error.message], [status, code, `refused: ${code}`]);
        return true;
      });
    }
  });

  it("when none stored it: one indexer's own error, or `unavailable` naming each", async () => {
    const a = await fakeIndexer(1n, "a");
    a.upload = () => ({ status: 404, json: { error: { code: "not_referenced", message: "not yet" } } });
    await assert.rejects(uploadContent(a.url, body, { waitMs: 0 }), (error: ContentError) => error.code === "not_referenced");
    const [x, y] = [await closedPort(), await closedPort()];
    await assert.rejects(uploadContent([x, y], body, { retryCount: 0 }), (error: ContentError) => {
      assert.deepEqual([error.status, error.code], [503, "unavailable"]);
      assert.ok(error.message.includes(x) && error.message.includes(y));
      return true;
    });
  });
});
