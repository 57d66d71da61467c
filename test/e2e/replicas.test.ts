// Read replicas on Postgres: one writer (`ponder start --views-schema`), two readers (`ponder
// serve` on the views schema), one URL in front of them (scripts/lib/readProxy.ts), and the SDK
// given the readers' URLs. Every reader answers what the writer answers; one reader killed with
// SIGKILL while several clients read in a loop costs no read; and a redeploy (a new writer of a
// version whose tables differ, on a schema of its own) is served the old version's answers while it
// indexes and the new version's from the moment it is ready, without a failed read in between.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { createKithClient, type KithClient, viemSigner } from "@kith/sdk";

import { devAccount } from "../../scripts/lib/chain.ts";
import { dropSchema, type Indexer, type Reader, type ReaderOptions, startIndexer, startReader } from "../../scripts/lib/indexer.ts";
import { freePort, waitFor } from "../../scripts/lib/processes.ts";
import { READER_HEADER, type ReadProxy, startReadProxy } from "../../scripts/lib/readProxy.ts";
import { skipWithoutPostgres, type Stack, startStack } from "./stack.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const databaseUrl = process.env.KITH_TEST_DATABASE_URL;
const LOOPS = 3;
const READS_BEFORE_THE_KILL = 30;
const READS_AFTER = 60;

/** One statement: an answer is wholly one version's (the redeploy's v2 stores handles as "<handle>.v2"). */
const PROFILE = /* GraphQL */ `query Replica($id: BigInt!) { profile(id: $id) { id handle postCount followerCount } }`;
/** Joins of several views (the reads that race a views swap for locks); the same in both versions. */
const FEED = /* GraphQL */ `query ReplicaFeed($id: BigInt!) { homeFeed(profileId: $id) { items { id kind body bodyStatus replyCount } } }`;

interface Read {
  startedAt: number;
  endedAt: number;
  /** profile.handle, or the feed's post ids and bodies. */
  answer: string;
  via: string;
}

/** POSTs `query` to the one URL; a failed read throws (status, GraphQL errors). */
async function readFront(front: ReadProxy, query: string, variables: Record<string, unknown>): Promise<{ data: any; reader: string | null }> {
  const response = await fetch(front.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const json = (await response.json()) as { data?: any; errors?: unknown[] };
  if (!response.ok || json.errors) throw new Error(`${front.graphqlUrl} answered ${response.status}: ${JSON.stringify(json)}`);
  return { data: json.data, reader: response.headers.get(READER_HEADER) };
}

/** `replace` in `file`, which must hold `from` exactly once: a copy of an indexer that changed under the test fails loudly. */
function editOnce(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  assert.equal(text.split(from).length, 2, `${file} should hold ${JSON.stringify(from)} once`);
  writeFileSync(file, text.replace(from, to));
}

/**
 * The next version of the indexer: a copy of indexer/ (under the repo, so its imports resolve)
 * whose `profile` table has one more column and whose handler stores handles as "<handle>.v2".
 * Its tables differ, so Ponder's build id does, and it must index into a schema of its own.
 */
function nextIndexerVersion(): string {
  const dir = path.join(root, ".kith", `indexer-v2-${randomBytes(4).toString("hex")}`);
  cpSync(path.join(root, "indexer"), dir, { recursive: true, filter: (source) => !/[/\\](node_modules|\.ponder|generated|\.content)$/.test(source) });
  symlinkSync(path.join(root, "indexer", "node_modules"), path.join(dir, "node_modules"));
  editOnce(path.join(dir, "ponder.schema.ts"), "    mutualCount: t.integer().notNull().default(0),\n", "    mutualCount: t.integer().notNull().default(0),\n    registeredHandle: t.text(),\n");
  editOnce(path.join(dir, "src", "Profiles.ts"), "    handle,\n    custody,", "    handle: `${handle}.v2`,\n    registeredHandle: handle,\n    custody,");
  return dir;
}

describe("read replicas on Postgres: one writer, two readers, one URL", { skip: skipWithoutPostgres("the read replica test") }, () => {
  let stack: Stack;
  let writer: Indexer;
  let next: Indexer | undefined;
  let nextDir: string | undefined;
  const readers: Reader[] = [];
  let front: ReadProxy;
  let sdk: KithClient;
  let writerSdk: KithClient;
  const viewsSchema = `kith_views_${randomBytes(4).toString("hex")}`;
  let readerOptions: ReaderOptions;
  let alice: bigint;
  let bob: bigint;
  let expectedProfile: unknown;
  let expectedFeed: unknown;
  /** What the loops record for the feed: through the one URL (the raw answer) and through the SDK. */
  let expectedFeeds: string[];

  /** The home feed as the SDK gives it: posts, bodies and whether each body is there. */
  const feedThrough = async (client: KithClient) =>
    JSON.stringify((await client.homeFeed({ profileId: bob })).items.map((p) => `${p.id}/${p.body}/${p.bodyStatus}`));
  const clientOf = (urls: string[], account = 12) =>
    createKithClient({ chainId: stack.chain.chainId, rpcUrl: stack.chain.rpcUrl, indexerUrls: urls, signer: viemSigner(devAccount(account)) });

  before(async () => {
    stack = await startStack();
    writer = await stack.startIndexer({ databaseUrl, viewsSchema, contentStore: "postgres" });
    const relayer = await stack.startRelayer();
    const writeAs = (account: number) =>
      createKithClient({ chainId: stack.chain.chainId, rpcUrl: stack.chain.rpcUrl, indexerUrls: [writer.url], relayerUrl: relayer.url, signer: viemSigner(devAccount(account)) });
    const asAlice = writeAs(10);
    const asBob = writeAs(11);
    alice = (await asAlice.register({ handle: "alice" })).profileId;
    bob = (await asBob.register({ handle: "bob" })).profileId;
    await asBob.follow({ followerId: bob, followeeId: alice });
    const first = await asAlice.post({ profileId: alice, body: "gm from the writer" });
    await asBob.reply({ profileId: bob, parentId: first.postId, body: "gm from bob" });
    await asAlice.post({ profileId: alice, body: "read me on any replica" });
    // The views schema exists once the writer is ready and the launcher pointed it at its tables.
    await writer.viewsPublished;
    readerOptions = {
      chainId: stack.chain.chainId,
      rpcUrl: stack.chain.rpcUrl,
      deploymentsDir: stack.deploymentsDir,
      contentDir: stack.contentDir,
      databaseUrl: databaseUrl!,
      viewsSchema,
      contentStore: "postgres",
    };
    readers.push(...(await Promise.all([startReader(readerOptions), startReader(readerOptions)])));
    front = await startReadProxy({ upstreams: readers.map((r) => r.url), healthIntervalMs: 200 });
    sdk = clientOf(readers.map((r) => r.url));
    writerSdk = clientOf([writer.url]);
    expectedProfile = (await writer.request(PROFILE, { id: String(alice) })).data;
    expectedFeed = (await writer.request(FEED, { id: String(bob) })).data;
    expectedFeeds = [`feed:${JSON.stringify(expectedFeed)}`, `feed:${await feedThrough(writerSdk)}`].sort();
  });
  after(async () => {
    await front?.stop();
    for (const reader of readers) await reader.stop();
    await next?.stop();
    await stack?.stop();
    if (databaseUrl) await dropSchema(databaseUrl, viewsSchema);
    if (nextDir) rmSync(nextDir, { recursive: true, force: true });
  });

  /** Clients reading in a loop (LOOPS through the one URL, LOOPS through the SDK) until `done()`; what each read saw. */
  function readInLoops(done: (seen: { reads: Read[]; failures: unknown[] }) => boolean) {
    const reads: Read[] = [];
    const failures: unknown[] = [];
    const loop = async (via: "front" | "sdk", what: "profile" | "feed") => {
      while (!done({ reads, failures })) {
        const startedAt = performance.now();
        try {
          let answer: string;
          let served: string = via;
          if (via === "front") {
            const { data, reader } = await readFront(front, what === "profile" ? PROFILE : FEED, { id: String(what === "profile" ? alice : bob) });
            answer = what === "profile" ? data.profile.handle : JSON.stringify(data);
            served = `front ${reader}`;
          } else if (what === "profile") {
            answer = (await sdk.profile({ id: alice }))!.handle;
          } else {
            answer = await feedThrough(sdk);
          }
          reads.push({ startedAt, endedAt: performance.now(), answer: `${what}:${answer}`, via: served });
        } catch (error) {
          failures.push({ via, what, startedAt, endedAt: performance.now(), error: String(error) });
        }
      }
    };
    const loops = Array.from({ length: LOOPS }, (_, i) => [loop("front", i % 2 ? "feed" : "profile"), loop("sdk", i % 2 ? "profile" : "feed")]).flat();
    return { reads, failures, finished: Promise.all(loops) };
  }

  it("each reader, the one URL (round-robin over both) and the SDK over the readers answer what the writer answers", async () => {
    for (const reader of readers) {
      assert.deepEqual((await reader.request(PROFILE, { id: String(alice) })).data, expectedProfile, reader.url);
      assert.deepEqual((await reader.request(FEED, { id: String(bob) })).data, expectedFeed, reader.url);
    }
    const served = new Set<string | null>();
    for (let i = 0; i < 4; i++) {
      const { data, reader } = await readFront(front, FEED, { id: String(bob) });
      assert.deepEqual(data, expectedFeed);
      served.add(reader);
    }
    assert.deepEqual([...served].sort(), readers.map((r) => r.url).sort());
    assert.deepEqual(await sdk.homeFeed({ profileId: bob }), await writerSdk.homeFeed({ profileId: bob }));
    assert.deepEqual(await sdk.profile({ id: alice }), await writerSdk.profile({ id: alice }));
    const body = await fetch(`${front.url}/content/${(await writerSdk.homeFeed({ profileId: bob })).items[0]!.contentHash}`);
    assert.equal(await body.text(), "read me on any replica");
  });

  it("SIGKILL of a reader while clients read in loops: no read fails, every answer is the writer's, the survivor serves the rest", async () => {
    let exitedAt: number | undefined;
    const readsAfter = (reads: Read[]) => (exitedAt === undefined ? 0 : reads.filter((r) => r.startedAt > exitedAt!).length);
    const load = readInLoops(({ reads, failures }) => readsAfter(reads) >= READS_AFTER || failures.length > 0);
    await waitFor(async () => (load.reads.length >= READS_BEFORE_THE_KILL ? true : undefined), { timeoutMs: 30_000, describe: () => `only ${load.reads.length} reads` });
    const [victim, survivor] = readers as [Reader, Reader];
    const exited = new Promise((resolve) => victim.service.process.once("exit", resolve));
    victim.service.process.kill("SIGKILL");
    await exited;
    exitedAt = performance.now();
    await load.finished;

    assert.deepEqual(load.failures, []);
    const handles = new Set(load.reads.filter((r) => r.answer.startsWith("profile:")).map((r) => r.answer));
    assert.deepEqual([...handles], ["profile:alice"]);
    const feeds = new Set(load.reads.filter((r) => r.answer.startsWith("feed:")).map((r) => r.answer));
    assert.deepEqual([...feeds].sort(), expectedFeeds);
    const frontAfter = new Set(load.reads.filter((r) => r.startedAt > exitedAt! && r.via.startsWith("front")).map((r) => r.via));
    assert.deepEqual([...frontAfter], [`front ${survivor.url}`]);
    console.log(`      ${load.reads.length} reads, ${readsAfter(load.reads)} after the reader exited; none failed`);

    // A new reader on the same port takes the dead one's place behind the one URL.
    readers[0] = await startReader({ ...readerOptions, port: victim.port });
    await waitFor(async () => (front.health().every((h) => h.ready) ? true : undefined), { timeoutMs: 10_000, describe: () => JSON.stringify(front.health()) });
  });

  it("a redeploy with a schema change: the readers serve the old version until the new writer is ready, then the new one, with no failed read", async () => {
    nextDir = nextIndexerVersion();
    let publishingAt: number | undefined;
    let publishedAt: number | undefined;
    const load = readInLoops(({ reads, failures }) => (publishedAt !== undefined && reads.filter((r) => r.startedAt > publishedAt!).length >= READS_AFTER) || failures.length > 0);
    await waitFor(async () => (load.reads.length >= READS_BEFORE_THE_KILL ? true : undefined), { timeoutMs: 30_000, describe: () => `only ${load.reads.length} reads` });

    next = await startIndexer({
      chainId: stack.chain.chainId,
      rpcUrl: stack.chain.rpcUrl,
      deploymentsDir: stack.deploymentsDir,
      contentDir: stack.contentDir,
      databaseUrl,
      viewsSchema,
      indexerDir: nextDir,
      dropSchemaOnStop: true,
      contentStore: "postgres",
      // The launcher says when it starts to point the views at the new tables, and when it is done.
      log: (line) => {
        if (line.startsWith("pointing the views")) publishingAt = performance.now();
      },
    });
    assert.notEqual(next.schema, writer.schema);
    await next.viewsPublished;
    publishedAt = performance.now();
    await load.finished;
    assert.deepEqual(load.failures, [], `the views were repointed from ${publishingAt} to ${publishedAt}`);
    const profiles = load.reads.filter((r) => r.answer.startsWith("profile:"));
    const old = profiles.filter((r) => r.endedAt < publishingAt!);
    const renewed = profiles.filter((r) => r.startedAt > publishedAt!);
    assert.ok(old.length > 0 && renewed.length > 0, `${old.length} reads before the new version indexed, ${renewed.length} after it was ready`);
    assert.deepEqual([...new Set(old.map((r) => r.answer))], ["profile:alice"]);
    assert.deepEqual([...new Set(renewed.map((r) => r.answer))], ["profile:alice.v2"]);
    assert.deepEqual([...new Set(profiles.map((r) => r.answer))].sort(), ["profile:alice", "profile:alice.v2"]);
    // The feed's posts, bodies and counts are the same in both versions.
    const feeds = new Set(load.reads.filter((r) => r.answer.startsWith("feed:")).map((r) => r.answer));
    assert.deepEqual([...feeds].sort(), expectedFeeds);
    console.log(`      ${load.reads.length} reads, ${old.length} profile reads of the old version, ${renewed.length} of the new; none failed`);

    // The old writer goes, and its schema with it: the readers serve the new one's tables.
    await writer.stop();
    assert.equal((await readFront(front, PROFILE, { id: String(alice) })).data.profile.handle, "alice.v2");
    assert.equal((await sdk.profile({ id: alice }))!.handle, "alice.v2");
  });
});

describe("the one URL over readers (scripts/lib/readProxy.ts), against stand-in readers", () => {
  const servers: Server[] = [];
  /**
   * A stand-in reader: ready, and answering `status` (with `code`, if given) to GraphQL, or never
   * answering it ("silent"), or answering an event stream that sends one event at once and one
   * after 1 s ("stream"); `hits` counts its GraphQL requests, `headers` has the last one's.
   */
  async function standIn(status: number | "silent" | "stream", code?: string) {
    const hits = { graphql: 0, headers: {} as IncomingHttpHeaders };
    const server = createServer((request, response) => {
      const graphql = request.url === "/graphql";
      if (graphql) {
        hits.graphql++;
        hits.headers = request.headers;
      }
      request.resume();
      if (graphql && status === "silent") return;
      if (graphql && status === "stream") {
        response.writeHead(200, { "content-type": "text/event-stream" }).write('event: next\ndata: {"data":{"n":1}}\n\n');
        setTimeout(() => response.end('event: next\ndata: {"data":{"n":2}}\n\n'), 1_000);
        return;
      }
      const body = graphql && code ? { errors: [{ message: code, extensions: { code } }] } : { data: { status } };
      request.on("end", () => response.writeHead(graphql && typeof status === "number" ? status : 200, { "content-type": "application/json" }).end(JSON.stringify(body)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
  after(() => servers.forEach((server) => server.close()));

  const post = (front: ReadProxy, query: string) =>
    fetch(front.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });

  it("does not ask another reader what every reader would refuse alike: DEADLINE_EXCEEDED, DATABASE_UNAVAILABLE (one database)", async () => {
    for (const code of ["DEADLINE_EXCEEDED", "DATABASE_UNAVAILABLE"]) {
      const refusing = await standIn(503, code);
      const other = await standIn(200);
      const front = await startReadProxy({ upstreams: [refusing.url, other.url], healthIntervalMs: 60_000 });
      try {
        // Round-robin: one of the two reads goes to the refusing reader first, and comes back as it answered.
        const answers = [await post(front, "query { _meta { indexedBlock } }"), await post(front, "query { _meta { indexedBlock } }")];
        const refused = answers.find((a) => a.status === 503);
        assert.ok(refused, `a ${code} reached the client`);
        assert.equal(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code, code);
        assert.deepEqual([refusing.hits.graphql, other.hits.graphql], [1, 1], "each reader was asked once");
      } finally {
        await front.stop();
      }
    }
  });

  it("sends a query that a reader fails (503, or no connection) to the next one, and a mutation to one reader only", async () => {
    const failing = await standIn(503);
    const healthy = await standIn(200);
    const dying = await standIn(200);
    // All three pass /ready at start, and are not asked again: the proxy must step around failures by the answers alone.
    const front = await startReadProxy({ upstreams: [failing.url, dying.url, healthy.url], healthIntervalMs: 60_000 });
    await dying.close();
    try {
      for (let i = 0; i < 6; i++) {
        const response = await post(front, "query { _meta { indexedBlock } }");
        assert.equal(response.status, 200);
        assert.equal(response.headers.get(READER_HEADER), healthy.url);
      }
      const statuses = new Set<number>();
      for (let i = 0; i < 6; i++) {
        const before = failing.hits.graphql + healthy.hits.graphql;
        const response = await post(front, "mutation { x }");
        statuses.add(response.status);
        assert.equal(failing.hits.graphql + healthy.hits.graphql - before, 1, "a mutation goes to one reader, not retried on another");
      }
      assert.ok(statuses.has(503), "the mutation sent to the failing reader got its 503");
    } finally {
      await front.stop();
    }
  });

  it("gives a reader attemptTimeoutMs to start a subscription's stream, then asks the next; a stream that started lasts past it", async () => {
    const silent = await standIn("silent");
    const streaming = await standIn("stream");
    const front = await startReadProxy({ upstreams: [silent.url, streaming.url], healthIntervalMs: 60_000, attemptTimeoutMs: 300 });
    try {
      const response = await fetch(front.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ query: "subscription { homeFeedUpdates(profileId: 1) { id } }" }),
        signal: AbortSignal.timeout(5_000),
      });
      assert.deepEqual([response.status, response.headers.get(READER_HEADER)], [200, streaming.url]);
      // The second event comes 1 s after the first: more than three attempt timeouts later.
      assert.equal(await response.text(), 'event: next\ndata: {"data":{"n":1}}\n\nevent: next\ndata: {"data":{"n":2}}\n\n');
      assert.deepEqual([silent.hits.graphql, streaming.hits.graphql], [1, 1]);
    } finally {
      await front.stop();
    }
  });

  it("tells readers who asked (x-forwarded-for: the socket's address, not what the client claims; host and proto)", async () => {
    const reader = await standIn(200);
    const front = await startReadProxy({ upstreams: [reader.url], healthIntervalMs: 60_000 });
    try {
      const response = await fetch(front.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
        body: JSON.stringify({ query: "{ _meta { indexedBlock } }" }),
      });
      assert.equal(response.status, 200);
      const { "x-forwarded-for": forwardedFor, "x-forwarded-host": host, "x-forwarded-proto": proto } = reader.hits.headers;
      assert.deepEqual([forwardedFor, host, proto], ["127.0.0.1", new URL(front.url).host, "http"]);
    } finally {
      await front.stop();
    }
  });

  it("closes a client that does not finish its headers within headersTimeoutMs with 408", async () => {
    const reader = await standIn(200);
    const front = await startReadProxy({ upstreams: [reader.url], healthIntervalMs: 60_000, headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    try {
      const { port, hostname } = new URL(front.url);
      const socket = connect(Number(port), hostname);
      socket.write("POST /graphql HTTP/1.1\r\nHost: kith\r\n"); // and never the blank line
      let received = "";
      socket.on("data", (chunk) => (received += chunk));
      const closed = await Promise.race([
        new Promise<boolean>((resolve) => socket.on("close", () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(resolve, 5_000, false)),
      ]);
      socket.destroy();
      assert.deepEqual([closed, received.split("\r\n")[0]], [true, "HTTP/1.1 408 Request Timeout"]);
      assert.equal(reader.hits.graphql, 0);
    } finally {
      await front.stop();
    }
  });

  it("answers 503 NO_READER with Retry-After when no reader answers", async () => {
    const front = await startReadProxy({ upstreams: [`http://127.0.0.1:${await freePort()}`] });
    try {
      const response = await post(front, "{ _meta { indexedBlock } }");
      assert.equal(response.status, 503);
      assert.equal(response.headers.get("retry-after"), "1");
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      assert.equal(body.errors[0]!.extensions.code, "NO_READER");
    } finally {
      await front.stop();
    }
  });
});
